package io.activity.analytics.audit;

import io.activity.analytics.web.BackgroundRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Takes audit entries from request threads without ever blocking them (a bounded queue; when it
 * is full the entry is dropped and counted) and writes them in batches from one background
 * thread. On shutdown the queue is drained before the database pool closes.
 */
@Component
class AuditRecorder extends BackgroundRecorder<AuditEntry> {

    private static final String INSERT = """
            insert into access_audit_log (company_id, at, user_id, subject, route, method, query, status, outcome, repeats)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final JdbcTemplate jdbc;

    AuditRecorder(JdbcTemplate jdbc, AuditProperties properties, MeterRegistry meters) {
        super(
                "audit-writer",
                properties.queueCapacity(),
                properties.batchSize(),
                properties.flushInterval(),
                Counter.builder("analytics.audit.dropped")
                        .description("Audit entries dropped because the queue was full")
                        .register(meters),
                Counter.builder("analytics.audit.written").register(meters),
                Counter.builder("analytics.audit.failed")
                        .description("Audit entries lost because their batch could not be written")
                        .register(meters),
                meters,
                "analytics.audit.queue");
        this.jdbc = jdbc;
    }

    void record(AuditEntry entry) {
        offer(entry);
    }

    @Override
    protected void write(List<AuditEntry> batch) {
        jdbc.batchUpdate(INSERT, batch, batch.size(), (ps, e) -> {
            ps.setObject(1, e.companyId());
            ps.setTimestamp(2, Timestamp.from(e.at()));
            ps.setObject(3, e.userId(), Types.OTHER);
            ps.setString(4, e.subject());
            ps.setString(5, e.route());
            ps.setString(6, e.method());
            ps.setString(7, e.query());
            ps.setInt(8, e.status());
            ps.setString(9, e.outcome().value());
            ps.setInt(10, e.repeats());
        });
    }
}
