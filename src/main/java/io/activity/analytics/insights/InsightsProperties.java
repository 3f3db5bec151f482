package io.activity.analytics.insights;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param features route template (Ant pattern) → feature name for the endpoints report; the first
 *     pattern that matches wins (keep the file's order), an unmatched route is "other". Empty or
 *     absent means the built-in map (one feature per endpoint group). In YAML a key with slashes
 *     needs brackets: `"[/api/v2/companies/{companyId}/user-metrics/**]": user-metrics`.
 */
@ConfigurationProperties("analytics.insights")
record InsightsProperties(@DefaultValue Map<String, String> features) {

    static final String OTHER = "other";

    private static final String COMPANY = "/api/v2/companies/{companyId}";

    InsightsProperties {
        if (features == null || features.isEmpty()) {
            features = defaults();
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(COMPANY + "/user-metrics/**", "user-metrics");
        map.put(COMPANY + "/users/*/activity", "activity");
        map.put(COMPANY + "/devices/*/activity", "activity");
        map.put(COMPANY + "/apps/*/activity", "activity");
        map.put(COMPANY + "/active-users/**", "active-users");
        map.put(COMPANY + "/user-status-counts", "status-counts");
        map.put(COMPANY + "/page-statistics", "page-statistics");
        map.put(COMPANY + "/insights/**", "insights");
        map.put(COMPANY + "/heartbeats", "ingest");
        map.put(COMPANY + "/track/**", "tracking");
        map.put(COMPANY + "/members/**", "provisioning");
        map.put(COMPANY, "provisioning");
        map.put(COMPANY + "/audit-log", "audit");
        map.put(COMPANY + "/analytics/**", "retention");
        return map;
    }
}
