package io.activity.analytics.ingest;

import io.activity.analytics.rollup.ActivitySource;
import java.time.Instant;
import java.util.UUID;

/**
 * One validated heartbeat of a batch.
 *
 * @param counts the activity counts, indexed by {@link ActivitySource#ordinal()}
 */
record Heartbeat(UUID eventId, UUID userId, String deviceId, Instant generatedAt, int[] counts) {

    int count(ActivitySource source) {
        return counts[source.ordinal()];
    }
}
