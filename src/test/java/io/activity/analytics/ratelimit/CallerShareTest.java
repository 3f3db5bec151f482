package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The optional per-caller share of the read limit: with half of 100, one member's script can use
 * 50 reads a window and the rest of the company still has the other 50.
 */
@TestPropertySource(properties = "analytics.rate-limit.read.caller-share=0.5")
class CallerShareTest extends IntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    @Test
    void oneCallerCannotUseUpTheCompanysReads() {
        UUID company = company("UTC");
        UUID greedy = member(company);
        UUID other = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + greedy;

        for (int i = 1; i <= 50; i++) {
            Api.Response ok = api.get(path, Tokens.user(greedy));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            // The tighter of the two windows is reported: the caller's own.
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"caller\";q=50;w=60");
            assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(50 - i));
        }
        Api.Response refused = api.get(path, Tokens.user(greedy));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("code").asString()).isEqualTo("rate_limit_exceeded");
        assertThat(refused.header("RateLimit-Policy")).isEqualTo("\"caller\";q=50;w=60");
        assertThat(refused.json().get("retry_after").asLong()).isBetween(1L, 60L);
        // The refusal took nothing from the company's window.
        assertThat(redis.opsForZSet().zCard(ReadLimiter.key(company))).isEqualTo(50L);

        // Everyone else still reads, until the company's own limit of 100.
        for (int i = 1; i <= 50; i++) {
            Api.Response ok = api.get(path, Tokens.user(other));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        }
        Api.Response full = api.get(path, Tokens.user(other));
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.header("RateLimit-Policy")).isEqualTo("\"company\";q=100;w=60");
    }
}
