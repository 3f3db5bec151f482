package io.activity.analytics.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The route → feature map: built-in defaults, first match wins, a configured map replaces them. */
class FeatureMapTest {

    @Test
    void builtInMapCoversTheServiceRoutes() {
        var features = new FeatureMap(new InsightsProperties(Map.of()));
        assertThat(features.feature("/api/v2/companies/{companyId}/user-metrics/"))
                .isEqualTo("user-metrics");
        assertThat(features.feature("/api/v2/companies/{companyId}/user-metrics/export/"))
                .isEqualTo("user-metrics");
        assertThat(features.feature("/api/v2/companies/{companyId}/devices/{deviceId}/activity"))
                .isEqualTo("activity");
        assertThat(features.feature("/api/v2/companies/{companyId}/active-users/stickiness"))
                .isEqualTo("active-users");
        assertThat(features.feature("/api/v2/companies/{companyId}/heartbeats")).isEqualTo("ingest");
        assertThat(features.feature("/api/v2/companies/{companyId}")).isEqualTo("provisioning");
        assertThat(features.feature("/actuator/health")).isEqualTo("other");
    }

    @Test
    void aConfiguredMapReplacesTheDefaultsAndTheFirstMatchWins() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("/api/v2/companies/*/user-metrics/export/**", "exports");
        configured.put("/api/v2/companies/*/user-metrics/**", "metrics");
        var features = new FeatureMap(new InsightsProperties(configured));
        assertThat(features.feature("/api/v2/companies/{companyId}/user-metrics/export/"))
                .isEqualTo("exports");
        assertThat(features.feature("/api/v2/companies/{companyId}/user-metrics/"))
                .isEqualTo("metrics");
        assertThat(features.feature("/api/v2/companies/{companyId}/heartbeats")).isEqualTo("other");
    }
}
