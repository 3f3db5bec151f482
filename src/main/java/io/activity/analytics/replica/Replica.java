package io.activity.analytics.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The streaming replica: its own connection pool, a probe that measures its lag every
 * {@code probe-interval} on a thread of its own (a slow or dead replica never delays the
 * application's scheduled jobs), and whether reads may go there now.
 */
final class Replica implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    /** What the probe saw last. {@code lag} is null when it could not be measured. */
    record Status(boolean serving, Duration lag, String reason) {}

    private final ReplicaProperties properties;
    private final JdbcClient primary;
    private final HikariDataSource pool;
    private final JdbcClient probeClient;
    private final DataSource readSource;
    private final JdbcClient reads;
    private final LagTracker tracker = new LagTracker();
    private final ScheduledExecutorService probe;

    /** Fallback until the first probe has seen the replica within bounds. */
    private volatile Status status = new Status(false, null, "not probed yet");

    Replica(
            ReplicaProperties properties,
            String username,
            String password,
            DataSource primaryDataSource,
            MeterRegistry meters) {
        this.properties = properties;
        this.primary = JdbcClient.create(primaryDataSource);
        HikariConfig config = new HikariConfig();
        config.setPoolName("replica");
        config.setJdbcUrl(properties.url());
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(Math.min(2, properties.poolSize()));
        config.setConnectionTimeout(properties.connectionTimeout().toMillis());
        config.setValidationTimeout(
                Math.min(1000, properties.connectionTimeout().toMillis()));
        config.setReadOnly(true);
        // Lets an operator (and ReadReplicaTest) tell the service's replica reads apart in pg_stat_activity.
        config.addDataSourceProperty("ApplicationName", "activity-analytics-replica");
        // Start even when the replica is down: reads use the primary until it answers.
        config.setInitializationFailTimeout(-1);
        config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        this.pool = new HikariDataSource(config);
        this.probeClient = JdbcClient.create(pool);
        this.readSource = new FallingBack(pool, primaryDataSource);
        this.reads = JdbcClient.create(readSource);
        Gauge.builder("analytics.db.replica.lag", this, r -> {
                    Duration lag = r.status.lag();
                    return lag == null ? Double.NaN : lag.toNanos() / 1e9;
                })
                .description("Replica lag: how long ago the primary was at a WAL position the replica"
                        + " has not replayed (NaN: not measurable, replica unreachable)")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("analytics.db.replica.serving", this, r -> r.status.serving() ? 1 : 0)
                .description("1 while read endpoints query the replica, 0 while they fall back to the primary")
                .register(meters);
        this.probe = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "replica-lag-probe");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.probeInterval().toMillis();
        probe.scheduleWithFixedDelay(this::probeOnce, 0, every, TimeUnit.MILLISECONDS);
    }

    /** Where a read goes now: the replica's client (falling back per connection) or null for the primary. */
    JdbcClient readsIfServing() {
        return status.serving() ? reads : null;
    }

    /** Where a read goes now, as a data source: the replica's (falling back per connection) or {@code primary}. */
    DataSource readSource(DataSource primary) {
        return status.serving() ? readSource : primary;
    }

    Status status() {
        return status;
    }

    Duration maxLag() {
        return properties.maxLag();
    }

    /**
     * Longest a read may be behind a commit: a commit's position is sampled within one probe
     * interval, its age passes max-lag, and the next probe (one more interval) falls back.
     */
    Duration staleness() {
        return properties.maxLag().plus(properties.probeInterval().multipliedBy(2));
    }

    void probeOnce() {
        long primaryLsn;
        try {
            primaryLsn = primary.sql("select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")
                    .withQueryTimeout(timeoutSeconds())
                    .query(Long.class)
                    .single();
        } catch (RuntimeException e) {
            // Without the primary's position the lag is unknown; reads fail on the primary anyway.
            update(new Status(false, null, "primary position unknown: " + e.getMessage()));
            return;
        }
        tracker.primaryAt(primaryLsn, System.nanoTime());
        Long replayed;
        try {
            replayed = probeClient
                    .sql("select (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint")
                    .withQueryTimeout(timeoutSeconds())
                    .query(Long.class)
                    .optional()
                    .orElse(null);
        } catch (RuntimeException e) {
            update(new Status(false, null, "replica unreachable: " + e.getMessage()));
            return;
        }
        if (replayed == null) {
            // Not in recovery: a promoted or wrongly configured server, whose data may have
            // diverged from the primary's.
            update(new Status(false, null, "not a streaming replica (pg_last_wal_replay_lsn() is null)"));
            return;
        }
        Duration lag = tracker.lag(replayed, System.nanoTime());
        boolean within = lag.compareTo(properties.maxLag()) <= 0;
        update(new Status(within, lag, within ? null : "lag above max-lag " + properties.maxLag()));
    }

    private int timeoutSeconds() {
        return (int) Math.max(1, properties.probeInterval().toSeconds() + 1);
    }

    private void update(Status next) {
        Status previous = status;
        status = next;
        if (previous.serving() != next.serving()) {
            if (next.serving()) {
                log.info("Read endpoints query the replica again (lag {})", next.lag());
            } else {
                log.warn("Read endpoints fall back to the primary: {}", next.reason());
            }
        }
    }

    /** A replica connection that cannot be had is a signal too: fall back now, not at the next probe. */
    private void connectionFailed(SQLException e) {
        update(new Status(false, status.lag(), "replica connection failed: " + e.getMessage()));
    }

    @Override
    public void close() {
        probe.shutdownNow();
        pool.close();
    }

    /** The replica's pool; when it cannot hand out a connection, the primary's. */
    private final class FallingBack extends DelegatingDataSource {

        private final DataSource fallback;

        FallingBack(DataSource replica, DataSource fallback) {
            super(replica);
            this.fallback = fallback;
        }

        @Override
        public Connection getConnection() throws SQLException {
            try {
                return obtainTargetDataSource().getConnection();
            } catch (SQLException e) {
                connectionFailed(e);
                return fallback.getConnection();
            }
        }
    }
}
