package io.activity.analytics.cache;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param ttl how long a read response may be served from the cache
 * @param excludedRoutes route templates (Ant patterns) never cached, besides handlers marked
 *     {@link io.activity.analytics.web.NoResponseCache} and non-JSON responses: streamed exports must not be buffered
 */
@Validated
@ConfigurationProperties("analytics.cache")
record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("120s") Duration ttl,

        @DefaultValue({"/**/export", "/**/export/**", "/**/audit-log", "/**/audit-log/**"})
        List<String> excludedRoutes) {}
