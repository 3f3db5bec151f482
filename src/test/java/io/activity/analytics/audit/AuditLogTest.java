package io.activity.analytics.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
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

    /**
     * The fixture's own provisioning writes are audited too: waits until they are written, then
     * clears them, so a test sees only the requests it makes itself.
     */
    private void clearFixtureRows(UUID company) throws InterruptedException {
        recorder.flushAll();
        Thread.sleep(100);
        recorder.flushAll();
        jdbc.sql("delete from access_audit_log where company_id = ?")
                .param(company)
                .update();
    }

    @Test
    void readsAreRecordedAndOwnersReadThemNewestFirst() throws Exception {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        UUID reader = member(company);
        clearFixtureRows(company);
        String members = "/api/v2/companies/" + company + "/members/";

        assertThat(api.get(members + reader + "?x=1", Tokens.user(reader)).status())
                .isEqualTo(200);
        assertThat(api.get(members + UUID.randomUUID(), Tokens.user(reader)).status())
                .isEqualTo(404);
        awaitRows(company, 2); // writes and refusals: refusedAttemptsAndEveryNonIngestWriteAreRecorded
        // Explicit, distinct times, so "newest first" has one answer: the read an hour before its
        // server time, the refusal a second after that; both older than the owner's reads below.
        // The times as values: Citus calls no stable function (timestamptz + interval) on a column in an UPDATE.
        OffsetDateTime base = jdbc.sql(
                        "select min(at) - interval '1 hour' from access_audit_log where company_id = :company")
                .param("company", company)
                .query(OffsetDateTime.class)
                .single();
        jdbc.sql("update access_audit_log set at = :at where company_id = :company and status is distinct from 404")
                .param("at", base)
                .param("company", company)
                .update();
        jdbc.sql("update access_audit_log set at = :at where company_id = :company and status = 404")
                .param("at", base.plusSeconds(1))
                .param("company", company)
                .update();

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
        clearFixtureRows(company);
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

    @Autowired
    AuditTrail trail;

    @Autowired
    AuditRecorder recorder;

    private List<String> log(UUID company) {
        return jdbc.sql("""
                        select outcome || ' ' || method || ' ' || route || ' ' || status || ' '
                            || coalesce(user_id::text, '-') || ' ' || subject || ' ' || repeats
                        from access_audit_log where company_id = ? order by at, audit_id
                        """).param(company).query(String.class).list();
    }

    @Test
    void refusedAttemptsAndEveryNonIngestWriteAreRecorded() throws Exception {
        UUID company = company("UTC");
        UUID admin = member(company, "admin", "active");
        UUID plain = member(company);
        UUID outsider = member(company("UTC"), "owner", "active");
        clearFixtureRows(company);
        long fixtureRows = 0;
        String base = "/api/v2/companies/" + company;
        // An ingest batch is the company's traffic (usage), not an action on it: never audited.
        var ingest = api.post(
                base + "/heartbeats",
                Tokens.ingest(),
                Map.of(
                        "heartbeats",
                        List.of(Map.of(
                                "event_id", UUID.randomUUID().toString(),
                                "user_id", plain.toString(),
                                "device_id", "d",
                                "generated_at", Instant.now().minusSeconds(60).toString(),
                                "chrome_activity_count", 1,
                                "edge_activity_count", 0,
                                "firefox_activity_count", 0,
                                "desktop_activity_count", 0,
                                "web_accessibility_activity_count", 0))));
        assertThat(ingest.status()).as(ingest.toString()).isEqualTo(200);
        assertThat(api.get(base + "/members/" + plain, Tokens.user(outsider)).status())
                .isEqualTo(404);
        assertThat(api.get(base + "/user-metrics/export/", Tokens.user(plain)).status())
                .isEqualTo(403);
        assertThat(api.get(base + "/user-metrics/", Tokens.ingest()).status()).isEqualTo(403);
        assertThat(api.patch(base + "/members/" + plain, Tokens.provision(), Map.of("department", "R&D"))
                        .status())
                .isEqualTo(200);
        assertThat(api.delete(base + "/analytics/data?older_than_days=30", Tokens.user(admin))
                        .status())
                .isIn(200, 202);
        assertThat(api.post(base + "/user-metrics/refresh/", Tokens.user(admin), Map.of())
                        .status())
                .isIn(200, 202);
        // A company that does not exist has no owner to tell: nothing is written for it.
        UUID nowhere = UUID.randomUUID();
        assertThat(api.get("/api/v2/companies/" + nowhere + "/user-metrics/", Tokens.user(outsider))
                        .status())
                .isEqualTo(404);
        awaitRows(company, fixtureRows + 6);
        recorder.flushAll();
        assertThat(rows(company)).isEqualTo(fixtureRows + 6);
        assertThat(rows(nowhere)).isZero();
        List<String> log = log(company);
        String template = "/api/v2/companies/{companyId}";
        assertThat(log.subList(log.size() - 6, log.size() - 2))
                .containsExactly(
                        "denied GET " + template + "/members/{userId} 404 " + outsider + " " + outsider + " 0",
                        "denied GET " + template + "/user-metrics/export/ 403 " + plain + " " + plain + " 0",
                        "denied GET " + template + "/user-metrics/ 403 - svc-test 0",
                        "allowed PATCH " + template + "/members/{userId} 200 - svc-test 0");
        assertThat(log.get(log.size() - 2))
                .matches("allowed DELETE \\Q" + template + "\\E/analytics/data 20[02] " + admin + " " + admin + " 0");
        assertThat(log.get(log.size() - 1))
                .matches("allowed POST \\Q" + template + "\\E/user-metrics/refresh/ 20[02] " + admin + " " + admin
                        + " 0");
    }

    @Test
    void aLongQueryStringIsStoredCutAndMarkedSo() throws Exception {
        UUID company = company("UTC");
        UUID reader = member(company);
        clearFixtureRows(company);
        long before = 0;
        String padding = "p=" + "x".repeat(5000);
        assertThat(api.get("/api/v2/companies/" + company + "/members/" + reader + "?" + padding, Tokens.user(reader))
                        .status())
                .isEqualTo(200);
        awaitRows(company, before + 1);
        String stored = jdbc.sql("select query from access_audit_log where company_id = ? and method = 'GET'")
                .param(company)
                .query(String.class)
                .single();
        assertThat(stored).isEqualTo(padding.substring(0, 2048) + "…(cut)");
    }

    @Test
    void aFloodOfRefusedRequestsIsFoldedInsteadOfWrittenOneByOne() throws Exception {
        UUID company = company("UTC");
        UUID member = member(company);
        UUID outsider = member(company("UTC"));
        clearFixtureRows(company);
        long before = 0;
        String path = "/api/v2/companies/" + company + "/members/" + member;
        for (int i = 0; i < 50; i++) {
            assertThat(api.get(path, Tokens.user(outsider)).status()).isEqualTo(404);
        }
        // The first 20 of the window are rows of their own; the other 30 wait for its end.
        awaitRows(company, before + 20);
        recorder.flushAll();
        assertThat(rows(company)).isEqualTo(before + 20);
        trail.closeEndedWindows(System.currentTimeMillis() + 61_000);
        awaitRows(company, before + 21);
        var folded = jdbc.sql("select outcome, status, user_id, repeats from access_audit_log"
                        + " where company_id = ? and repeats > 0")
                .param(company)
                .query((rs, n) -> rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3) + " " + rs.getInt(4))
                .list();
        // One row for the last folded request, standing for the 29 before it: 20 + 1 + 29 = 50.
        assertThat(folded).containsExactly("denied 404 " + outsider + " 29");
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
    void retentionDeletesOnlyRowsOlderThan400Days() throws Exception {
        UUID company = company("UTC");
        clearFixtureRows(company);
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
    void aFullQueueDropsAndCountsAndShutdownFlushesTheRest() throws Exception {
        UUID company = company("UTC");
        clearFixtureRows(company);
        var meters = new SimpleMeterRegistry();
        var properties = new AuditProperties(
                true, Duration.ofDays(400), 3, 500, Duration.ofMillis(500), "-", 2048, 20, Duration.ofSeconds(60));
        // Not started: nothing drains the queue until stop(), as when requests outpace the writer.
        var recorder = new AuditRecorder(jdbcTemplate, properties, meters);
        for (int i = 0; i < 5; i++) {
            recorder.record(new AuditEntry(
                    company,
                    Instant.now(),
                    null,
                    "svc-" + i,
                    "/r",
                    "GET",
                    "i=" + i,
                    200,
                    AuditEntry.Outcome.ALLOWED,
                    0));
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
