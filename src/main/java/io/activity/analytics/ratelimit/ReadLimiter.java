package io.activity.analytics.ratelimit;

import io.activity.analytics.web.SqlFiles;
import java.nio.charset.StandardCharsets;
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
    static final String CALLER_POLICY = "caller";

    // KEYS[1] the company's log, KEYS[2] the caller's log; ARGV: limit, window in microseconds, a
    // random member suffix, the caller's share of the limit (0: no per-caller share). Scores are
    // microseconds since the epoch (exact in a double until the year 2255). An entry leaves the
    // window once it is `window` old. Members are unique (time + random suffix), so two requests
    // in the same microsecond are both counted. A request is admitted only when both logs have
    // room, and then goes into both; returns the company's {admitted, remaining, reset} and the
    // caller's {remaining, reset}.
    // Read once into a string: a script made from a resource asks the class loader and the file
    // system whether it changed on every call (7 % of a read's time in a profile, docs/benchmarks.md).
    private static final RedisScript<List> SCRIPT =
            RedisScript.of(SqlFiles.text(ReadLimiter.class, "read-limit.lua"), List.class);

    private final StringRedisTemplate redis;
    private final RedisCircuit circuit;
    private final LocalSlidingWindow local;
    private final RateLimitProperties.Read read;
    private final int localLimit;
    private final int callerShare;
    private final int localCallerShare;
    private final long windowSeconds;

    ReadLimiter(
            StringRedisTemplate redis, RedisCircuit circuit, LocalSlidingWindow local, RateLimitProperties properties) {
        this.redis = redis;
        this.circuit = circuit;
        this.local = local;
        this.read = properties.read();
        this.localLimit = properties.share(read.limit());
        this.callerShare = read.callerShare(read.limit());
        this.localCallerShare = read.callerShare(localLimit);
        this.windowSeconds = read.window().toSeconds();
    }

    /**
     * The company's log. Its {@code {company}} hash tag is shared by every key of the company (the
     * caller logs, the ingest bucket, the cache), so in a Redis Cluster they all live in one slot
     * and the script, which touches two of them, runs on one node.
     */
    static String key(UUID company) {
        return "rl:read:{" + company + "}";
    }

    /** The caller's own log within the company's: by a hash of the token's subject, never the subject. */
    static String callerKey(UUID company, String subject) {
        return key(company) + ":caller:" + callerId(company, subject);
    }

    private static UUID callerId(UUID company, String subject) {
        return UUID.nameUUIDFromBytes((company + "\n" + subject).getBytes(StandardCharsets.UTF_8));
    }

    /** One read of the company by the caller with this token subject. */
    Decision acquire(UUID company, String subject) {
        return circuit.call(() -> shared(company, subject), () -> local(company, subject));
    }

    private Decision shared(UUID company, String subject) {
        List<?> result = redis.execute(
                SCRIPT,
                List.of(key(company), callerKey(company, subject)),
                String.valueOf(read.limit()),
                String.valueOf(read.window().toNanos() / 1000),
                Long.toHexString(ThreadLocalRandom.current().nextLong()),
                String.valueOf(callerShare));
        if (result == null || result.size() != 5) {
            throw new IllegalStateException("Unexpected rate-limit script result: " + result);
        }
        boolean admitted = number(result, 0) == 1;
        Decision whole = decision(POLICY, admitted, read.limit(), number(result, 1), number(result, 2) * 1000);
        if (callerShare == 0) {
            return whole;
        }
        Decision caller = decision(CALLER_POLICY, admitted, callerShare, number(result, 3), number(result, 4) * 1000);
        return tighter(whole, caller);
    }

    private Decision local(UUID company, String subject) {
        if (localCallerShare > 0) {
            // Checked first: a caller over its share must not use up the company's window.
            long[] mine = local.peek(
                    callerId(company, subject), localCallerShare, read.window().toNanos());
            if (mine[0] == 0) {
                return decision(CALLER_POLICY, false, localCallerShare, mine[1], mine[2]);
            }
        }
        long[] r = local.acquire(company, localLimit, read.window().toNanos());
        Decision decision = decision(POLICY, r[0] == 1, localLimit, r[1], r[2]);
        if (localCallerShare == 0 || !decision.admitted()) {
            return decision;
        }
        long[] mine = local.acquire(
                callerId(company, subject), localCallerShare, read.window().toNanos());
        return tighter(decision, decision(CALLER_POLICY, true, localCallerShare, mine[1], mine[2]));
    }

    /** A refusal names the policy that refused; an admission reports the one with less room left. */
    private static Decision tighter(Decision company, Decision caller) {
        if (!company.admitted()) {
            return company.remaining() == 0 ? company : caller; // whichever log was full
        }
        return caller.remaining() < company.remaining() ? caller : company;
    }

    private static long number(List<?> result, int index) {
        return ((Number) result.get(index)).longValue();
    }

    private Decision decision(String policy, boolean admitted, long limit, long remaining, long resetNanos) {
        long reset = Decision.ceilSeconds(resetNanos);
        // Rounded up, so a client that waits this long always finds the oldest entry gone.
        long retryAfter = admitted ? 0 : Math.max(1, reset);
        return new Decision(admitted, policy, limit, windowSeconds, Math.max(0, remaining), reset, retryAfter);
    }
}
