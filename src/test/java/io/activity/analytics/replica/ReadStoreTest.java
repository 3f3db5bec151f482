package io.activity.analytics.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * {@link ReadStore#withCustomPlans}: pgjdbc names (server-prepares) a statement from its fifth
 * execution on a connection, after which PostgreSQL may keep one generic plan for all values;
 * inside withCustomPlans it never does, and the connection goes back to the pool as it came.
 */
class ReadStoreTest extends IntegrationTest {

    private static final String PROBE =
            "select count(*) from companies where company_id = :id and 'ReadStoreTest' <> :marker";

    @Autowired
    ReadStore reads;

    @Autowired
    DataSource dataSource;

    @Test
    void insideStatementsStayUnnamedAndTheConnectionIsRestored() throws SQLException {
        AtomicReference<PGConnection> used = new AtomicReference<>();
        long prepared = reads.withCustomPlans(jdbc -> {
            used.set(jdbc.sql("select 1")
                    .query((rs, n) -> unwrap(rs.getStatement().getConnection()))
                    .single());
            runTenTimes(jdbc, "inside");
            return prepared(jdbc, "inside");
        });
        assertThat(prepared).isZero();
        assertThat(used.get().getPrepareThreshold()).isEqualTo(5);

        // The control, on one pooled connection without it: named from the fifth execution.
        try (Connection connection = dataSource.getConnection()) {
            JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
            runTenTimes(jdbc, "outside");
            assertThat(prepared(jdbc, "outside")).isEqualTo(1);
        }
    }

    private static PGConnection unwrap(Connection connection) {
        try {
            return connection.unwrap(PGConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The probe ten times, its text unique to the caller (marker) so no earlier run prepared it. */
    private static void runTenTimes(JdbcClient jdbc, String marker) {
        String text = PROBE.replace("ReadStoreTest", "ReadStoreTest-" + marker + "-" + UUID.randomUUID());
        for (int i = 0; i < 10; i++) {
            jdbc.sql(text)
                    .param("id", UUID.randomUUID())
                    .param("marker", marker)
                    .query(Long.class)
                    .single();
        }
    }

    private static long prepared(JdbcClient jdbc, String marker) {
        return jdbc.sql("select count(*) from pg_prepared_statements where statement like :pattern")
                .param("pattern", "%'ReadStoreTest-" + marker + "-%")
                .query(Long.class)
                .single();
    }
}
