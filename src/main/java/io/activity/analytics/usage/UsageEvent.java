package io.activity.analytics.usage;

import java.time.Instant;
import java.util.UUID;

/** One authenticated /api/v2 request of a company route, as recorded in usage_events. */
record UsageEvent(
        UUID companyId,
        Instant occurredAt,
        UUID userId,
        String subject,
        String route,
        String method,
        int status,
        double durationMs) {}
