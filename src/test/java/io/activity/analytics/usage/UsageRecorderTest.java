package io.activity.analytics.usage;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.DOUBLE;

import io.activity.analytics.ingest.IngestTestSupport;
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

    /** The recorded durations of the company's usage events of one method, smallest first. */
    private List<Double> durations(UUID company, String method) {
        return jdbc.sql("select duration_ms from usage_events where company_id = :company and method = :method"
                        + " order by duration_ms")
                .param("company", company)
                .param("method", method)
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
        // The provisioning calls of the fixture (PUTs) are recorded too; the requests above are
        // every other row, whatever order their timestamps put them in.
        List<String> rows = usage(company);
        assertThat(rows.stream().filter(r -> !r.startsWith("PUT ")))
                .containsExactlyInAnyOrder(
                        "GET /api/v2/companies/{companyId}/members/{userId} 200 " + ada + " " + ada,
                        "POST /api/v2/companies/{companyId}/heartbeats 200 - svc-test",
                        "GET /api/v2/companies/{companyId}/members/{userId} 200 " + ada + " " + ada);
        // Each recorded duration lies inside the client's wall time of its request. The two GETs
        // share a route, so they are matched smallest to smallest: a valid matching exists exactly
        // when that one holds.
        assertThat(durations(company, "POST"))
                .singleElement(as(DOUBLE))
                .isPositive()
                .isLessThan(wallMs[1]);
        List<Double> gets = durations(company, "GET");
        double[] getWalls = {Math.min(wallMs[0], wallMs[2]), Math.max(wallMs[0], wallMs[2])};
        assertThat(gets).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(gets.get(i))
                    .as("recorded duration_ms of GET %d; the client measured %.3f ms", i + 1, getWalls[i])
                    .isPositive()
                    .isLessThan(getWalls[i]);
        }
        assertThat(rows).noneMatch(r -> r.contains(" 404 ") || r.contains(" 403 ") || r.contains(outsider.toString()));
        // The days the server recorded them on (a UTC company), not the test's clock: the requests
        // may straddle midnight.
        List<String> days =
                jdbc.sql("""
                        select distinct (occurred_at at time zone 'UTC')::date::text from usage_events
                        where company_id = :company order by 1
                        """).param("company", company).query(String.class).list();
        var endpoints = api.get(
                "/api/v2/companies/" + company + "/insights/endpoints?start_date=" + days.get(0) + "&end_date="
                        + days.get(days.size() - 1),
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
