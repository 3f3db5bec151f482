package io.activity.analytics.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What is cached is declared on the handler: JSON reads, unless marked
 * {@link io.activity.analytics.web.NoResponseCache} (streamed exports, the audit log).
 *
 * @param enabled whether read responses are cached in Redis at all
 * @param ttl how long a read response may be served from the cache
 */
@Validated
@ConfigurationProperties("analytics.cache")
record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("120s") Duration ttl) {}
