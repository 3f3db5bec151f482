package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.activity.probe.IngestProbe;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances of the service sharing one PostgreSQL and one Redis, with the production read
 * limit (100 per rolling 60 s): {@link SharedWindowRun} runs eight clients until Redis's clock is
 * just over one window past the first admission. The ingest bucket holds 5.
 */
@Tag("load")
class SharedLimitTest extends IntegrationTest {

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        for (String limit : SharedWindowRun.LIMITS) {
            String[] kv = limit.split("=");
            registry.add(kv[0], () -> kv[1]);
        }
    }

    @TestConfiguration
    @Import(IngestProbe.class)
    static class Probe {}

    private static ConfigurableApplicationContext second;
    private static Api secondApi;

    @Autowired
    Environment env;

    @Autowired
    StringRedisTemplate redis;

    /** The second instance: same database, same Redis, same limits, its own port. */
    @BeforeEach
    void secondInstance() {
        if (second != null) {
            return;
        }
        second = SharedWindowRun.secondInstance(
                env,
                List.of(
                        "spring.data.redis.host=" + env.getProperty("spring.data.redis.host"),
                        "spring.data.redis.port=" + env.getProperty("spring.data.redis.port")),
                Probe.class);
        secondApi = new Api(SharedWindowRun.port(second));
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void noRollingWindowAdmitsMoreThanTheLimitAcrossTwoInstances() throws Exception {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        var run = SharedWindowRun.run(
                new Api[] {api, secondApi}, path, Tokens.user(user), redis, "rl:read:{" + company + "}");
        SharedWindowRun.assertExact(run);
    }

    @Test
    void theIngestBucketIsSharedPerCompanyAndSeparateFromReads() {
        UUID company = company("UTC");
        UUID other = company("UTC");
        String token = Tokens.ingest();
        String path = "/api/v2/companies/" + company + "/track/limit-probe";

        for (int i = 1; i <= 5; i++) {
            var response = (i % 2 == 0 ? secondApi : api).post(path, token, Map.of());
            assertThat(response.status()).as(response.toString()).isEqualTo(202);
            assertThat(response.header("X-RateLimit-Limit")).isEqualTo("5");
            assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(5 - i));
            assertThat(response.header("RateLimit-Policy")).isEqualTo("\"ingest\";q=5;w=60");
        }
        for (Api instance : new Api[] {api, secondApi}) {
            var refused = instance.post(path, token, Map.of());
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().get("code").asString()).isEqualTo("rate_limit_exceeded");
            // 5 tokens a minute: the next one comes within 12 s.
            long retryAfter = refused.json().get("retry_after").asLong();
            assertThat(retryAfter).isBetween(1L, 12L);
            assertThat(refused.header("Retry-After")).isEqualTo(String.valueOf(retryAfter));
            assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(refused.header("RateLimit")).isEqualTo("\"ingest\";r=0;t=" + retryAfter);
        }
        // The bucket's key expires by itself once it would be full again.
        assertThat(redis.getExpire("rl:ingest:{" + company + "}")).isBetween(1L, 80L);

        var otherCompany = api.post("/api/v2/companies/" + other + "/track/limit-probe", token, Map.of());
        assertThat(otherCompany.status()).isEqualTo(202);
        assertThat(otherCompany.header("X-RateLimit-Remaining")).isEqualTo("4");
        // Reads have their own limit.
        var read = api.get("/api/v2/companies/" + company, Tokens.provision());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("RateLimit-Policy")).isEqualTo("\"company\";q=100;w=60");
    }
}
