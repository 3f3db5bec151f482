package io.activity.analytics.replica;

import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where the read endpoints' SQL runs. Their query classes ask for {@link #jdbc()} per statement:
 * the replica's client while a replica is configured and its lag is within max-lag, the primary's
 * otherwise. Everything else (the access check, provisioning, ingest, refresh and rebuild jobs,
 * erasure, audit writes) uses the application's one {@link JdbcClient}, the primary.
 */
public final class ReadStore {

    private final JdbcClient primary;
    private final Replica replica;

    ReadStore(JdbcClient primary, Replica replica) {
        this.primary = primary;
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
     * Longest a read may lag behind a committed write: zero without a replica. The response cache
     * clears a company again after this long, so what a lagging replica answered meanwhile is not
     * served from the cache for a whole TTL.
     */
    public Duration staleness() {
        return replica == null ? Duration.ZERO : replica.staleness();
    }
}
