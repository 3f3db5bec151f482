package io.activity.analytics.audit;

import java.time.Instant;
import java.util.UUID;

/** One recorded read. */
record AuditEntry(
        UUID companyId,
        Instant at,
        UUID userId,
        String subject,
        String route,
        String method,
        String query,
        int status) {}
