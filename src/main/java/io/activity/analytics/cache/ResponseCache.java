package io.activity.analytics.cache;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The cached responses in Redis. Every key holds the company's generation number
 * ({@code cache:gen:{<company>}}); clearing a company's cache is one INCR of that number, after
 * which its old entries are never looked up again and simply expire. No key scans.
 */
@Component
class ResponseCache {

    /** A cached response: the body and the two headers that go with it. */
    record Entry(String etag, String contentType, byte[] body) {

        String encode() {
            return etag + "\n" + contentType + "\n" + new String(body, StandardCharsets.UTF_8);
        }

        static Entry decode(String value) {
            int first = value.indexOf('\n');
            int second = value.indexOf('\n', first + 1);
            return new Entry(
                    value.substring(0, first),
                    value.substring(first + 1, second),
                    value.substring(second + 1).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The generation the lookup saw (a miss is stored under it) and, on a hit, the entry. */
    record Lookup(String generation, Entry entry, long ttlMillis) {}

    // One round trip: read the generation, then the entry of that generation and its TTL. The
    // entry's key depends on the generation, so the script builds it and cannot declare it in KEYS;
    // it carries the same {company} hash tag as KEYS[1], so in a Redis Cluster it is in the same
    // slot, on the node the script runs on.
    private static final RedisScript<List> LOOKUP = RedisScript.of("""
            local gen = redis.call('GET', KEYS[1]) or '0'
            local key = ARGV[1] .. gen .. ':' .. ARGV[2]
            local value = redis.call('GET', key)
            if not value then return {gen} end
            return {gen, value, redis.call('PTTL', key)}
            """, List.class);

    private final StringRedisTemplate redis;

    ResponseCache(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Hash-tagged with the company, like all of its keys (ReadLimiter.key says why). */
    static String generationKey(UUID company) {
        return "cache:gen:{" + company + "}";
    }

    private static String prefix(UUID company) {
        return "cache:{" + company + "}:";
    }

    Lookup lookup(UUID company, String request) {
        List<?> result = redis.execute(LOOKUP, List.of(generationKey(company)), prefix(company), request);
        if (result == null || result.isEmpty()) {
            throw new IllegalStateException("Unexpected cache lookup result: " + result);
        }
        String generation = String.valueOf(result.get(0));
        if (result.size() < 3) {
            return new Lookup(generation, null, 0);
        }
        return new Lookup(
                generation, Entry.decode(String.valueOf(result.get(1))), ((Number) result.get(2)).longValue());
    }

    /** Stores the entry for {@code ttlMillis}, after which Redis drops it and the next read is a miss. */
    void store(UUID company, String generation, String request, Entry entry, long ttlMillis) {
        redis.opsForValue()
                .set(prefix(company) + generation + ":" + request, entry.encode(), ttlMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Moves the company to a new generation. The counter itself expires a day after its last
     * change; when it restarts at 0 every entry of the old generation 0 expired long ago.
     */
    void invalidate(UUID company) {
        String key = generationKey(company);
        redis.opsForValue().increment(key);
        redis.expire(key, 1, TimeUnit.DAYS);
    }
}
