package io.activity.analytics.replica;

import java.time.Duration;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Where the read endpoints' SQL runs. Their query classes ask for {@link #jdbc()} per statement:
 * the replica's client while a replica is configured and its lag is within max-lag, the primary's
 * otherwise. Everything else (the access check, provisioning, ingest, refresh and rebuild jobs,
 * erasure, audit writes) uses the application's one {@link JdbcClient}, the primary.
 */
public final class ReadStore {

    private final DataSource primarySource;
    private final JdbcClient primary;
    private final Replica replica;

    ReadStore(DataSource primarySource, Replica replica) {
        this.primarySource = primarySource;
        this.primary = JdbcClient.create(primarySource);
        this.replica = replica;
    }

    /** The client for one read statement (not for a cursor inside a primary transaction). */
    public JdbcClient jdbc() {
        if (replica == null) {
            return primary;
        }
        JdbcClient serving = replica.readsIfServing();
        return serving == null ? primary : serving;
    }

    /**
     * Runs {@code work} on one connection of the store {@link #jdbc()} would use, with every
     * statement planned for its actual parameters: pgjdbc's prepare threshold is 0 meanwhile, so
     * the statements go unnamed and PostgreSQL never switches to a cached generic plan. For
     * ad-hoc aggregates whose best plan depends on the values: after five executions PostgreSQL
     * keeps a generic plan when its estimate is cheaper, and for a 30-day breakdown by department
     * ({@code POST /query}) that plan sorts 36.7 k member-days (48 ms) where the plan for the
     * actual range hashes them (17 ms, of which 3.5 ms planning). Costs a plan per execution.
     */
    public <T> T withCustomPlans(Function<JdbcClient, T> work) {
        DataSource source = replica == null ? primarySource : replica.readSource(primarySource);
        return new JdbcTemplate(source).execute((ConnectionCallback<T>) connection -> {
            PGConnection pg = connection.unwrap(PGConnection.class);
            int threshold = pg.getPrepareThreshold();
            pg.setPrepareThreshold(0);
            try {
                return work.apply(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
            } finally {
                pg.setPrepareThreshold(threshold);
            }
        });
    }

    /**
     * Longest a read may lag behind a committed write: zero without a replica. The response cache
     * clears a company again after this long, so what a lagging replica answered meanwhile is not
     * served from the cache for a whole TTL.
     */
    public Duration staleness() {
        return replica == null ? Duration.ZERO : replica.staleness();
    }
}
