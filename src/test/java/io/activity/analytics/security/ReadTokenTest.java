package io.activity.analytics.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.activity.probe.ReadProbe;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Read-only service tokens (scope {@code analytics:read}): every read an admin may make, with a
 * {@code company_id} claim only of that company; no write, not the owners' audit log; counted
 * with the company's reads. The isolation matrix runs the same rule over every route; this test
 * spells it out on named routes, and checks the scope does not add up to more than it says.
 */
class ReadTokenTest extends IntegrationTest {

    @TestConfiguration
    @Import(ReadProbe.class)
    static class Probe {}

    @Autowired
    StringRedisTemplate redis;

    private static String base(UUID company) {
        return "/api/v2/companies/" + company;
    }

    private static String range() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return "start_date=" + today.minusDays(6) + "&end_date=" + today;
    }

    @Test
    void aReadTokenMakesEveryReadAnAdminMayAndNothingElse() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        UUID member = member(company);
        String read = Tokens.read(company);
        String c = base(company);

        // Reads an admin may make, member-level and admin-level alike: 200.
        for (String path : List.of(
                c,
                c + "/members/" + member,
                c + "/user-metrics/",
                c + "/user-metrics/summary/",
                c + "/users/" + member + "/activity?metric=activity-count&" + range(),
                c + "/apps/chrome/activity?metric=activity-count&" + range(),
                c + "/active-users?type=daily&date_from="
                        + LocalDate.now(ZoneOffset.UTC).minusDays(6),
                c + "/user-status-counts",
                c + "/insights/trends?" + range())) {
            var ok = api.get(path, read);
            assertThat(ok.status()).as("GET %s: %s", path, ok).isEqualTo(200);
        }
        var member0 = api.get(c + "/members/" + member, read);
        assertThat(member0.json().get("user_id").asString()).isEqualTo(member.toString());
        // The CSV export is an admin's read: allowed.
        var export = api.get(c + "/user-metrics/export/", read);
        assertThat(export.status()).as(export.toString()).isEqualTo(200);
        assertThat(export.header("Content-Type")).startsWith("text/csv");
        assertThat(export.body()).startsWith("user_id,email,").contains(member.toString());

        // The owners' audit log: no, although it is a GET.
        denied(api.get(c + "/audit-log", read), "This endpoint needs a member's token.");

        // Writes of every kind: no, and nothing changes.
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        denied(api.put(c, read, Map.of("name", "Renamed", "timezone", "UTC")), null);
        denied(
                api.put(
                        c + "/members/" + UUID.randomUUID(),
                        read,
                        Map.of("email", "x@example.com", "role", "owner", "status", "active")),
                null);
        denied(api.patch(c + "/members/" + member, read, Map.of("role", "owner")), null);
        denied(api.delete(c + "/members/" + member, read), null);
        denied(
                api.post(
                        c + "/heartbeats",
                        read,
                        "{\"heartbeats\":[{\"event_id\":\"" + UUID.randomUUID() + "\",\"user_id\":\"" + member
                                + "\",\"device_id\":\"d-1\",\"generated_at\":\"" + now
                                + "\",\"chrome_activity_count\":1,\"edge_activity_count\":0,"
                                + "\"firefox_activity_count\":0,\"desktop_activity_count\":0,"
                                + "\"web_accessibility_activity_count\":0}]}"),
                null);
        denied(api.post(c + "/track/pageview", read, Map.of("path", "/x", "session_id", "s-1")), null);
        denied(api.post(c + "/track/heartbeat", read, Map.of("session_id", "s-1")), null);
        denied(api.post(c + "/user-metrics/refresh/", read, Map.of()), null);
        denied(api.delete(c + "/analytics/data?older_than_days=1", read), null);

        assertThat(jdbc.sql("select name from companies where company_id = ?")
                        .param(company)
                        .query(String.class)
                        .single())
                .isEqualTo("Co " + company);
        assertThat(jdbc.sql("select role || '/' || status || '/' || (deleted_at is null) from company_members"
                                + " where company_id = ? and user_id = ?")
                        .params(company, member)
                        .query(String.class)
                        .single())
                .isEqualTo("member/active/true");
        assertThat(jdbc.sql("select count(*) from company_members where company_id = ?")
                        .param(company)
                        .query(Long.class)
                        .single())
                .isEqualTo(2L);
        assertThat(jdbc.sql("select (select count(*) from heartbeats where company_id = :c)"
                                + " + (select count(*) from page_views where company_id = :c)"
                                + " + (select count(*) from sessions where company_id = :c)")
                        .param("c", company)
                        .query(Long.class)
                        .single())
                .isZero();
        // The owner may read the audit log the read token may not.
        assertThat(api.get(c + "/audit-log", Tokens.user(owner)).status()).isEqualTo(200);
    }

    @Test
    void aCompanyClaimBindsTheReadTokenToThatCompany() {
        UUID mine = company("UTC");
        UUID other = company("Europe/Berlin");
        UUID missing = UUID.randomUUID();

        assertThat(api.get(base(mine), Tokens.read(mine)).status()).isEqualTo(200);
        var foreign = api.get(base(other) + "/user-metrics/summary/", Tokens.read(mine));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
        assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        assertThat(foreign.body()).doesNotContain("Europe/Berlin");
        // The same 404 for a company that does not exist, bound or not.
        for (String token : List.of(Tokens.read(mine), Tokens.read(missing), Tokens.read())) {
            var none = api.get(base(missing) + "/user-metrics/summary/", token);
            assertThat(none.status()).as(none.toString()).isEqualTo(404);
            assertThat(none.json().get("code").asString()).isEqualTo("company_not_found");
        }
        // Without the claim: every company.
        for (UUID company : List.of(mine, other)) {
            var ok = api.get(base(company), Tokens.read());
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.json().get("company_id").asString()).isEqualTo(company.toString());
        }
    }

    @Test
    void theReadScopeAddsOnlyReadsAndMakesAnyTokenAServiceToken() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        UUID member = member(company);
        String c = base(company);

        // With ingest as well: ingest and read, still no audit log and no refresh.
        String both = Tokens.service("analytics:read analytics:ingest", company);
        assertThat(api.get(c + "/user-metrics/summary/", both).status()).isEqualTo(200);
        var ingested = api.post(
                c + "/heartbeats",
                both,
                "{\"heartbeats\":[{\"event_id\":\"" + UUID.randomUUID() + "\",\"user_id\":\"" + member
                        + "\",\"device_id\":\"d-1\",\"generated_at\":\""
                        + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                        + "\",\"chrome_activity_count\":1,\"edge_activity_count\":0,"
                        + "\"firefox_activity_count\":0,\"desktop_activity_count\":0,"
                        + "\"web_accessibility_activity_count\":0}]}");
        assertThat(ingested.status()).as(ingested.toString()).isEqualTo(200);
        denied(api.get(c + "/audit-log", both), null);
        denied(api.post(c + "/user-metrics/refresh/", both, Map.of()), null);

        // The owner's id as subject and the read scope: a read-only service token, not the owner.
        String ownerRead = Tokens.sign(
                Tokens.SECRET, claims -> claims.subject(owner.toString()).claim("scope", "analytics:read"));
        assertThat(api.get(c + "/user-metrics/summary/", ownerRead).status()).isEqualTo(200);
        denied(api.get(c + "/audit-log", ownerRead), null);
        denied(api.delete(c + "/analytics/data?older_than_days=1", ownerRead), null);
        denied(api.post(c + "/track/pageview", ownerRead, Map.of("path", "/x", "session_id", "s-1")), null);
        assertThat(api.get(c + "/audit-log", Tokens.user(owner)).status()).isEqualTo(200);
    }

    @Test
    void aReadTokenReadsWithTheCompanysReadLimitAndAPostMayOptInAsARead() {
        UUID company = company("UTC");
        UUID member = member(company);
        String user = Tokens.user(member);
        String read = Tokens.read(company);
        String c = base(company);

        // One window per company: the user's and the read token's reads take from the same 100.
        assertThat(remaining(api.get(c + "/members/" + member, user))).isEqualTo(99);
        assertThat(remaining(api.get(c + "/user-metrics/summary/", read))).isEqualTo(98);
        assertThat(remaining(api.get(c + "/members/" + member, user))).isEqualTo(97);

        // A POST declared read = true: open to the read token and counted as a read, for both callers.
        var query = api.post(c + "/query-probe", read, Map.of());
        assertThat(query.status()).as(query.toString()).isEqualTo(200);
        assertThat(query.json().get("company_id").asString()).isEqualTo(company.toString());
        assertThat(remaining(query)).isEqualTo(96);
        assertThat(remaining(api.post(c + "/query-probe", user, Map.of()))).isEqualTo(95);
        // The same POST undeclared: a write, closed to the read token and not a read for anybody.
        denied(api.post(c + "/write-probe", read, Map.of()), "This endpoint needs a member's token.");
        var write = api.post(c + "/write-probe", user, Map.of());
        assertThat(write.status()).as(write.toString()).isEqualTo(200);
        assertThat(write.header("X-RateLimit-Remaining")).isNull();
        // Refused calls took nothing: five reads in the company's log, no more.
        assertThat(redis.opsForZSet().zCard("rl:read:{" + company + "}")).isEqualTo(5L);
        assertThat(remaining(api.get(c, read))).isEqualTo(94);
    }

    @Test
    void readsOfAReadTokenAreInTheAuditLogUnderItsSubject() throws InterruptedException {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        assertThat(api.get(base(company) + "/user-metrics/summary/?x=1", Tokens.read(company))
                        .status())
                .isEqualTo(200);
        assertThat(api.get(base(company) + "/audit-log", Tokens.read(company)).status())
                .isEqualTo(403);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> rows = List.of();
        while (rows.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            rows = jdbc.sql("select coalesce(user_id::text, '-') || ' ' || subject || ' ' || method || ' ' || route"
                            + " || ' ' || coalesce(query, '-') || ' ' || status || ' ' || outcome"
                            + " from access_audit_log where company_id = ? and subject = ? order by status")
                    .params(company, Tokens.READ_SUBJECT)
                    .query(String.class)
                    .list();
        }
        assertThat(rows)
                .containsExactly(
                        "- svc-dashboard GET /api/v2/companies/{companyId}/user-metrics/summary/ x=1 200 allowed",
                        "- svc-dashboard GET /api/v2/companies/{companyId}/audit-log - 403 denied");
        assertThat(api.get(base(company) + "/audit-log", Tokens.user(owner)).status())
                .isEqualTo(200);
    }

    private static long remaining(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return Long.parseLong(response.header("X-RateLimit-Remaining"));
    }

    /** A 403 permission_denied problem, with this detail when given. */
    private static void denied(Api.Response response, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(403);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("permission_denied");
        if (detail != null) {
            assertThat(response.json().get("detail").asString()).isEqualTo(detail);
        }
    }
}
