package io.activity.analytics.replica;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A PostgreSQL streaming replica for the read endpoints (ANALYTICS_DB_REPLICA_URL). Unset, every
 * statement runs on the primary, as without this feature.
 *
 * @param url JDBC URL of a streaming replica of the primary; when set, read endpoints query it
 *     while its lag is at most {@code max-lag} (empty: no replica)
 * @param username the replica's user (empty: the primary's {@code spring.datasource.username})
 * @param password the replica's password (empty: the primary's {@code spring.datasource.password})
 * @param maxLag largest replica lag at which reads still go to the replica; above it they go to the
 *     primary until the replica catches up
 * @param poolSize connections to the replica
 * @param probeInterval how often the replica's lag is measured (primary WAL position against the
 *     replica's replay position)
 * @param connectionTimeout longest wait for a replica connection before a read falls back to the
 *     primary
 */
@Validated
@ConfigurationProperties("analytics.db.replica")
public record ReplicaProperties(
        String url,
        String username,
        String password,
        @DefaultValue("5s") Duration maxLag,
        @DefaultValue("16") int poolSize,
        @DefaultValue("1s") Duration probeInterval,
        @DefaultValue("1s") Duration connectionTimeout) {

    boolean configured() {
        return url != null && !url.isBlank();
    }
}
