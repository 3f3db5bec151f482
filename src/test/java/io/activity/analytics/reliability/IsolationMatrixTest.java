package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.reliability.Routes.Route;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every company route of the running application, called by every kind of caller that must be
 * refused: the contract's 401/403/404, a problem body, and not one identifying value of the target
 * company in any body. The authorised calls go first, so a cached response that leaked past the
 * access check would show up here too.
 */
class IsolationMatrixTest extends ReliabilityTest {

    record Case(String name, String token, int status, String code) {}

    @Test
    void noCallerOutsideTheCompanyGetsInOrSeesItsData() {
        Fixture target = fixture();
        Fixture other = fixture();
        // Ten-day-old heartbeats the refused retention DELETE (older_than_days=1 below) would remove
        // if it got through; the fixture's own activity is an hour old and survives any retention.
        Heartbeats old = Heartbeats.batch(target.owner(), 3, Instant.now().minus(10, ChronoUnit.DAYS));
        var ingested = api.post(
                "/api/v2/companies/" + target.companyId() + "/heartbeats",
                Tokens.service("analytics:ingest", target.companyId()),
                old.json());
        assertThat(ingested.status()).as(ingested.toString()).isEqualTo(200);
        assertThat(ingested.json().get("accepted").asInt()).isEqualTo(3);
        List<Route> routes = companyRoutes();
        assertThat(routes).as("company routes found in the handler mapping").isNotEmpty();
        assertThat(Routes.all(mapping))
                .as(
                        "every /api route is a company route or a user route (@UserAccess, checked by"
                                + " userRoutesShowNobodyElsesCompanies); any other needs its own isolation rule and a case here)")
                .allMatch(r -> r.companyRoute() || r.userRoute());

        // Authorised calls of every read first: they must work (so the refusals below are about the
        // caller, not a broken request), and they fill the response cache.
        for (Route route : routes) {
            assertThat(route.rule()).as("%s carries @CompanyAccess", route).isNotNull();
            if (!route.isRead()) {
                continue;
            }
            String path = Routes.path(route, target.target()) + Routes.query(Routes.validQuery(route));
            var ok = call(route, path, authorized(route, target), null);
            assertThat(ok.status())
                    .as(
                            "authorised %s %s -> %s (update Routes.samples() if a parameter is missing)",
                            route.method(), path, ok)
                    .isBetween(200, 299);
        }
        // Every read an admin may make is open to a read-only service token, bound to the company or not.
        int readTokenReads = 0;
        for (Route route : routes) {
            if (!route.readTokenMay()) {
                continue;
            }
            String path = Routes.path(route, target.target()) + Routes.query(Routes.validQuery(route));
            for (String token : List.of(Tokens.read(target.companyId()), Tokens.read())) {
                var ok = call(route, path, token, Routes.body(route, target.target()));
                assertThat(ok.status())
                        .as("read token: %s %s -> %s", route.method(), path, ok)
                        .isBetween(200, 299);
            }
            readTokenReads++;
        }
        assertThat(readTokenReads).isPositive();
        assertThat(routes.stream().filter(r -> r.isRead() && !r.readTokenMay()).map(Route::key))
                .as("the GETs closed to read tokens: the owners' ones only")
                .containsExactlyInAnyOrder(
                        "GET " + Routes.COMPANY_PREFIX + "/audit-log",
                        "GET " + Routes.COMPANY_PREFIX + "/erasures/{erasureId}");

        // The target's data before the refusals: every heartbeat, and every rollup row.
        long heartbeatsBefore = heartbeats(target.companyId());
        List<String> rollupsBefore = rollups(target.companyId());
        assertThat(heartbeatsBefore).isEqualTo(2 + 3); // the fixture's two and the old three
        assertThat(rollupsBefore).as("the target has rollups").anyMatch(r -> r.startsWith("daily_user_activity:"));
        assertThat(jdbc.sql("select count(*) from daily_company_activity where company_id = ? and day < ?")
                        .param(target.companyId())
                        .param(LocalDate.now(ZoneOffset.UTC).minusDays(2))
                        .query(Integer.class)
                        .single())
                .as("rollup days of the old heartbeats, which a DELETE with older_than_days=1 would remove")
                .isGreaterThan(0);

        List<String> failures = new ArrayList<>();
        int cases = 0;
        int retentionCases = 0;
        for (Route route : routes) {
            Map<String, String> query = new LinkedHashMap<>(Routes.validQuery(route));
            boolean retention = query.containsKey("older_than_days");
            if (retention) {
                query.put("older_than_days", "1"); // would delete the ten-day-old heartbeats
            }
            String path = Routes.path(route, target.target()) + Routes.query(query);
            String body = Routes.body(route, target.target());
            for (Case c : cases(route, target, other)) {
                cases++;
                Api.Response response = call(route, path, c.token(), body);
                String problem = check(response, c, target);
                if (problem != null) {
                    failures.add(route.method() + " " + path + " as " + c.name() + ": " + problem);
                }
                if (retention) {
                    retentionCases++;
                    // A refusal must refuse the deletion too, not only answer with a refusal.
                    long heartbeatsNow = heartbeats(target.companyId());
                    List<String> rollupsNow = rollups(target.companyId());
                    if (heartbeatsNow != heartbeatsBefore || !rollupsNow.equals(rollupsBefore)) {
                        failures.add(route.method() + " " + path + " as " + c.name()
                                + ": data changed after the refused DELETE: heartbeats " + heartbeatsBefore
                                + " -> " + heartbeatsNow + ", rollup rows " + rollupsBefore.size() + " -> "
                                + rollupsNow.size());
                    }
                }
            }
        }
        System.out.printf(
                "ISOLATION MATRIX: %d routes, %d refusal cases, %d failures%n", routes.size(), cases, failures.size());
        assertThat(failures).as("isolation failures").isEmpty();
        assertThat(cases).isGreaterThanOrEqualTo(routes.size() * 10);
        assertThat(retentionCases).as("refused retention DELETEs").isGreaterThanOrEqualTo(10);
        // Nothing the refused retention DELETEs (or any other refused write) could have removed is gone.
        assertThat(heartbeats(target.companyId())).isEqualTo(heartbeatsBefore);
        assertThat(rollups(target.companyId())).isEqualTo(rollupsBefore);
        // Nothing the refused writes could have done happened: the target's members are untouched.
        assertThat(jdbc.sql("select count(*) from company_members where company_id = ? and deleted_at is null")
                        .param(target.companyId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
        // No refused erasure was written or ran: only the fixture's finished one is there.
        assertThat(jdbc.sql("select count(*) from company_jobs where company_id = ?")
                        .param(target.companyId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select name from companies where company_id = ?")
                        .param(target.companyId())
                        .query(String.class)
                        .single())
                .isEqualTo(target.companyName());
    }

    /**
     * Routes outside the company tree ({@code @UserAccess}: the signed-in user's own companies):
     * every kind of token but a user's is refused, and a user's answer never names a company where
     * that user is not an active member.
     */
    @Test
    void userRoutesShowNobodyElsesCompanies() {
        Fixture target = fixture();
        Fixture other = fixture();
        List<Route> routes =
                Routes.all(mapping).stream().filter(Route::userRoute).toList();
        assertThat(routes).as("user routes found in the handler mapping").isNotEmpty();
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (Route route : routes) {
            assertThat(route.method()).as("%s: a user route is a read", route).isEqualTo("GET");
            String path = Routes.fill(route, name -> {
                throw new AssertionError("User route " + route + " has a path variable {" + name + "}: give it cases");
            });
            // The target's owner sees the target (so the refusals below are about the caller).
            var own = call(route, path, Tokens.user(target.owner()), null);
            assertThat(own.status())
                    .as("%s as the target's owner: %s", route, own)
                    .isEqualTo(200);
            assertThat(own.body()).contains(target.companyId().toString(), target.companyName());

            List<Case> refusals = new ArrayList<>();
            refusals.add(new Case("no token", null, 401, "authentication_required"));
            refusals.add(new Case("expired token", expired(target.owner()), 401, "invalid_token"));
            refusals.add(new Case(
                    "bad signature",
                    Tokens.sign(
                            "another-secret-another-secret-another-0123",
                            c -> c.subject(target.owner().toString())),
                    401,
                    "invalid_token"));
            refusals.add(new Case("alg none", unsigned(target.owner()), 401, "invalid_token"));
            refusals.add(new Case("malformed token", "not.a.jwt", 401, "invalid_token"));
            for (String scope : List.of(
                    "analytics:ingest",
                    "analytics:provision",
                    "analytics:read",
                    "analytics:monitor",
                    "analytics:ingest analytics:provision analytics:read")) {
                refusals.add(new Case(scope, Tokens.service(scope), 403, "permission_denied"));
                refusals.add(new Case(
                        scope + " bound to the company",
                        Tokens.service(scope, target.companyId()),
                        403,
                        "permission_denied"));
            }
            // The owner's id as the subject of a service token: still a service token.
            refusals.add(new Case(
                    "read scope with the owner's id",
                    Tokens.sign(
                            Tokens.SECRET,
                            c -> c.subject(target.owner().toString()).claim("scope", "analytics:read")),
                    403,
                    "permission_denied"));
            for (Case c : refusals) {
                cases++;
                String problem = check(call(route, path, c.token(), null), c, target);
                if (problem != null) {
                    failures.add(route.key() + " as " + c.name() + ": " + problem);
                }
            }
            // Users who are not active members of the target: an answer, never naming the target.
            Map<String, UUID> outsiders = new LinkedHashMap<>();
            outsiders.put("owner of another company", other.owner());
            outsiders.put("user of no company", UUID.randomUUID());
            outsiders.put("pending owner", target.pending());
            outsiders.put("inactive owner", target.inactive());
            outsiders.put("deleted owner", target.deleted());
            for (var outsider : outsiders.entrySet()) {
                cases++;
                var response = call(route, path, Tokens.user(outsider.getValue()), null);
                List<String> secrets = new ArrayList<>(target.secrets());
                secrets.add(target.companyId().toString());
                if (response.status() != 200) {
                    failures.add(route.key() + " as " + outsider.getKey() + ": status " + response);
                } else if (secrets.stream().anyMatch(x -> (response.body() + response.headers()).contains(x))) {
                    failures.add(route.key() + " as " + outsider.getKey() + ": names the target: " + response);
                }
            }
        }
        System.out.printf(
                "ISOLATION MATRIX (user routes): %d routes, %d cases, %d failures%n",
                routes.size(), cases, failures.size());
        assertThat(failures).as("isolation failures").isEmpty();
    }

    private long heartbeats(UUID company) {
        return jdbc.sql("select count(*) from heartbeats where company_id = ?")
                .param(company)
                .query(Long.class)
                .single();
    }

    /** Every rollup row of the company, table by table in key order, as text. */
    private List<String> rollups(UUID company) {
        String[][] tables = {
            {"daily_user_activity", "user_id, day"},
            {"daily_device_activity", "device_id, day"},
            {"daily_company_activity", "day"},
            {"quarter_hour_activity", "user_id, bucket_start, device_id"},
            {"quarter_hour_company_activity", "bucket_start"},
            {"user_active_days", "day, user_id"},
            {"member_activity", "user_id"}
        };
        List<String> rows = new ArrayList<>();
        for (String[] table : tables) {
            rows.addAll(jdbc.sql("select '" + table[0] + ":' || t::text from " + table[0]
                            + " t where company_id = ? order by " + table[1])
                    .param(company)
                    .query(String.class)
                    .list());
        }
        return rows;
    }

    private static List<Case> cases(Route route, Fixture target, Fixture other) {
        var rule = route.rule();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("no token", null, 401, "authentication_required"));
        cases.add(new Case("expired token", expired(target.owner()), 401, "invalid_token"));
        cases.add(new Case(
                "bad signature",
                Tokens.sign(
                        "another-secret-another-secret-another-0123",
                        c -> c.subject(target.owner().toString())),
                401,
                "invalid_token"));
        cases.add(new Case("alg none", unsigned(target.owner()), 401, "invalid_token"));
        cases.add(new Case("malformed token", "not.a.jwt", 401, "invalid_token"));
        cases.add(new Case(
                "token without analytics scope or user id",
                Tokens.sign(Tokens.SECRET, c -> c.subject("svc-x").claim("scope", "openid profile")),
                401,
                "invalid_token"));
        cases.add(new Case("owner of another company", Tokens.user(other.owner()), 404, "company_not_found"));
        cases.add(new Case("user of no company", Tokens.user(UUID.randomUUID()), 404, "company_not_found"));
        cases.add(new Case("pending owner", Tokens.user(target.pending()), 404, "company_not_found"));
        cases.add(new Case("inactive owner", Tokens.user(target.inactive()), 404, "company_not_found"));
        cases.add(new Case("deleted owner", Tokens.user(target.deleted()), 404, "company_not_found"));
        UUID lacking = target.lacking(rule.role());
        if (lacking != null) {
            cases.add(new Case("member lacking the role", Tokens.user(lacking), 403, "permission_denied"));
        }
        // A service token without the route's scope (for a member-only route: any service token).
        Set<String> otherScopes = Set.of("analytics:ingest", "analytics:provision").stream()
                .filter(s -> !s.equals(rule.scope()))
                .collect(Collectors.toSet());
        String wrongScope = String.join(" ", otherScopes);
        cases.add(new Case(
                "service token without the scope",
                Tokens.service(wrongScope, target.companyId()),
                403,
                "permission_denied"));
        cases.add(new Case(
                "unbound service token without the scope", Tokens.service(wrongScope), 403, "permission_denied"));
        // The management credential opens actuator only, never a company route.
        cases.add(new Case("monitor token", Tokens.monitor(), 403, "permission_denied"));
        cases.add(new Case(
                "monitor token bound to the company",
                Tokens.service("analytics:monitor", target.companyId()),
                403,
                "permission_denied"));
        // A read-only token: every read an admin may make (checked above), nothing else.
        if (!route.readTokenMay()) {
            cases.add(new Case("read token", Tokens.read(target.companyId()), 403, "permission_denied"));
            cases.add(new Case("unbound read token", Tokens.read(), 403, "permission_denied"));
        }
        cases.add(new Case(
                "read token bound to another company", Tokens.read(other.companyId()), 404, "company_not_found"));
        String allScopes = "analytics:ingest analytics:provision analytics:read";
        cases.add(new Case(
                "service token bound to another company",
                Tokens.service(allScopes, other.companyId()),
                404,
                "company_not_found"));
        return cases;
    }

    /** Null when the response is the expected refusal and leaks nothing; otherwise what is wrong. */
    private static String check(Api.Response response, Case c, Fixture target) {
        if (response.status() != c.status()) {
            return "status " + response.status() + " (expected " + c.status() + "): " + response.body();
        }
        String type = response.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return "Content-Type " + type;
        }
        var json = response.json();
        if (!json.isObject() || !c.code().equals(json.path("code").asString(""))) {
            return "code " + json.path("code") + " (expected " + c.code() + "): " + response.body();
        }
        // The request path may be echoed in "instance"; nothing else may name the company.
        ObjectNode rest = ((ObjectNode) json).deepCopy();
        rest.remove("instance");
        String text = rest.toString() + response.headers();
        List<String> secrets = new ArrayList<>(target.secrets());
        secrets.add(target.companyId().toString());
        for (String secret : secrets) {
            if (text.contains(secret)) {
                return "body or headers contain target data '" + secret + "': " + text;
            }
        }
        return null;
    }

    private static String expired(UUID user) {
        return Tokens.sign(
                Tokens.SECRET,
                c -> c.subject(user.toString())
                        .issueTime(Date.from(Instant.now().minusSeconds(7200)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(3600))));
    }

    private static String unsigned(UUID user) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = encoder.encodeToString(("{\"sub\":\"" + user + "\",\"exp\":"
                        + Instant.now().plusSeconds(3600).getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
