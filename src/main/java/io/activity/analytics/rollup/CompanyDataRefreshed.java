package io.activity.analytics.rollup;

import java.util.UUID;

/** Published after a company's rollups were rebuilt: cached reads of it are stale. */
public record CompanyDataRefreshed(UUID companyId) {}
