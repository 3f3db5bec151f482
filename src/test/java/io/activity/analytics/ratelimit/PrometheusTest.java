package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The operational metrics are exposed to Prometheus once traffic has produced them. */
class PrometheusTest extends IntegrationTest {

    @Test
    void prometheusExposesRequestPercentilesLimiterCacheAndAuditMetrics() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        for (int i = 0; i < 101; i++) {
            api.get(path, Tokens.user(user));
        }
        assertThat(api.get(path, Tokens.user(user)).status()).isEqualTo(429);

        var scrape = api.get("/actuator/prometheus", null);
        assertThat(scrape.status()).isEqualTo(200);
        String text = scrape.body();
        String route = "uri=\"/api/v2/companies/{companyId}/members/{userId}\"";
        assertThat(text)
                // Buckets per route, from which Prometheus computes p50/p95/p99 (histogram_quantile).
                .containsPattern("http_server_requests_seconds_bucket\\{[^}]*" + java.util.regex.Pattern.quote(route)
                        + "[^}]*le=\"2\\.0\"}")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"429\"[^}]*" + "uri=")
                .contains(route)
                .containsPattern("analytics_ratelimit_refused_total\\{[^}]*company=\"" + company
                        + "\"[^}]*limit=\"read\"[^}]*} 2\\.0")
                .contains("analytics_ratelimit_degraded 0.0")
                .containsPattern("analytics_cache_requests_total\\{[^}]*result=\"hit\"")
                .containsPattern("analytics_cache_requests_total\\{[^}]*result=\"miss\"")
                .containsPattern("analytics_cache_requests_total\\{[^}]*result=\"bypass\"")
                .contains("analytics_audit_dropped_total")
                .contains("analytics_audit_queue");

        var health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("components").has("db")).isTrue();
        assertThat(health.json().get("components").has("redis")).isTrue();
    }
}
