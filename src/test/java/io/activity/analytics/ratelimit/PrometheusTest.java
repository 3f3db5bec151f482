package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operational metrics are exposed to Prometheus once traffic has produced them, to a
 * management credential only (scope analytics:monitor), and no series names a company.
 */
class PrometheusTest extends IntegrationTest {

    private static final Pattern READ_REFUSALS =
            Pattern.compile("analytics_ratelimit_refused_total\\{([^}]*)limit=\"read\"[^}]*} (\\S+)");
    private static final Pattern ANY_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private String scrape() {
        var scrape = api.get("/actuator/prometheus", Tokens.monitor());
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        return scrape.body();
    }

    private static double readRefusals(String text) {
        Matcher m = READ_REFUSALS.matcher(text);
        return m.find() ? Double.parseDouble(m.group(2)) : 0;
    }

    @Test
    void prometheusExposesRequestPercentilesLimiterCacheAndAuditMetrics() {
        double refusedBefore = readRefusals(scrape());
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        for (int i = 0; i < 101; i++) {
            api.get(path, Tokens.user(user));
        }
        assertThat(api.get(path, Tokens.user(user)).status()).isEqualTo(429);

        String text = scrape();
        String route = "uri=\"/api/v2/companies/{companyId}/members/{userId}\"";
        assertThat(text)
                // Buckets per route, from which Prometheus computes p50/p95/p99 (histogram_quantile).
                .containsPattern(
                        "http_server_requests_seconds_bucket\\{[^}]*" + Pattern.quote(route) + "[^}]*le=\"2\\.0\"}")
                .containsPattern("http_server_requests_seconds_count\\{[^}]*status=\"429\"[^}]*" + "uri=")
                .contains(route)
                .containsPattern(READ_REFUSALS.pattern())
                .contains("analytics_ratelimit_degraded 0.0")
                .containsPattern("analytics_cache_requests_total\\{[^}]*result=\"hit\"")
                .containsPattern("analytics_cache_requests_total\\{[^}]*result=\"miss\"")
                .containsPattern("analytics_cache_requests_total\\{[^}]*result=\"bypass\"")
                .contains("analytics_audit_dropped_total")
                .contains("analytics_audit_queue");
        // The two refusals are counted fleet-wide, under no company.
        assertThat(readRefusals(text) - refusedBefore).isEqualTo(2.0);
        assertThat(text).doesNotContain("company=").doesNotContain(company.toString());
        assertThat(ANY_UUID.matcher(text).find()).as("a UUID in the scrape").isFalse();

        var health = api.get("/actuator/health", Tokens.monitor());
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("components").has("db")).isTrue();
        assertThat(health.json().get("components").has("redis")).isTrue();
    }
}
