package io.activity.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.AnalyticsApplication;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * The rebuild a timezone change needs is a durable job: written with the change, resumed by an
 * instance that starts after a crash, retried after a failure.
 */
@TestPropertySource( // as IngestTestSupport: fixed dates never age out, and the same context
        properties = {
            "analytics.retention.period=36500d",
            "analytics.rate-limit.ingest.enabled=false",
            "spring.datasource.hikari.maximum-pool-size=6"
        })
class RebuildJobsTest extends IntegrationTest {

    @Autowired
    RebuildJobs jobs;

    @Autowired
    Environment env;

    /** A company with activity at 17:00Z (1) and 19:00Z (2) on 2026-06-01: one UTC day. */
    private UUID companyWithActivity() {
        UUID company = company("UTC");
        UUID ada = member(company);
        var response = api.post(
                "/api/v2/companies/" + company + "/heartbeats",
                Tokens.ingest(),
                Map.of(
                        "heartbeats",
                        List.of(beat(ada, "2026-06-01T17:00:00Z", 1), beat(ada, "2026-06-01T19:00:00Z", 2))));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(days(company)).containsExactly("2026-06-01=3");
        return company;
    }

    private static Map<String, Object> beat(UUID user, String at, int chrome) {
        return Map.of(
                "event_id",
                UUID.randomUUID().toString(),
                "user_id",
                user.toString(),
                "device_id",
                "d",
                "generated_at",
                at,
                "chrome_activity_count",
                chrome,
                "edge_activity_count",
                0,
                "firefox_activity_count",
                0,
                "desktop_activity_count",
                0,
                "web_accessibility_activity_count",
                0);
    }

    private List<String> days(UUID company) {
        return jdbc.sql("select day || '=' || total_activity_count from daily_company_activity"
                        + " where company_id = :c order by day")
                .param("c", company)
                .query(String.class)
                .list();
    }

    private List<String> jobRows(UUID company) {
        return jdbc.sql("select kind || ' ' || status || ' ' || attempts from company_jobs where company_id = :c")
                .param("c", company)
                .query(String.class)
                .list();
    }

    /** In Kolkata (+05:30) 19:00Z is 00:30 the next day. */
    private static final List<String> KOLKATA_DAYS = List.of("2026-06-01=1", "2026-06-02=2");

    private void awaitDays(UUID company, List<String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!days(company).equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(days(company)).isEqualTo(expected);
    }

    @Test
    void aTimezoneChangeWritesItsRebuildJobWithTheChange() throws Exception {
        UUID company = companyWithActivity();
        assertThat(jobRows(company)).isEmpty();
        var put = api.put(
                "/api/v2/companies/" + company, Tokens.provision(), Map.of("name", "Co", "timezone", "Asia/Kolkata"));
        assertThat(put.status()).isEqualTo(200);
        awaitDays(company, KOLKATA_DAYS);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!jobRows(company).equals(List.of("rebuild done 1")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(jobRows(company)).containsExactly("rebuild done 1");
        // The same zone again is no change: no job.
        api.put("/api/v2/companies/" + company, Tokens.provision(), Map.of("name", "Co", "timezone", "Asia/Kolkata"));
        assertThat(jobRows(company)).containsExactly("rebuild done 1");
    }

    @Test
    void aJobLeftRunningByADeadInstanceIsResumedByTheNextOneToStart() throws Exception {
        UUID company = companyWithActivity();
        // What an instance that died mid-rebuild leaves behind: the new zone committed with its
        // job, the job claimed two hours ago (past its 30-minute lease), the rollups still UTC's.
        jdbc.sql("update companies set timezone = 'Asia/Kolkata' where company_id = :c")
                .param("c", company)
                .update();
        jdbc.sql("""
                        insert into company_jobs (company_id, kind, status, started_at, attempts)
                        values (:c, 'rebuild', 'running', now() - interval '2 hours', 1)
                        """).param("c", company).update();
        assertThat(days(company)).containsExactly("2026-06-01=3");

        List<String> properties = new ArrayList<>();
        for (String key : List.of(
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "spring.data.redis.host",
                "spring.data.redis.port",
                "analytics.security.jwt.hmac-secret")) {
            properties.add("--" + key + "=" + env.getProperty(key));
        }
        properties.add("--server.port=0");
        properties.add("--analytics.db.create-if-missing=false");
        properties.add("--analytics.retention.cron=-");
        properties.add("--analytics.retention.period=36500d");
        try (var restarted =
                new SpringApplicationBuilder(AnalyticsApplication.class).run(properties.toArray(String[]::new))) {
            awaitDays(company, KOLKATA_DAYS);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!jobRows(company).equals(List.of("rebuild done 2")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(jobRows(company)).containsExactly("rebuild done 2");
        }
    }

    @Test
    void aFailedRebuildIsRetriedAfterItsBackOffAndGivesUpAfterFiveAttempts() {
        UUID company = companyWithActivity();
        // A zone PostgreSQL does not know makes every rebuild statement fail.
        jdbc.sql("update companies set timezone = 'Not/AZone' where company_id = :c")
                .param("c", company)
                .update();
        jdbc.sql("insert into company_jobs (company_id, kind) values (:c, 'rebuild')")
                .param("c", company)
                .update();
        jobs.runDue();
        assertThat(jobRows(company)).containsExactly("rebuild pending 1");
        String error = jdbc.sql("select last_error from company_jobs where company_id = :c")
                .param("c", company)
                .query(String.class)
                .single();
        assertThat(error).contains("Not/AZone");
        // Not due again before its back-off: nothing runs, nothing changes.
        jobs.runDue();
        assertThat(jobRows(company)).containsExactly("rebuild pending 1");
        assertThat(days(company)).containsExactly("2026-06-01=3");

        for (int attempt = 2; attempt <= RebuildJobs.MAX_ATTEMPTS; attempt++) {
            jdbc.sql("update company_jobs set not_before = now() where company_id = :c")
                    .param("c", company)
                    .update();
            jobs.runDue();
        }
        assertThat(jobRows(company)).containsExactly("rebuild failed 5");
        jdbc.sql("update company_jobs set not_before = now() where company_id = :c")
                .param("c", company)
                .update();
        jobs.runDue();
        assertThat(jobRows(company)).containsExactly("rebuild failed 5"); // left for an operator

        // Once the cause is fixed, a new job (as a new change would write) succeeds.
        jdbc.sql("update companies set timezone = 'Asia/Kolkata' where company_id = :c")
                .param("c", company)
                .update();
        jdbc.sql("insert into company_jobs (company_id, kind) values (:c, 'rebuild')")
                .param("c", company)
                .update();
        jobs.runDue();
        assertThat(days(company)).isEqualTo(KOLKATA_DAYS);
    }
}
