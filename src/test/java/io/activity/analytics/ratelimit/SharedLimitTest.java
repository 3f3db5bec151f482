package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.AnalyticsApplication;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.activity.probe.IngestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances of the service sharing one PostgreSQL and one Redis, with the production read
 * limit (100 per rolling 60 s): eight clients run for just over a minute. The ingest bucket holds 5.
 */
@Tag("load")
class SharedLimitTest extends IntegrationTest {

    private static final int LIMIT = 100;
    private static final long WINDOW_MICROS = 60_000_000L;
    private static final String[] LIMITS = {
        "analytics.rate-limit.read.limit=" + LIMIT,
        "analytics.rate-limit.read.window=60s",
        "analytics.rate-limit.ingest.capacity=5",
        "analytics.rate-limit.ingest.refill=5",
        "analytics.rate-limit.ingest.period=1m"
    };

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        for (String limit : LIMITS) {
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
        List<String> properties = new ArrayList<>(List.of(LIMITS));
        for (String key : List.of(
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "spring.data.redis.host",
                "spring.data.redis.port",
                "analytics.security.jwt.hmac-secret")) {
            properties.add(key + "=" + env.getProperty(key));
        }
        properties.add("server.port=0");
        properties.add("analytics.db.create-if-missing=false");
        // As command-line arguments: they outrank application.yml, as the test's own properties do.
        second = new SpringApplicationBuilder(AnalyticsApplication.class, Probe.class)
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
        secondApi = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
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
        String token = Tokens.user(user);
        String key = "rl:read:" + company;

        // Every admitted request stays in the company's sorted set for a whole window, scored with
        // Redis's clock; sampling it every 100 ms therefore sees every admission and its time.
        Map<String, Double> admissions = new ConcurrentHashMap<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    var entries = redis.opsForZSet().rangeWithScores(key, 0, -1);
                    if (entries != null) {
                        entries.forEach(e -> admissions.put(e.getValue(), e.getScore()));
                    }
                } catch (RuntimeException e) {
                    // A slow reply on a loaded machine (the client times out at 250 ms) must not end
                    // the sampling: the next sample still sees every admission of the last window.
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();

        Api[] instances = {api, secondApi};
        ExecutorService clients = Executors.newFixedThreadPool(8);
        long end = System.nanoTime() + Duration.ofMillis(61_500).toNanos();
        List<Future<int[]>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            results.add(clients.submit(() -> {
                int[] counts = new int[3]; // admitted by instance 1, by instance 2, refused
                int i = thread;
                while (System.nanoTime() < end) {
                    int instance = i++ % 2;
                    var response = instances[instance].get(path, token);
                    if (response.status() == 200) {
                        counts[instance]++;
                    } else {
                        assertThat(response.status()).isEqualTo(429);
                        assertThat(Long.parseLong(response.header("Retry-After")))
                                .isBetween(1L, 60L);
                        counts[2]++;
                    }
                    Thread.sleep(40); // about 200 requests a second in all, far above the limit
                }
                return counts;
            }));
        }
        int first = 0, secondCount = 0, refused = 0;
        for (var result : results) {
            int[] counts = result.get(120, TimeUnit.SECONDS);
            first += counts[0];
            secondCount += counts[1];
            refused += counts[2];
        }
        clients.shutdown();
        Thread.sleep(150);
        sampling.set(false);
        sampler.join();

        int admitted = first + secondCount;
        assertThat(first).as("admitted by instance 1").isPositive();
        assertThat(secondCount).as("admitted by instance 2").isPositive();
        assertThat(refused).isPositive();
        assertThat(admissions).as("every admission is in the shared log").hasSize(admitted);
        // Just over one window: the first window's 100, then the slots that freed after 60 s.
        assertThat(admitted).isBetween(LIMIT + 1, 2 * LIMIT);
        List<Double> times = admissions.values().stream().sorted().toList();
        for (int i = 0; i + LIMIT < times.size(); i++) {
            // Admission i + LIMIT may only happen once admission i has left the window.
            assertThat(times.get(i + LIMIT) - times.get(i))
                    .as("admissions %d and %d", i, i + LIMIT)
                    .isGreaterThanOrEqualTo((double) WINDOW_MICROS);
        }
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
        assertThat(redis.getExpire("rl:ingest:" + company)).isBetween(1L, 80L);

        var otherCompany = api.post("/api/v2/companies/" + other + "/track/limit-probe", token, Map.of());
        assertThat(otherCompany.status()).isEqualTo(202);
        assertThat(otherCompany.header("X-RateLimit-Remaining")).isEqualTo("4");
        // Reads have their own limit.
        var read = api.get("/api/v2/companies/" + company, Tokens.provision());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("RateLimit-Policy")).isEqualTo("\"company\";q=100;w=60");
    }
}
