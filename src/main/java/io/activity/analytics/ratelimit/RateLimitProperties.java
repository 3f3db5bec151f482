package io.activity.analytics.ratelimit;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param instances how many instances share the limits; while Redis is unreachable each instance
 *     admits {@code limit / instances} on its own, so the fleet stays near the shared limit
 * @param circuitOpen how long Redis is skipped after a failure before one request tries it again
 */
@Validated
@ConfigurationProperties("analytics.rate-limit")
record RateLimitProperties(
        @DefaultValue("1") int instances,
        @DefaultValue("5s") Duration circuitOpen,
        @DefaultValue Read read,
        @DefaultValue Ingest ingest) {

    /** Sliding window: at most {@code limit} GETs per company in any {@code window}. */
    record Read(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100") int limit,
            @DefaultValue("60s") Duration window) {}

    /**
     * Token bucket per company for ingest POSTs: {@code capacity} tokens, refilled greedily by
     * {@code refill} tokens per {@code period}. One request costs one token, whatever its batch size.
     */
    record Ingest(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("6000") long capacity,
            @DefaultValue("6000") long refill,
            @DefaultValue("1m") Duration period,

            @DefaultValue({"/api/v2/companies/{companyId}/heartbeats", "/api/v2/companies/{companyId}/track/**"})
            List<String> routes) {}

    int share(long limit) {
        return (int) Math.max(1, limit / Math.max(1, instances));
    }
}
