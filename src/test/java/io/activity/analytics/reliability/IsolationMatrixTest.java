package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.reliability.Routes.Route;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
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
        List<Route> routes = companyRoutes();
        assertThat(routes).as("company routes found in the handler mapping").isNotEmpty();
        assertThat(Routes.all(mapping))
                .as("every /api route is a company route (a route outside /companies/{companyId} needs its own"
                        + " isolation rule and a case here)")
                .allMatch(Route::companyRoute);

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

        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (Route route : routes) {
            String path = Routes.path(route, target.target()) + Routes.query(Routes.validQuery(route));
            String body = Routes.body(route, target.target());
            for (Case c : cases(route, target, other)) {
                cases++;
                Api.Response response = call(route, path, c.token(), body);
                String problem = check(response, c, target);
                if (problem != null) {
                    failures.add(route.method() + " " + path + " as " + c.name() + ": " + problem);
                }
            }
        }
        System.out.printf(
                "ISOLATION MATRIX: %d routes, %d refusal cases, %d failures%n", routes.size(), cases, failures.size());
        assertThat(failures).as("isolation failures").isEmpty();
        assertThat(cases).isGreaterThanOrEqualTo(routes.size() * 10);
        // Nothing the refused writes could have done happened: the target's members are untouched.
        assertThat(jdbc.sql("select count(*) from company_members where company_id = ? and deleted_at is null")
                        .param(target.companyId())
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);
        assertThat(jdbc.sql("select name from companies where company_id = ?")
                        .param(target.companyId())
                        .query(String.class)
                        .single())
                .isEqualTo(target.companyName());
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
        String allScopes = "analytics:ingest analytics:provision";
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
