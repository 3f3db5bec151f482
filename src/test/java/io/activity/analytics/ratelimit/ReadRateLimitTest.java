package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/** The read limit with its defaults: 100 GETs per company in any 60 s, shared through Redis. */
class ReadRateLimitTest extends IntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    private String memberPath(UUID company, UUID user) {
        return "/api/v2/companies/" + company + "/members/" + user;
    }

    @Test
    void theHundredAndFirstReadInAWindowIsRefused() {
        UUID company = company("UTC");
        UUID user = member(company);
        String token = Tokens.user(user);

        for (int i = 1; i <= 100; i++) {
            Api.Response ok = api.get(memberPath(company, user), token);
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("100");
            assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(100 - i));
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"company\";q=100;w=60");
            long reset = Long.parseLong(ok.header("X-RateLimit-Reset"));
            assertThat(reset).isBetween(1L, 60L);
            assertThat(ok.header("RateLimit")).isEqualTo("\"company\";r=" + (100 - i) + ";t=" + reset);
        }

        Api.Response refused = api.get(memberPath(company, user), token);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        var body = refused.json();
        assertThat(body.get("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(body.get("status").asInt()).isEqualTo(429);
        assertThat(body.get("title").asString()).isEqualTo("Too Many Requests");
        assertThat(body.has("type") && body.has("detail") && body.has("timestamp"))
                .isTrue();
        long retryAfter = body.get("retry_after").asLong();
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(retryAfter));
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("100");
        assertThat(refused.header("RateLimit")).isEqualTo("\"company\";r=0;t=" + retryAfter);
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"company\";q=100;w=60");

        // Never earlier than a slot really frees: the oldest entry (scored by Redis's clock in
        // microseconds) leaves the window 60 s after it was admitted.
        String key = "rl:read:{" + company + "}";
        assertThat(redis.opsForZSet().zCard(key)).isEqualTo(100L);
        double oldest =
                redis.opsForZSet().rangeWithScores(key, 0, 0).iterator().next().getScore();
        long nowMicros = redisMicros();
        assertThat(retryAfter * 1_000_000L).isGreaterThanOrEqualTo((long) oldest + 60_000_000L - nowMicros);
        // The key expires soon after the window, so idle companies leave nothing behind.
        assertThat(redis.getExpire(key)).isBetween(55L, 61L);

        // Refusals add nothing to the log.
        assertThat(api.get(memberPath(company, user), token).status()).isEqualTo(429);
        assertThat(redis.opsForZSet().zCard(key)).isEqualTo(100L);
    }

    @Test
    void anotherCompanyIsUnaffectedAndHeadersCannotChooseTheKey() {
        UUID full = company("UTC");
        UUID fullUser = member(full);
        UUID other = company("UTC");
        UUID otherUser = member(other);
        for (int i = 0; i < 100; i++) {
            assertThat(api.get(memberPath(full, fullUser), Tokens.user(fullUser))
                            .status())
                    .isEqualTo(200);
        }
        assertThat(api.get(memberPath(full, fullUser), Tokens.user(fullUser)).status())
                .isEqualTo(429);

        // Headers naming the other company do not move the exhausted company's requests elsewhere…
        var disguised = api.send(
                "GET",
                memberPath(full, fullUser),
                Tokens.user(fullUser),
                null,
                null,
                "X-Company-Id",
                other.toString(),
                "X-Tenant-Id",
                other.toString(),
                "X-Forwarded-For",
                "10.9.8.7",
                "X-RateLimit-Key",
                other.toString());
        assertThat(disguised.status()).isEqualTo(429);

        // …and the other company still has its whole quota, even when its requests name the full one.
        var fresh = api.send(
                "GET",
                memberPath(other, otherUser),
                Tokens.user(otherUser),
                null,
                null,
                "X-Company-Id",
                full.toString(),
                "X-RateLimit-Key",
                full.toString());
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("X-RateLimit-Remaining")).isEqualTo("99");
        assertThat(redis.opsForZSet().zCard("rl:read:{" + other + "}")).isEqualTo(1L);
        assertThat(redis.opsForZSet().zCard("rl:read:{" + full + "}")).isEqualTo(100L);
    }

    @Test
    void refusedAccessUsesNoQuotaAndWritesAreNotReadLimited() {
        UUID company = company("UTC");
        UUID user = member(company);
        UUID stranger = member(company("UTC"));

        var notMember = api.get(memberPath(company, user), Tokens.user(stranger));
        assertThat(notMember.status()).isEqualTo(404);
        assertThat(notMember.header("X-RateLimit-Limit")).isNull();
        assertThat(redis.hasKey("rl:read:{" + company + "}")).isFalse();

        var put = api.put(
                memberPath(company, UUID.randomUUID()),
                Tokens.provision(),
                Map.of("email", "x@example.com", "status", "active"));
        assertThat(put.status()).isEqualTo(201);
        assertThat(put.header("X-RateLimit-Limit")).isNull();
        assertThat(redis.hasKey("rl:read:{" + company + "}")).isFalse();
    }

    private long redisMicros() {
        List<?> time = redis.execute(
                RedisScript.of("local t = redis.call('TIME') return {tonumber(t[1]), tonumber(t[2])}", List.class),
                List.of());
        return ((Number) time.get(0)).longValue() * 1_000_000L + ((Number) time.get(1)).longValue();
    }
}
