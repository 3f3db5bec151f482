package io.activity.analytics.usage;

import java.time.Instant;
import java.util.UUID;

/** One request of a company route that passed its access check, as recorded in usage_events. */
public record UsageEvent(
        UUID companyId,
        Instant occurredAt,
        UUID userId,
        String subject,
        String route,
        String method,
        int status,
        double durationMs) {}
