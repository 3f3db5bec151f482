package io.activity.analytics.ratelimit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Remembers that Redis just failed, so a dead Redis costs one short timeout every few seconds
 * instead of one per request. While open ("degraded"), callers use their local fallback; after
 * {@code circuitOpen} a single request probes Redis again and closes the circuit if it answers.
 * Shared by the limiters and the response cache: there is one Redis.
 */
@Component
public class RedisCircuit {

    private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);

    private final long openNanos;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean degraded;
    private volatile long retryAt;

    RedisCircuit(RateLimitProperties properties, MeterRegistry meters) {
        this.openNanos = properties.circuitOpen().toNanos();
        Gauge.builder("analytics.ratelimit.degraded", this, c -> c.degraded ? 1 : 0)
                .description("1 while Redis is unreachable and limits are applied per instance")
                .register(meters);
    }

    public boolean degraded() {
        return degraded;
    }

    /**
     * Runs {@code redis} unless the circuit is open; on any failure (or while open) returns
     * {@code fallback}'s answer instead. Never throws what Redis threw.
     */
    public <T> T call(Supplier<T> redis, Supplier<T> fallback) {
        if (!mayCall()) {
            return fallback.get();
        }
        T result;
        try {
            result = redis.get();
        } catch (RuntimeException e) {
            failed(e);
            return fallback.get();
        }
        succeeded();
        return result;
    }

    private boolean mayCall() {
        if (!degraded) {
            return true;
        }
        if (System.nanoTime() - retryAt < 0) {
            return false;
        }
        return probing.compareAndSet(false, true); // one probe at a time; the others stay local
    }

    private void succeeded() {
        if (degraded) {
            synchronized (this) {
                if (degraded) {
                    degraded = false;
                    log.info("Redis is reachable again: rate limits are shared and the response cache is back on");
                }
            }
        }
        probing.set(false);
    }

    private void failed(RuntimeException e) {
        retryAt = System.nanoTime() + openNanos;
        if (!degraded) {
            synchronized (this) {
                if (!degraded) {
                    degraded = true;
                    log.warn(
                            "Redis is unreachable ({}): limiting per instance and bypassing the response cache; "
                                    + "retrying Redis every {} ms",
                            e.toString(),
                            openNanos / 1_000_000);
                }
            }
        }
        probing.set(false);
    }
}
