package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.TestInfrastructure;
import io.activity.analytics.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis going away and coming back, on a private redis-server started for this class on a spare
 * port (the machine's shared Redis is never touched). Shared limit 10, two instances assumed, so
 * each instance admits 5 on its own while Redis is down.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Its Redis is gone after the class: the context is closed then, not kept reconnecting to it.
@DirtiesContext
class RedisFallbackTest {

    private static int redisPort;
    private static Process redisServer;

    // Not an IntegrationTest subclass: the shared infrastructure is registered first, right here,
    // so this Redis port surely replaces the shared one.
    @DynamicPropertySource
    static void privateRedis(DynamicPropertyRegistry registry) throws Exception {
        TestInfrastructure.register(registry);
        redisPort = freePort();
        startRedis();
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> redisPort);
        registry.add("analytics.rate-limit.read.limit", () -> 10);
        registry.add("analytics.rate-limit.instances", () -> 2);
        registry.add("analytics.rate-limit.circuit-open", () -> "1s");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void startRedis() throws Exception {
        redisServer = new ProcessBuilder(
                        "redis-server",
                        "--port",
                        String.valueOf(redisPort),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--daemonize",
                        "no")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var ping = new ProcessBuilder("redis-cli", "-p", String.valueOf(redisPort), "ping")
                    .redirectErrorStream(true)
                    .start();
            String answer = new String(ping.getInputStream().readAllBytes()).trim();
            ping.waitFor();
            if (answer.equals("PONG")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("private redis-server did not start on port " + redisPort);
    }

    private static void stopRedis() throws InterruptedException {
        redisServer.destroy();
        redisServer.waitFor(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void cleanUp() throws InterruptedException {
        if (redisServer != null && redisServer.isAlive()) {
            stopRedis();
        }
    }

    @LocalServerPort
    int port;

    private Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    private UUID company() {
        UUID id = UUID.randomUUID();
        assertThat(api.put("/api/v2/companies/" + id, Tokens.provision(), Map.of("name", "Co", "timezone", "UTC"))
                        .status())
                .isEqualTo(201);
        return id;
    }

    private UUID member(UUID company) {
        UUID user = UUID.randomUUID();
        assertThat(api.put(
                                "/api/v2/companies/" + company + "/members/" + user,
                                Tokens.provision(),
                                Map.of("email", user + "@example.com", "status", "active"))
                        .status())
                .isEqualTo(201);
        return user;
    }

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JdbcClient jdbc;

    /**
     * "status duration_ms" of the company's recorded requests completed after {@code after} (server
     * time), oldest first, once {@code count} of them are written (the recorder writes in batches).
     */
    private List<String> awaitUsage(UUID company, Instant after, int count) throws InterruptedException {
        List<String> rows = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            rows = jdbc.sql("""
                            select status || ' ' || duration_ms from usage_events
                            where company_id = :company and occurred_at > :after order by occurred_at
                            """)
                    .param("company", company)
                    .param("after", java.sql.Timestamp.from(after))
                    .query(String.class)
                    .list();
            if (rows.size() >= count) {
                break;
            }
            Thread.sleep(50);
        }
        return rows;
    }

    @Autowired
    MeterRegistry meters;

    private double degraded() {
        return meters.get("analytics.ratelimit.degraded").gauge().value();
    }

    @Test
    void readsGoOnUnderTheLocalLimitWhileRedisIsDownAndSharedLimitingResumes(CapturedOutput output) throws Exception {
        UUID company = company();
        UUID user = member(company);
        UUID otherCompany = company();
        UUID otherUser = member(otherCompany);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        String token = Tokens.user(user);

        // Shared: the private Redis holds the log.
        for (int i = 1; i <= 3; i++) {
            var ok = api.get(path, token);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("10");
            assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(10 - i));
        }
        assertThat(redis.opsForZSet().zCard("rl:read:{" + company + "}")).isEqualTo(3L);
        assertThat(degraded()).isZero();
        double bypassed = meters.get("analytics.cache.requests")
                .tag("result", "bypass")
                .counter()
                .count();

        stopRedis();

        // The server's clock before the first degraded request: the timestamp of a problem body
        // (an unauthenticated request, refused before any limiter or cache runs).
        var unauthenticated = api.get(path, null);
        assertThat(unauthenticated.status()).isEqualTo(401);
        Instant before = Instant.parse(unauthenticated.json().get("timestamp").asString());

        // Degraded: this instance's share (10 / 2) per 60 s; the local window opens with the first.
        for (int i = 1; i <= 5; i++) {
            Api.Response ok = api.get(path, token);
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            assertThat(ok.header("X-RateLimit-Limit")).isEqualTo("5");
            assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(5 - i));
            assertThat(ok.header("RateLimit-Policy")).isEqualTo("\"company\";q=5;w=60");
            if (i == 1) {
                assertThat(ok.header("X-RateLimit-Reset"))
                        .as("the first admission opens the window")
                        .isEqualTo("60");
            }
        }
        var refused = api.get(path, token);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("code").asString()).isEqualTo("rate_limit_exceeded");
        // retry_after is what is left of the window opened by the first degraded admission, rounded
        // up. Measured with the server's own timestamps: that admission came after `before`, the
        // refusal was decided before its body's timestamp, so less than this has passed between them
        // (+1 ms: both timestamps are cut to the millisecond).
        Instant refusedAt = Instant.parse(refused.json().get("timestamp").asString());
        long elapsedMillis = Duration.between(before, refusedAt).toMillis() + 1;
        long leastLeft = Math.max(1, (long) Math.ceil((60_000 - elapsedMillis) / 1000.0));
        assertThat(refused.json().get("retry_after").asLong())
                .as("retry_after with %d ms between the server's timestamps", elapsedMillis)
                .isBetween(leastLeft, 60L);
        assertThat(refused.header("Retry-After"))
                .isEqualTo(refused.json().get("retry_after").asString());
        // No request waits on Redis: each took under a second by the server's own measure (the usage
        // event's duration spans the limiter and the response cache's lookup).
        List<String> durations = awaitUsage(company, before, 6);
        assertThat(durations)
                .as("status and duration of each degraded request, by the server")
                .hasSize(6)
                .allSatisfy(d ->
                        assertThat(Double.parseDouble(d.split(" ")[1])).as(d).isLessThan(1_000.0));
        assertThat(durations.stream().map(d -> d.split(" ")[0]))
                .containsExactlyInAnyOrder("200", "200", "200", "200", "200", "429");
        assertThat(degraded()).isEqualTo(1.0);
        // The cache is bypassed, and counted, while Redis is away.
        assertThat(meters.get("analytics.cache.requests")
                        .tag("result", "bypass")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(bypassed + 5);
        // Other companies keep their own local quota.
        var other = api.get("/api/v2/companies/" + otherCompany + "/members/" + otherUser, Tokens.user(otherUser));
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("X-RateLimit-Remaining")).isEqualTo("4");
        assertThat(output.getOut()).contains("WARN").contains("Redis is unreachable");

        startRedis();

        // Back: within a few seconds (circuit 1 s, reconnect back-off ≤ 1 s) the shared limit
        // applies again, on the fresh, empty Redis.
        Api.Response shared = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            var response = api.get(path, token);
            if ("10".equals(response.header("X-RateLimit-Limit"))) {
                shared = response;
                break;
            }
            assertThat(response.status()).isEqualTo(429); // still local, and still full
            Thread.sleep(200);
        }
        assertThat(shared).as("shared limiting resumed").isNotNull();
        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.header("X-RateLimit-Remaining")).isEqualTo("9");
        assertThat(redis.opsForZSet().zCard("rl:read:{" + company + "}")).isEqualTo(1L);
        assertThat(degraded()).isZero();
        assertThat(output.getOut()).contains("INFO").contains("Redis is reachable again");
    }
}
