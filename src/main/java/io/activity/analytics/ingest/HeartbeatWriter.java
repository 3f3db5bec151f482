package io.activity.analytics.ingest;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.rollup.Partitions;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a validated batch and folds the rows really inserted into every rollup, in one
 * transaction and one statement ({@link RollupUpkeep#HEARTBEAT_BATCH}), under the company's shared
 * lock.
 */
@Component
class HeartbeatWriter {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Partitions partitions;

    HeartbeatWriter(JdbcClient jdbc, TransactionTemplate transactions, Partitions partitions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.partitions = partitions;
    }

    /** Stores the batch (event ids unique within it) and returns how many rows were new. */
    int write(UUID company, List<Heartbeat> beats) {
        partitions.ensure(
                Partitions.HEARTBEATS,
                beats.stream().map(Heartbeat::generatedAt).toList());
        int n = beats.size();
        UUID[] eventIds = new UUID[n];
        UUID[] userIds = new UUID[n];
        String[] devices = new String[n];
        String[] generatedAt = new String[n];
        Integer[][] counts = new Integer[ActivitySource.values().length][n]; // one array per source
        for (int i = 0; i < n; i++) {
            Heartbeat b = beats.get(i);
            eventIds[i] = b.eventId();
            userIds[i] = b.userId();
            devices[i] = b.deviceId();
            generatedAt[i] = b.generatedAt().toString();
            for (ActivitySource source : ActivitySource.values()) {
                counts[source.ordinal()][i] = b.count(source);
            }
        }
        Integer accepted = transactions.execute(status -> {
            jdbc.sql(RollupUpkeep.LOCK_SHARED).param("company", company).query().singleRow();
            var statement = jdbc.sql(RollupUpkeep.HEARTBEAT_BATCH)
                    .param("company", company)
                    .param("event_ids", new SqlArrayValue("uuid", (Object[]) eventIds))
                    .param("user_ids", new SqlArrayValue("uuid", (Object[]) userIds))
                    .param("device_ids", new SqlArrayValue("text", (Object[]) devices))
                    .param("generated_at", new SqlArrayValue("text", (Object[]) generatedAt));
            for (ActivitySource source : ActivitySource.values()) {
                statement =
                        statement.param(source.alias, new SqlArrayValue("int4", (Object[]) counts[source.ordinal()]));
            }
            return statement.query((rs, row) -> rs.getInt("accepted")).single();
        });
        return accepted == null ? 0 : accepted;
    }
}
