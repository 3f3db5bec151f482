package io.activity.analytics.ingest;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.rollup.RetentionProperties;
import io.activity.analytics.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validates a heartbeat batch as a whole (every bad field of every item is reported, and nothing
 * is written unless all items are good), then hands the distinct events to the writer.
 *
 * <p>Members: {@link IngestMembers} (any status; a soft-deleted member only for events generated
 * before the deletion).
 */
@Component
class HeartbeatIngest {

    record Result(int accepted, int duplicates) {}

    private final HeartbeatWriter writer;
    private final IngestMembers members;
    private final IngestProperties properties;
    private final RetentionProperties retention;
    private final Counter acceptedCounter;
    private final Counter duplicateCounter;
    private final Clock clock = Clock.systemUTC();

    HeartbeatIngest(
            HeartbeatWriter writer,
            IngestMembers members,
            IngestProperties properties,
            RetentionProperties retention,
            MeterRegistry meters) {
        this.writer = writer;
        this.members = members;
        this.properties = properties;
        this.retention = retention;
        this.acceptedCounter = Counter.builder("analytics.ingest.heartbeats")
                .description("Heartbeats received: stored, or skipped as duplicates")
                .tag("result", "accepted")
                .register(meters);
        this.duplicateCounter = Counter.builder("analytics.ingest.heartbeats")
                .description("Heartbeats received: stored, or skipped as duplicates")
                .tag("result", "duplicate")
                .register(meters);
    }

    Result ingest(UUID company, JsonNode body) {
        List<Heartbeat> beats = parse(company, body);
        // First occurrence wins inside a batch; later copies are duplicates like a replay.
        Map<UUID, Heartbeat> distinct = new LinkedHashMap<>();
        for (Heartbeat beat : beats) {
            distinct.putIfAbsent(beat.eventId(), beat);
        }
        int accepted = writer.write(company, new ArrayList<>(distinct.values()));
        int duplicates = beats.size() - accepted;
        acceptedCounter.increment(accepted);
        duplicateCounter.increment(duplicates);
        return new Result(accepted, duplicates);
    }

    private List<Heartbeat> parse(UUID company, JsonNode body) {
        JsonNode items = body == null || !body.isObject() ? null : body.get("heartbeats");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw ApiException.validation(
                    "heartbeats", "must be an array of 1 to " + properties.maxBatch() + " heartbeats");
        }
        if (items.size() > properties.maxBatch()) {
            throw new ApiException(
                    HttpStatus.PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "A batch holds at most " + properties.maxBatch() + " heartbeats; this one has " + items.size()
                            + ".");
        }
        Instant now = clock.instant();
        Instant latest = now.plus(properties.maxFuture());
        Instant earliest = now.minus(retention.period());
        Fields fields = new Fields();
        List<Heartbeat> beats = new ArrayList<>(items.size());
        UUID[] users = new UUID[items.size()];
        Instant[] times = new Instant[items.size()];
        for (int i = 0; i < items.size(); i++) {
            String prefix = "heartbeats[" + i + "].";
            JsonNode item = items.get(i);
            if (!item.isObject()) {
                fields.add("heartbeats[" + i + "]", "must be an object");
                beats.add(null);
                continue;
            }
            UUID eventId = fields.uuid(item, prefix, "event_id");
            UUID userId = fields.uuid(item, prefix, "user_id");
            String device = fields.string(item, prefix, "device_id", true, properties.maxIdLength());
            Instant at = fields.instant(item, prefix, "generated_at", earliest, latest, null);
            users[i] = userId;
            times[i] = at;
            int[] counts = new int[ActivitySource.values().length];
            boolean countsOk = true;
            for (ActivitySource source : ActivitySource.values()) {
                long count = fields.integer(item, prefix, source.column, Integer.MAX_VALUE, 0);
                counts[source.ordinal()] = (int) count;
                countsOk &= count >= 0;
            }
            if (eventId != null && userId != null && device != null && at != null && countsOk) {
                beats.add(new Heartbeat(eventId, userId, device, at, counts));
            } else {
                beats.add(null); // keeps indexes aligned for the member check
            }
        }
        // Every item whose user_id parsed is checked, even if its other fields are bad.
        members.check(company, "heartbeats", "this heartbeat was generated", users, times, fields);
        fields.throwIfAny();
        return beats;
    }
}
