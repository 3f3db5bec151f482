package io.activity.analytics.insights;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;

/** Which product feature a route template belongs to, from the configured patterns. */
@Component
class FeatureMap {

    private final Map<String, String> patterns;
    private final AntPathMatcher matcher = new AntPathMatcher();
    private final Map<String, String> resolved = new ConcurrentHashMap<>();

    FeatureMap(InsightsProperties properties) {
        this.patterns = properties.features();
    }

    String feature(String route) {
        return resolved.computeIfAbsent(
                route,
                r -> patterns.entrySet().stream()
                        .filter(e -> matcher.match(e.getKey(), r))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElse(InsightsProperties.OTHER));
    }
}
