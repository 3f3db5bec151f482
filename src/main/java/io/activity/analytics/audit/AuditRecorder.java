package io.activity.analytics.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Takes audit entries from request threads without ever blocking them (a bounded queue; when it
 * is full the entry is dropped and counted) and writes them in batches from one background
 * thread. On shutdown the queue is drained before the database pool closes.
 */
@Component
class AuditRecorder implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);
    private static final String INSERT = """
            insert into access_audit_log (company_id, at, user_id, subject, route, method, query, status)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final JdbcTemplate jdbc;
    private final AuditProperties properties;
    private final BlockingQueue<AuditEntry> queue;
    private final Counter dropped;
    private final Counter written;
    private final Counter failed;
    private volatile boolean running;
    private Thread writer;

    AuditRecorder(JdbcTemplate jdbc, AuditProperties properties, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.dropped = Counter.builder("analytics.audit.dropped")
                .description("Audit entries dropped because the queue was full")
                .register(meters);
        this.written = Counter.builder("analytics.audit.written").register(meters);
        this.failed = Counter.builder("analytics.audit.failed")
                .description("Audit entries lost because their batch could not be written")
                .register(meters);
        Gauge.builder("analytics.audit.queue", queue, BlockingQueue::size).register(meters);
    }

    void record(AuditEntry entry) {
        if (!queue.offer(entry)) {
            dropped.increment();
        }
    }

    @Override
    public void start() {
        running = true;
        writer = new Thread(this::run, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void stop() {
        running = false;
        if (writer != null) {
            writer.interrupt();
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushAll(); // whatever arrived after the writer's last batch
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server and the DataSource do, so the last reads are still written. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private void run() {
        List<AuditEntry> batch = new ArrayList<>(properties.batchSize());
        long waitMillis = properties.flushInterval().toMillis();
        while (running) {
            try {
                AuditEntry first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, properties.batchSize() - 1);
                write(batch);
            } catch (InterruptedException e) {
                break;
            } finally {
                batch.clear();
            }
        }
    }

    synchronized void flushAll() {
        List<AuditEntry> batch = new ArrayList<>(properties.batchSize());
        while (queue.drainTo(batch, properties.batchSize()) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private synchronized void write(List<AuditEntry> batch) {
        try {
            jdbc.batchUpdate(INSERT, batch, batch.size(), (ps, e) -> {
                ps.setObject(1, e.companyId());
                ps.setTimestamp(2, Timestamp.from(e.at()));
                ps.setObject(3, e.userId(), Types.OTHER);
                ps.setString(4, e.subject());
                ps.setString(5, e.route());
                ps.setString(6, e.method());
                ps.setString(7, e.query());
                ps.setInt(8, e.status());
            });
            written.increment(batch.size());
        } catch (RuntimeException ex) {
            failed.increment(batch.size());
            log.warn("Could not write {} audit entries: {}", batch.size(), ex.toString());
        }
    }
}
