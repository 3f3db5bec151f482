package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.TestInfrastructure;
import io.activity.analytics.support.Tokens;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The real service as its own process, killed with SIGKILL in the middle of an erasure (while the
 * job holds the company's lock): the erasure rolls back with the process (every row of the member
 * is still there, the job not done), and after a restart it is resumed and done, no raw row of the
 * member remains, and every rollup equals a rebuild from the rows left.
 */
@Tag("fault")
class ErasureCrashTest {

    private static final int DAYS = 60;
    private static final int PER_DAY = 4_000; // heartbeats per member and day: a few seconds of work

    private static final String[] ROLLUPS = {
        "daily_user_activity",
        "daily_device_activity",
        "daily_company_activity",
        "quarter_hour_activity",
        "quarter_hour_page_views",
        "quarter_hour_company_activity",
        "user_active_days",
        "member_activity",
        "daily_page_stats",
        "page_member_ordinals",
        "page_day_users",
        "daily_company_sessions"
    };

    @Test
    void anErasureKilledMidWayRollsBackAndIsFinishedAfterTheRestart() throws Exception {
        try (AppProcess app = AppProcess.withFreshDatabase("--analytics.jobs.erasure-delay=0s")) {
            app.start();
            Api api = app.api();
            UUID company = UUID.randomUUID();
            UUID erased = UUID.randomUUID();
            UUID kept = UUID.randomUUID();
            assertThat(api.put(
                                    "/api/v2/companies/" + company,
                                    Tokens.provision(),
                                    Map.of("name", "Erasure Crash Co", "timezone", "UTC"))
                            .status())
                    .isEqualTo(201);
            for (UUID user : List.of(erased, kept)) {
                assertThat(api.put(
                                        "/api/v2/companies/" + company + "/members/" + user,
                                        Tokens.provision(),
                                        Map.of("email", user + "@example.com", "role", "member", "status", "active"))
                                .status())
                        .isEqualTo(201);
            }
            long perMember = (long) DAYS * PER_DAY;
            try (Connection db = DriverManager.getConnection(
                    app.jdbcUrl(), TestInfrastructure.user(), TestInfrastructure.password())) {
                JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(db, true));
                // Both members active every day of the last 60 (partitions exist from the migration:
                // 12 months back); then the rollups of these rows.
                for (UUID user : List.of(erased, kept)) {
                    jdbc.sql("""
                                    with rows as (
                                        select gen_random_uuid() as event_id,
                                               date_trunc('day', now()) - (d || ' days')::interval
                                                   + (i || ' seconds')::interval as at
                                        from generate_series(1, :days) d, generate_series(1, :perDay) i
                                    ),
                                    guard as (
                                        insert into heartbeat_event_ids (company_id, event_id, generated_at)
                                        select :company, event_id, at from rows
                                    )
                                    insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,
                                        chrome_activity_count, edge_activity_count, firefox_activity_count,
                                        desktop_activity_count, web_accessibility_activity_count)
                                    select :company, at, event_id, :user, 'device-' || (extract(epoch from at)::bigint % 7),
                                           1, 0, 2, 0, 0
                                    from rows
                                    """)
                            .param("company", company)
                            .param("user", user)
                            .param("days", DAYS)
                            .param("perDay", PER_DAY)
                            .update();
                }
                rebuild(jdbc, company);
                assertThat(heartbeats(jdbc, company, erased)).isEqualTo(perMember);

                var requested =
                        api.delete("/api/v2/companies/" + company + "/members/" + erased + "/data", Tokens.provision());
                assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
                String erasure = requested.json().get("erasure_id").asString();

                // Kill the service while its erasure holds the company's lock.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!erasureUnderWay(jdbc) && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                assertThat(erasureUnderWay(jdbc))
                        .as("the erasure was seen under way")
                        .isTrue();
                Thread.sleep(300); // well inside its deletes and rebuild
                app.kill();

                // PostgreSQL ends the dead client's statement and rolls its transaction back.
                awaitNoOtherBackend(jdbc);
                assertThat(jobStatus(jdbc, company))
                        .as("the erasure did not finish before the kill")
                        .isEqualTo("pending");
                assertThat(heartbeats(jdbc, company, erased)).isEqualTo(perMember);

                app.start();
                JsonStatus done = awaitDone(app.api(), company, erasure);
                assertThat(done.status()).isEqualTo("done");
                assertThat(done.heartbeats()).isEqualTo(perMember);
                assertThat(heartbeats(jdbc, company, erased)).isZero();
                assertThat(heartbeats(jdbc, company, kept)).isEqualTo(perMember);
                assertThat(jdbc.sql("select count(*) from heartbeat_event_ids where company_id = ?")
                                .param(company)
                                .query(Long.class)
                                .single())
                        .isEqualTo(perMember);
                for (String table : List.of(
                        "daily_user_activity", "quarter_hour_activity", "user_active_days", "member_activity")) {
                    assertThat(jdbc.sql("select count(*) from " + table + " where company_id = ? and user_id = ?")
                                    .params(company, erased)
                                    .query(Long.class)
                                    .single())
                            .as(table)
                            .isZero();
                }
                // One active member left on each of the 60 days.
                assertThat(jdbc.sql("select count(*) from daily_company_activity where company_id = ?"
                                        + " and active_users = 1 and heartbeats = ?")
                                .params(company, PER_DAY)
                                .query(Long.class)
                                .single())
                        .isEqualTo(DAYS);
                app.signalTerm();
                app.awaitExit(Duration.ofSeconds(60));
                List<String> afterErasure = rollups(jdbc, company);
                rebuild(jdbc, company);
                assertThat(rollups(jdbc, company)).isEqualTo(afterErasure);
            }
        }
    }

    record JsonStatus(String status, long heartbeats) {}

    private static JsonStatus awaitDone(Api api, UUID company, String erasure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        JsonStatus status = null;
        while (System.nanoTime() < deadline) {
            var response = api.get("/api/v2/companies/" + company + "/erasures/" + erasure, Tokens.provision());
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            status = new JsonStatus(
                    response.json().get("status").asString(),
                    response.json().get("deleted").get("heartbeats").asLong());
            if (!status.status().equals("running")) {
                return status;
            }
            Thread.sleep(100);
        }
        return status;
    }

    /** The erasure holds the company's exclusive advisory lock (nothing else takes one here). */
    private static boolean erasureUnderWay(JdbcClient jdbc) {
        return jdbc.sql("""
                        select exists (select 1 from pg_locks l
                                       where l.locktype = 'advisory' and l.mode = 'ExclusiveLock' and l.granted
                                         and l.database = (select oid from pg_database where datname = current_database()))
                        """).query(Boolean.class).single();
    }

    private static void awaitNoOtherBackend(JdbcClient jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long others = jdbc.sql("""
                            select count(*) from pg_stat_activity
                            where datname = current_database() and pid <> pg_backend_pid()
                            """).query(Long.class).single();
            if (others == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("backends of the killed service still running after 60 s");
    }

    private static String jobStatus(JdbcClient jdbc, UUID company) {
        return jdbc.sql("select status from company_jobs where company_id = ? and kind = 'erasure'")
                .param(company)
                .query(String.class)
                .single();
    }

    private static long heartbeats(JdbcClient jdbc, UUID company, UUID user) {
        return jdbc.sql("select count(*) from heartbeats where company_id = ? and user_id = ?")
                .params(company, user)
                .query(Long.class)
                .single();
    }

    /** The from-scratch definition, run on this connection (the service is not running). */
    private static void rebuild(JdbcClient jdbc, UUID company) {
        RollupRebuild rebuild = new RollupRebuild(jdbc);
        for (RollupRebuild.Part part : RollupRebuild.Part.values()) {
            rebuild.rebuildPart(company, part);
        }
    }

    private static List<String> rollups(JdbcClient jdbc, UUID company) throws SQLException {
        List<String> rows = new ArrayList<>();
        for (String table : ROLLUPS) {
            rows.addAll(jdbc.sql("select '" + table + ":' || t::text from " + table
                            + " t where company_id = ? order by t::text")
                    .param(company)
                    .query(String.class)
                    .list());
        }
        return rows;
    }
}
