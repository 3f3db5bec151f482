package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class UsageRecorderTest extends IngestTestSupport {

    @Autowired
    JdbcTemplate jdbcTemplate;

    private List<String> usage(UUID company) {
        return jdbc.sql("""
                        select method || ' ' || route || ' ' || status || ' ' || coalesce(user_id::text, '-') || ' '
                            || subject
                        from usage_events where company_id = :company order by occurred_at
                        """).param("company", company).query(String.class).list();
    }

    /** The recorded durations of the company's usage events, in the order of {@link #usage}. */
    private List<Double> durations(UUID company) {
        return jdbc.sql("select duration_ms from usage_events where company_id = :company order by occurred_at")
                .param("company", company)
                .query(Double.class)
                .list();
    }

    /** Wall time in milliseconds since {@code started} (System.nanoTime()), as seen by the client. */
    private static double millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000.0;
    }

    private void awaitRows(UUID company, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (usage(company).size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void everyRequestThatPassedTheAccessCheckBecomesAUsageEventOfThatCompany() throws Exception {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID outsider = member(company("UTC"));
        String members = "/api/v2/companies/" + company + "/members/";
        // Each allowed request's wall time as the client sees it: the duration the server records
        // (from its first interceptor to completion) lies strictly inside it.
        double[] wallMs = new double[3];
        long started = System.nanoTime();
        assertThat(api.get(members + ada, Tokens.user(ada)).status()).isEqualTo(200);
        wallMs[0] = millisSince(started);
        Thread.sleep(5);
        started = System.nanoTime();
        assertThat(api.post(
                                "/api/v2/companies/" + company + "/heartbeats",
                                Tokens.ingest(),
                                batch(beat(UUID.randomUUID(), ada, "d", "2026-06-09T10:00:00Z", 1, 0, 0, 0, 0)))
                        .status())
                .isEqualTo(200);
        wallMs[1] = millisSince(started);
        // Refused by the access check: not this company's usage (they used to raise its
        // insights/endpoints counts), whoever sends them and however many.
        for (int i = 0; i < 20; i++) {
            assertThat(api.get(members + ada, Tokens.user(outsider)).status()).isEqualTo(404);
        }
        assertThat(api.get("/api/v2/companies/" + company + "/user-metrics/export/", Tokens.user(ada))
                        .status())
                .isEqualTo(403);
        assertThat(api.get(members + ada, null).status()).isEqualTo(401); // not authenticated
        Thread.sleep(5);
        // A last allowed request: once it is written, everything sent before it has been handled.
        started = System.nanoTime();
        assertThat(api.get(members + ada + "?last=1", Tokens.user(ada)).status())
                .isEqualTo(200);
        wallMs[2] = millisSince(started);
        awaitRows(company, 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (usage(company).stream().filter(r -> r.startsWith("GET")).count() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // The provisioning calls of the fixture are recorded too; look at the requests above.
        List<String> rows = usage(company);
        assertThat(rows.subList(rows.size() - 3, rows.size()))
                .containsExactly(
                        "GET /api/v2/companies/{companyId}/members/{userId} 200 " + ada + " " + ada,
                        "POST /api/v2/companies/{companyId}/heartbeats 200 - svc-test",
                        "GET /api/v2/companies/{companyId}/members/{userId} 200 " + ada + " " + ada);
        List<Double> recorded = durations(company);
        assertThat(recorded).hasSameSizeAs(rows);
        for (int i = 0; i < 3; i++) {
            double duration = recorded.get(recorded.size() - 3 + i);
            assertThat(duration)
                    .as("recorded duration_ms of request %d; the client measured %.3f ms", i + 1, wallMs[i])
                    .isGreaterThan(0.0)
                    .isLessThan(wallMs[i]);
        }
        assertThat(rows).noneMatch(r -> r.contains(" 404 ") || r.contains(" 403 ") || r.contains(outsider.toString()));
        var endpoints = api.get(
                "/api/v2/companies/" + company + "/insights/endpoints?start_date=" + java.time.LocalDate.now()
                        + "&end_date=" + java.time.LocalDate.now(),
                Tokens.user(ada));
        assertThat(endpoints.status()).as(endpoints.toString()).isEqualTo(200);
        long memberReads = 0;
        for (var item : endpoints.json().get("items")) {
            if (item.get("method").asString().equals("GET")
                    && item.get("endpoint").asString().endsWith("/members/{userId}")) {
                memberReads += item.get("count").asLong();
            }
        }
        assertThat(memberReads).as(endpoints.body()).isEqualTo(2); // ada's two, none of the 21 refused
    }

    @Test
    void aDeadDatabaseNeverSlowsCallersAndEveryLostEventIsCounted() {
        var dead =
                new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1", "postgres", "");
        var meters = new SimpleMeterRegistry();
        var recorder = new UsageRecorder(
                new JdbcTemplate(dead), new UsageProperties(true, 100, 10, Duration.ofMillis(20)), meters);
        recorder.start();
        UUID company = UUID.randomUUID();
        long started = System.nanoTime();
        for (int i = 0; i < 5000; i++) {
            recorder.record(new UsageEvent(company, Instant.now(), null, "svc", "/r", "GET", 200, 1.0));
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        recorder.stop();
        double queueFull = meters.get("analytics.usage.dropped")
                .tag("reason", "queue_full")
                .counter()
                .count();
        double writeFailed = meters.get("analytics.usage.dropped")
                .tag("reason", "write_failed")
                .counter()
                .count();
        // 5000 calls at a few microseconds each; a caller that waited for the database would need seconds.
        assertThat(elapsedMs).isLessThan(1000);
        assertThat(queueFull).isGreaterThan(0);
        assertThat(queueFull + writeFailed).isEqualTo(5000.0);
        assertThat(meters.get("analytics.usage.written").counter().count()).isZero();
    }

    @Test
    void stopWritesWhatIsStillQueued() {
        var meters = new SimpleMeterRegistry();
        // Not started: nothing drains the queue until stop(), as at shutdown with a busy writer.
        var recorder =
                new UsageRecorder(jdbcTemplate, new UsageProperties(true, 3, 500, Duration.ofMillis(500)), meters);
        UUID company = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            recorder.record(new UsageEvent(company, Instant.now(), null, "svc-" + i, "/r", "GET", 200, 1.5));
        }
        assertThat(meters.get("analytics.usage.dropped")
                        .tag("reason", "queue_full")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        recorder.stop();
        assertThat(jdbc.sql("select subject from usage_events where company_id = :c order by subject")
                        .param("c", company)
                        .query(String.class)
                        .list())
                .containsExactly("svc-0", "svc-1", "svc-2");
    }
}
