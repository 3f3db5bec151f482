package io.activity.analytics.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Actuator: the health status and the orchestrator probes are public and say nothing but the
 * status; everything else (health details, metrics, the Prometheus scrape, info) needs a bearer
 * token with scope analytics:monitor, which in turn grants nothing on company routes.
 */
class ActuatorAccessTest extends IntegrationTest {

    private static final List<String> PROTECTED = List.of(
            "/actuator/prometheus",
            "/actuator/metrics",
            "/actuator/metrics/http.server.requests",
            "/actuator/info",
            "/actuator/health/db",
            "/actuator/health/redis");

    private static void assertProblem(Api.Response response, int status, String code, String what) {
        assertThat(response.status()).as(what + " -> " + response).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).as(what).isEqualTo(code);
    }

    /**
     * The status and nothing about the host: Boot also lists the names of the probe groups at the
     * root ("groups":["liveness","readiness"], the public probe paths), never components or details.
     */
    private static void assertStatusOnly(Api.Response response, String what) {
        assertThat(response.status()).as(what + " -> " + response).isEqualTo(200);
        var json = response.json();
        assertThat(json.path("status").asString()).as(what).isEqualTo("UP");
        assertThat(json.propertyNames()).as(what + ": " + response).isSubsetOf("status", "groups");
        assertThat(response.body()).as(what).doesNotContain("components", "details", "diskSpace", "redis");
    }

    @Test
    void healthAndProbesArePublicWithoutDetails() {
        assertStatusOnly(api.get("/actuator/health", null), "/actuator/health");
        for (String path : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            var response = api.get(path, null);
            assertThat(response.status()).as(path + " -> " + response).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
        }
        // A token without the monitor scope sees no more than anonymous callers.
        UUID company = company("UTC");
        assertStatusOnly(api.get("/actuator/health", Tokens.user(member(company))), "as a user");
        assertStatusOnly(api.get("/actuator/health", Tokens.provision()), "as a provisioning service");
    }

    @Test
    void healthDetailsNeedTheMonitorScope() {
        var response = api.get("/actuator/health", Tokens.monitor());
        assertThat(response.status()).isEqualTo(200);
        var components = response.json().get("components");
        assertThat(components).isNotNull();
        assertThat(components.has("db")).isTrue();
        assertThat(components.has("redis")).isTrue();
        assertThat(components.has("diskSpace")).isTrue();
    }

    @Test
    void metricsPrometheusAndInfoNeedTheMonitorScope() {
        UUID company = company("UTC");
        String user = Tokens.user(member(company, "owner", "active"));
        for (String path : PROTECTED) {
            assertProblem(api.get(path, null), 401, "authentication_required", "anonymous " + path);
            assertProblem(api.get(path, "not.a.jwt"), 401, "invalid_token", "bad token " + path);
            assertProblem(api.get(path, user), 403, "permission_denied", "user token " + path);
            assertProblem(api.get(path, Tokens.provision()), 403, "permission_denied", "provision token " + path);
            assertProblem(api.get(path, Tokens.ingest()), 403, "permission_denied", "ingest token " + path);
            var monitored = api.get(path, Tokens.monitor());
            assertThat(monitored.status()).as(path + " -> " + monitored).isEqualTo(200);
        }
        assertThat(api.get("/actuator/prometheus", Tokens.monitor()).body()).doesNotContain(company.toString());
    }

    @Test
    void theMonitorScopeGrantsNothingOnCompanyRoutes() {
        UUID company = company("UTC");
        UUID user = member(company);
        for (String token : List.of(Tokens.monitor(), Tokens.service("analytics:monitor", company))) {
            assertProblem(
                    api.get("/api/v2/companies/" + company + "/members/" + user, token),
                    403,
                    "permission_denied",
                    "monitor token on a member");
            assertProblem(
                    api.get("/api/v2/companies/" + company + "/user-metrics/", token),
                    403,
                    "permission_denied",
                    "monitor token on user-metrics");
        }
    }
}
