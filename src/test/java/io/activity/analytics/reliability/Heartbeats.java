package io.activity.analytics.reliability;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Heartbeat batches per the contract (POST /companies/{id}/heartbeats), with their event ids. */
record Heartbeats(List<UUID> eventIds, String json) {

    /** Heartbeats spread over the last six hours. */
    static Heartbeats batch(UUID userId, int size) {
        return batch(userId, size, Instant.now());
    }

    /** Heartbeats spread over the six hours before {@code end}. */
    static Heartbeats batch(UUID userId, int size, Instant end) {
        List<UUID> ids = new ArrayList<>();
        StringBuilder json = new StringBuilder("{\"heartbeats\":[");
        Instant now = end.truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < size; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            if (i > 0) json.append(',');
            json.append("{\"event_id\":\"")
                    .append(id)
                    .append("\",\"user_id\":\"")
                    .append(userId)
                    .append("\",\"device_id\":\"dev-")
                    .append(i % 3)
                    .append("\",\"generated_at\":\"")
                    .append(now.minusSeconds(ThreadLocalRandom.current().nextInt(1, 6 * 3600)))
                    .append("\",\"chrome_activity_count\":1,\"edge_activity_count\":0,\"firefox_activity_count\":2,")
                    .append("\"desktop_activity_count\":3,\"web_accessibility_activity_count\":0}");
        }
        return new Heartbeats(ids, json.append("]}").toString());
    }
}
