package io.activity.analytics.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

class AuditLogTest extends IntegrationTest {

    @Autowired
    AuditConfig config;

    @Autowired
    JdbcTemplate jdbcTemplate;

    private long rows(UUID company) {
        return jdbc.sql("select count(*) from access_audit_log where company_id = ?")
                .param(company)
                .query(Long.class)
                .single();
    }

    /** The writer is asynchronous: wait (bounded) until the company has the expected rows. */
    private void awaitRows(UUID company, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (rows(company) < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(rows(company)).isEqualTo(expected);
    }

    @Test
    void readsAreRecordedAndOwnersReadThemNewestFirst() throws Exception {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        UUID reader = member(company);
        String members = "/api/v2/companies/" + company + "/members/";

        assertThat(api.get(members + reader + "?x=1", Tokens.user(reader)).status())
                .isEqualTo(200);
        Thread.sleep(5); // distinct timestamps, so "newest first" has one answer
        assertThat(api.get(members + UUID.randomUUID(), Tokens.user(reader)).status())
                .isEqualTo(404);
        // Not recorded: a write, and a read refused by the access check.
        api.patch(members + reader, Tokens.provision(), java.util.Map.of("department", "R&D"));
        UUID outsider = member(company("UTC"));
        assertThat(api.get(members + reader, Tokens.user(outsider)).status()).isEqualTo(404);
        awaitRows(company, 2);

        var first = api.get("/api/v2/companies/" + company + "/audit-log?page_size=2", Tokens.user(owner));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.header("ETag")).isNull(); // never cached
        var body = first.json();
        assertThat(body.get("count").asLong()).isEqualTo(2);
        assertThat(body.get("next").isNull()).isTrue();
        assertThat(body.get("previous").isNull()).isTrue();
        var newest = body.get("results").get(0);
        assertThat(newest.get("user_id").asString()).isEqualTo(reader.toString());
        assertThat(newest.get("route").asString()).isEqualTo("/api/v2/companies/{companyId}/members/{userId}");
        assertThat(newest.get("method").asString()).isEqualTo("GET");
        assertThat(newest.get("query").isNull()).isTrue();
        assertThat(newest.get("status").asInt()).isEqualTo(404);
        var older = body.get("results").get(1);
        assertThat(older.get("query").asString()).isEqualTo("x=1");
        assertThat(older.get("status").asInt()).isEqualTo(200);
        assertThat(Instant.parse(older.get("at").asString()))
                .isBefore(Instant.parse(newest.get("at").asString()));
        assertThat(older.get("at").asString()).endsWith("Z");

        // The owner's read of the log is itself a read of the company's data.
        awaitRows(company, 3);
        var second = api.get("/api/v2/companies/" + company + "/audit-log?page_size=2&page=2", Tokens.user(owner));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("count").asLong()).isEqualTo(3);
        assertThat(second.json().get("results")).hasSize(1);
        assertThat(second.json().get("results").get(0).get("query").asString()).isEqualTo("x=1");
        assertThat(second.json().get("next").isNull()).isTrue();
        assertThat(second.json().get("previous").asString())
                .startsWith("http://")
                .contains("/api/v2/companies/" + company + "/audit-log?")
                .contains("page=1")
                .contains("page_size=2");
        awaitRows(company, 4);
        var newestNow = api.get("/api/v2/companies/" + company + "/audit-log?page_size=1", Tokens.user(owner))
                .json()
                .get("results")
                .get(0);
        assertThat(newestNow.get("user_id").asString()).isEqualTo(owner.toString());
        assertThat(newestNow.get("route").asString()).isEqualTo("/api/v2/companies/{companyId}/audit-log");
        assertThat(newestNow.get("query").asString()).isEqualTo("page_size=2&page=2");
    }

    @Test
    void onlyOwnersOfTheCompanyMayReadIt() throws Exception {
        UUID company = company("UTC");
        UUID admin = member(company, "admin", "active");
        UUID plain = member(company);
        String path = "/api/v2/companies/" + company + "/audit-log";
        assertThat(api.get("/api/v2/companies/" + company + "/members/" + plain, Tokens.user(plain))
                        .status())
                .isEqualTo(200);
        awaitRows(company, 1);

        var asAdmin = api.get(path, Tokens.user(admin));
        assertThat(asAdmin.status()).isEqualTo(403);
        assertThat(asAdmin.json().get("code").asString()).isEqualTo("permission_denied");
        assertThat(api.get(path, Tokens.user(plain)).status()).isEqualTo(403);
        assertThat(api.get(path, Tokens.provision()).status()).isEqualTo(403);

        UUID otherOwner = member(company("UTC"), "owner", "active");
        var foreign = api.get(path, Tokens.user(otherOwner));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        assertThat(foreign.body()).doesNotContain(plain.toString()).doesNotContain("results");
    }

    @Test
    void badPagingIsRefusedNamingTheParameter() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        String path = "/api/v2/companies/" + company + "/audit-log";
        for (String[] bad : new String[][] {
            {"page=0", "page"}, {"page=abc", "page"}, {"page_size=101", "page_size"}, {"page_size=0", "page_size"}
        }) {
            var response = api.get(path + "?" + bad[0], Tokens.user(owner));
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").has(bad[1])).as(bad[0]).isTrue();
        }
        var pastTheEnd = api.get(path + "?page=9", Tokens.user(owner));
        assertThat(pastTheEnd.status()).isEqualTo(404);
        assertThat(pastTheEnd.json().get("code").asString()).isEqualTo("invalid_page");
    }

    @Test
    void retentionDeletesOnlyRowsOlderThan400Days() {
        UUID company = company("UTC");
        Instant now = Instant.now();
        for (Instant at : new Instant[] {now.minus(401, ChronoUnit.DAYS), now.minus(399, ChronoUnit.DAYS)}) {
            jdbc.sql("""
                            insert into access_audit_log (company_id, at, user_id, subject, route, method, status)
                            values (?, ?, null, 'svc', '/r', 'GET', 200)
                            """).params(company, java.sql.Timestamp.from(at)).update();
        }
        assertThat(config.purge()).isGreaterThanOrEqualTo(1);
        var left = jdbc.sql("select at from access_audit_log where company_id = ?")
                .param(company)
                .query(java.sql.Timestamp.class)
                .list();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).toInstant()).isAfter(now.minus(400, ChronoUnit.DAYS));
    }

    @Test
    void aFullQueueDropsAndCountsAndShutdownFlushesTheRest() {
        UUID company = company("UTC");
        var meters = new SimpleMeterRegistry();
        var properties = new AuditProperties(true, Duration.ofDays(400), 3, 500, Duration.ofMillis(500), "-");
        // Not started: nothing drains the queue until stop(), as when requests outpace the writer.
        var recorder = new AuditRecorder(jdbcTemplate, properties, meters);
        for (int i = 0; i < 5; i++) {
            recorder.record(new AuditEntry(company, Instant.now(), null, "svc-" + i, "/r", "GET", "i=" + i, 200));
        }
        assertThat(meters.get("analytics.audit.dropped").counter().count()).isEqualTo(2.0);
        assertThat(rows(company)).isZero();
        recorder.stop();
        assertThat(jdbc.sql("select subject from access_audit_log where company_id = ? order by subject")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly("svc-0", "svc-1", "svc-2");
    }
}
