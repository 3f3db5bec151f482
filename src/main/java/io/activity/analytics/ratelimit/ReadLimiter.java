package io.activity.analytics.ratelimit;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The read limit: at most {@code limit} requests per company in any rolling window, counted in
 * one Redis sorted set per company by one atomic script. Redis's own clock (TIME) is the only
 * clock, so instances with skewed clocks still agree.
 */
@Component
class ReadLimiter {

    static final String POLICY = "company";

    // KEYS[1] the company's log; ARGV: limit, window in microseconds, a random member suffix.
    // Scores are microseconds since the epoch (exact in a double until the year 2255). An entry
    // leaves the window once it is `window` old. Members are unique (time + random suffix), so
    // two requests in the same microsecond are both counted.
    private static final RedisScript<List> SCRIPT = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local count = redis.call('ZCARD', KEYS[1])
            local admitted = 0
            if count < limit then
              redis.call('ZADD', KEYS[1], now, t[1] .. '.' .. t[2] .. '-' .. ARGV[3])
              count = count + 1
              admitted = 1
            end
            redis.call('PEXPIRE', KEYS[1], math.floor(window / 1000) + 1000)
            local reset = 0
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            if oldest[2] then reset = tonumber(oldest[2]) + window - now end
            return {admitted, limit - count, reset}
            """, List.class);

    private final StringRedisTemplate redis;
    private final RedisCircuit circuit;
    private final LocalSlidingWindow local;
    private final RateLimitProperties.Read read;
    private final int localLimit;
    private final long windowSeconds;

    ReadLimiter(
            StringRedisTemplate redis, RedisCircuit circuit, LocalSlidingWindow local, RateLimitProperties properties) {
        this.redis = redis;
        this.circuit = circuit;
        this.local = local;
        this.read = properties.read();
        this.localLimit = properties.share(read.limit());
        this.windowSeconds = read.window().toSeconds();
    }

    static String key(UUID company) {
        return "rl:read:" + company;
    }

    Decision acquire(UUID company) {
        return circuit.call(() -> shared(company), () -> local(company));
    }

    private Decision shared(UUID company) {
        List<?> result = redis.execute(
                SCRIPT,
                List.of(key(company)),
                String.valueOf(read.limit()),
                String.valueOf(read.window().toNanos() / 1000),
                Long.toHexString(ThreadLocalRandom.current().nextLong()));
        if (result == null || result.size() != 3) {
            throw new IllegalStateException("Unexpected rate-limit script result: " + result);
        }
        return decision(
                ((Number) result.get(0)).longValue() == 1,
                read.limit(),
                ((Number) result.get(1)).longValue(),
                ((Number) result.get(2)).longValue() * 1000);
    }

    private Decision local(UUID company) {
        long[] r = local.acquire(company, localLimit, read.window().toNanos());
        return decision(r[0] == 1, localLimit, r[1], r[2]);
    }

    private Decision decision(boolean admitted, long limit, long remaining, long resetNanos) {
        long reset = Decision.ceilSeconds(resetNanos);
        // Rounded up, so a client that waits this long always finds the oldest entry gone.
        long retryAfter = admitted ? 0 : Math.max(1, reset);
        return new Decision(admitted, POLICY, limit, windowSeconds, Math.max(0, remaining), reset, retryAfter);
    }
}
