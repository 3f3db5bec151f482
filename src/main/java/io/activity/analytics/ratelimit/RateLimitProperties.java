package io.activity.analytics.ratelimit;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;
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

    /**
     * Sliding window: at most {@code limit} GETs per company in any {@code window}.
     *
     * @param enabled whether reads are rate-limited at all
     * @param limit reads per window per company, shared by every instance through Redis
     * @param window the rolling window of the read limit
     * @param callerShare off (0, the default) or the fraction (0 < share ≤ 1) of the company's limit
     *     one caller (one token subject) may use in a window, so one script run by one member
     *     cannot use up the company's reads and lock everybody else's dashboard out
     */
    record Read(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100") int limit,
            @DefaultValue("60s") Duration window,

            @DefaultValue("0") @DecimalMin("0") @DecimalMax("1")
            double callerShare) {

        /** The per-caller limit within {@code limit} (at least 1), or 0 when there is none. */
        int callerShare(int limit) {
            return callerShare <= 0 ? 0 : (int) Math.max(1, Math.floor(limit * callerShare));
        }
    }

    /**
     * Token bucket per company for the ingest handlers ({@code @DataIngest}): {@code capacity} tokens, refilled greedily by
     * {@code refill} tokens per {@code period}. One request costs one token, whatever its batch size.
     *
     * @param enabled whether ingest requests are rate-limited at all
     * @param capacity size of a company's ingest token bucket: the largest burst of requests
     * @param refill tokens added to the bucket per period
     * @param period the refill period of the ingest bucket
     */
    record Ingest(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("6000") long capacity,
            @DefaultValue("6000") long refill,
            @DefaultValue("1m") Duration period) {}

    int share(long limit) {
        return (int) Math.max(1, limit / Math.max(1, instances));
    }
}
