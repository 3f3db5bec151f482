package io.activity.analytics.ingest;

import java.time.Instant;
import java.util.UUID;

/** One validated heartbeat of a batch. */
record Heartbeat(
        UUID eventId,
        UUID userId,
        String deviceId,
        Instant generatedAt,
        int chrome,
        int edge,
        int firefox,
        int desktop,
        int webAccessibility) {}
