package io.activity.analytics.usage;

import io.activity.analytics.rollup.Partitions;
import io.activity.analytics.web.BackgroundRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes usage events off the request thread: a bounded queue and one writer thread that inserts
 * batches. A full queue, or a batch the database refuses (down, slow), drops the events and counts
 * them in {@code analytics.usage.dropped} (tag {@code reason}); a request never waits. Stopped
 * (and drained) before the web server and the connection pool shut down.
 */
@Component
public class UsageRecorder extends BackgroundRecorder<UsageEvent> {

    private static final String INSERT = """
            insert into usage_events (company_id, occurred_at, user_id, subject, route, method, status, duration_ms)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final JdbcTemplate jdbc;
    private final Partitions partitions;
    private final boolean enabled;

    UsageRecorder(JdbcTemplate jdbc, UsageProperties properties, MeterRegistry meters) {
        super(
                "usage-writer",
                properties.queueCapacity(),
                properties.batchSize(),
                properties.flushInterval(),
                dropped(meters, "queue_full"),
                Counter.builder("analytics.usage.written")
                        .description("Usage events written")
                        .register(meters),
                dropped(meters, "write_failed"),
                meters,
                "analytics.usage.queue");
        this.jdbc = jdbc;
        this.partitions = new Partitions(jdbc);
        this.enabled = properties.enabled();
    }

    private static Counter dropped(MeterRegistry meters, String reason) {
        return Counter.builder("analytics.usage.dropped")
                .description("Usage events lost: queue full, or their batch could not be written")
                .tag("reason", reason)
                .register(meters);
    }

    /** Never blocks and never throws. */
    public void record(UsageEvent event) {
        if (enabled) {
            offer(event);
        }
    }

    @Override
    protected void write(List<UsageEvent> batch) {
        partitions.ensure(
                Partitions.USAGE_EVENTS,
                batch.stream().map(UsageEvent::occurredAt).toList());
        jdbc.batchUpdate(INSERT, batch, batch.size(), (ps, e) -> {
            ps.setObject(1, e.companyId());
            ps.setTimestamp(2, Timestamp.from(e.occurredAt()));
            ps.setObject(3, e.userId(), Types.OTHER);
            ps.setString(4, e.subject());
            ps.setString(5, e.route());
            ps.setString(6, e.method());
            ps.setInt(7, e.status());
            ps.setDouble(8, e.durationMs());
        });
    }
}
