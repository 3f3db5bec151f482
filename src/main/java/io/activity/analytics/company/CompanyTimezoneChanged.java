package io.activity.analytics.company;

import java.util.UUID;

/** Published after a company's timezone changed: its local-date rollups must be rebuilt. */
public record CompanyTimezoneChanged(UUID companyId) {}
