package io.activity.analytics.company;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.activity.analytics.web.BackgroundRecorder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/**
 * GET /api/v2/me/companies: the user token's active memberships across companies, by name; never
 * another user's, never a removed or inactive one, at once after a change; service tokens refused;
 * no company's rate limit, usage or audit trail.
 */
class MyCompaniesTest extends IntegrationTest {

    private static final String ME = "/api/v2/me/companies";

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    List<BackgroundRecorder<?>> recorders;

    private UUID company(String name, String timezone) {
        return company(UUID.randomUUID(), name, timezone);
    }

    private UUID company(UUID id, String name, String timezone) {
        var created =
                api.put("/api/v2/companies/" + id, Tokens.provision(), Map.of("name", name, "timezone", timezone));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return id;
    }

    /** The same user (one id) as a member of the company, with this role and status. */
    private void join(UUID company, UUID user, String role, String status) {
        var response = api.put(
                "/api/v2/companies/" + company + "/members/" + user,
                Tokens.provision(),
                Map.of("email", user + "@example.com", "role", role, "status", status));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
    }

    private List<String> mine(UUID user) {
        var response = api.get(ME, Tokens.user(user));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.properties()).hasSize(1);
        List<String> rows = new ArrayList<>();
        for (JsonNode c : body.get("results")) {
            assertThat(c.propertyNames()).containsExactlyInAnyOrder("company_id", "name", "timezone", "role");
            rows.add(c.get("company_id").asString() + " " + c.get("name").asString() + " "
                    + c.get("timezone").asString() + " " + c.get("role").asString());
        }
        return rows;
    }

    @Test
    void everyActiveMembershipByNameWithTheRoleAndNothingElse() {
        UUID user = UUID.randomUUID();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID beta = company("Beta " + tag, "Europe/Berlin");
        UUID alphaLower = company("alpha " + tag, "UTC");
        UUID alphaUpper = company("Alpha " + tag, "Asia/Kolkata");
        // Two companies of the same name: by company_id. Ids chosen so the order is known by hand.
        UUID gammaFirst =
                company(UUID.fromString("0" + UUID.randomUUID().toString().substring(1)), "Gamma " + tag, "UTC");
        UUID gammaSecond =
                company(UUID.fromString("f" + UUID.randomUUID().toString().substring(1)), "Gamma " + tag, "UTC");
        UUID pending = company("Aaa pending " + tag, "UTC");
        UUID inactive = company("Aaa inactive " + tag, "UTC");
        UUID deleted = company("Aaa deleted " + tag, "UTC");
        UUID notMine = company("Aaa another user's " + tag, "UTC");

        join(beta, user, "owner", "active");
        join(alphaLower, user, "member", "active");
        join(alphaUpper, user, "admin", "active");
        join(gammaSecond, user, "member", "active");
        join(gammaFirst, user, "admin", "active");
        join(pending, user, "owner", "pending");
        join(inactive, user, "owner", "inactive");
        join(deleted, user, "owner", "active");
        assertThat(api.delete("/api/v2/companies/" + deleted + "/members/" + user, Tokens.provision())
                        .status())
                .isEqualTo(204);
        UUID someoneElse = UUID.randomUUID();
        join(notMine, someoneElse, "owner", "active");
        join(beta, someoneElse, "member", "active");

        // Case-insensitive by name ("Alpha" before "alpha" on a tie), then by id.
        assertThat(mine(user))
                .containsExactly(
                        alphaUpper + " Alpha " + tag + " Asia/Kolkata admin",
                        alphaLower + " alpha " + tag + " UTC member",
                        beta + " Beta " + tag + " Europe/Berlin owner",
                        gammaFirst + " Gamma " + tag + " UTC admin",
                        gammaSecond + " Gamma " + tag + " UTC member");
        assertThat(mine(someoneElse))
                .containsExactly(
                        notMine + " Aaa another user's " + tag + " UTC owner",
                        beta + " Beta " + tag + " Europe/Berlin member");
        assertThat(mine(UUID.randomUUID())).isEmpty(); // a user of no company
    }

    @Test
    void membershipChangesShowAtOnce() {
        UUID user = UUID.randomUUID();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        UUID first = company("First " + tag, "UTC");
        UUID second = company("Second " + tag, "UTC");
        String members = "/api/v2/companies/%s/members/" + user;
        join(first, user, "member", "active");
        join(second, user, "member", "active");
        assertThat(mine(user))
                .containsExactly(first + " First " + tag + " UTC member", second + " Second " + tag + " UTC member");

        // Removed: gone from the next answer (nothing cached).
        assertThat(api.delete(members.formatted(second), Tokens.provision()).status())
                .isEqualTo(204);
        assertThat(mine(user)).containsExactly(first + " First " + tag + " UTC member");
        // A new role, a rename, a new zone: the next answer has them.
        assertThat(api.patch(members.formatted(first), Tokens.provision(), Map.of("role", "admin"))
                        .status())
                .isEqualTo(200);
        assertThat(api.put(
                                "/api/v2/companies/" + first,
                                Tokens.provision(),
                                Map.of("name", "Renamed " + tag, "timezone", "Asia/Kathmandu"))
                        .status())
                .isEqualTo(200);
        assertThat(mine(user)).containsExactly(first + " Renamed " + tag + " Asia/Kathmandu admin");
        // Inactive, then active again.
        assertThat(api.patch(members.formatted(first), Tokens.provision(), Map.of("status", "inactive"))
                        .status())
                .isEqualTo(200);
        assertThat(mine(user)).isEmpty();
        assertThat(api.patch(members.formatted(first), Tokens.provision(), Map.of("status", "active"))
                        .status())
                .isEqualTo(200);
        assertThat(mine(user)).containsExactly(first + " Renamed " + tag + " Asia/Kathmandu admin");
        // Restored by provisioning: back.
        join(second, user, "owner", "active");
        assertThat(mine(user))
                .containsExactly(
                        first + " Renamed " + tag + " Asia/Kathmandu admin", second + " Second " + tag + " UTC owner");
        var response = api.get(ME, Tokens.user(user));
        assertThat(response.header("Cache-Control")).contains("no-store");
        assertThat(response.header("ETag")).isNull();
    }

    @Test
    void onlyAUserTokenMayAsk() {
        UUID company = company("UTC");
        for (String token : List.of(
                Tokens.provision(),
                Tokens.ingest(),
                Tokens.read(),
                Tokens.read(company),
                Tokens.monitor(),
                Tokens.service("analytics:ingest analytics:provision analytics:read", company))) {
            var refused = api.get(ME, token);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            JsonNode body = refused.json();
            assertThat(body.get("code").asString()).isEqualTo("permission_denied");
            assertThat(body.get("detail").asString()).isEqualTo("This endpoint needs a user token.");
            assertThat(body.get("instance").asString()).isEqualTo(ME);
        }
        var none = api.get(ME, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("code").asString()).isEqualTo("authentication_required");
        var expired = api.get(
                ME,
                Tokens.sign(
                        Tokens.SECRET,
                        c -> c.subject(UUID.randomUUID().toString())
                                .issueTime(java.util.Date.from(
                                        java.time.Instant.now().minusSeconds(7200)))
                                .expirationTime(java.util.Date.from(
                                        java.time.Instant.now().minusSeconds(3600)))));
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("code").asString()).isEqualTo("invalid_token");
    }

    @Test
    void noCompanysReadLimitUsageOrAuditTrailIsTouched() throws InterruptedException {
        UUID user = UUID.randomUUID();
        UUID company = company("Limited " + UUID.randomUUID(), "UTC");
        join(company, user, "owner", "active");
        String token = Tokens.user(user);
        String read = "/api/v2/companies/" + company + "/members/" + user;

        assertThat(remaining(api.get(read, token))).isEqualTo(99);
        for (int i = 0; i < 5; i++) {
            var me = api.get(ME, token);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.header("X-RateLimit-Remaining")).isNull();
            assertThat(me.header("RateLimit")).isNull();
        }
        assertThat(remaining(api.get(read, token))).isEqualTo(98);
        assertThat(redis.opsForZSet().zCard("rl:read:{" + company + "}")).isEqualTo(2L);

        // Written off the request thread: once the company's own two reads are in its usage and
        // its audit trail, the calls made before the second one would be too; none is there.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline
                && (gets("usage_events", company) < 2 || gets("access_audit_log", company) < 2)) {
            recorders.forEach(BackgroundRecorder::flushAll);
            Thread.sleep(20);
        }
        assertThat(gets("usage_events", company)).isEqualTo(2L);
        assertThat(gets("access_audit_log", company)).isEqualTo(2L);
        for (String table : List.of("usage_events", "access_audit_log")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where route like '%/me/%'")
                            .query(Long.class)
                            .single())
                    .as(table)
                    .isZero();
        }
    }

    private long gets(String table, UUID company) {
        return jdbc.sql("select count(*) from " + table + " where company_id = ? and method = 'GET'")
                .param(company)
                .query(Long.class)
                .single();
    }

    private static long remaining(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return Long.parseLong(response.header("X-RateLimit-Remaining"));
    }
}
