package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.AnalyticsApplication;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.TestInfrastructure;
import io.activity.analytics.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL taken away from a running instance: a private instance of the service whose
 * datasource goes through a {@link TcpProxy} that the test cuts (open connections closed, new
 * ones refused). Reads and writes must answer 503 service_unavailable with Retry-After within a
 * few seconds, never a 500 and never a hang; once the proxy is restored the same instance serves
 * again without a restart. The shared PostgreSQL is never touched.
 */
@Tag("fault")
class DatabaseOutageTest {

    private static final Duration PROMPT = Duration.ofSeconds(6);

    private static TcpProxy proxy;
    private static ConfigurableApplicationContext app;
    private static Api api;

    @BeforeAll
    static void start() throws Exception {
        Map<String, Object> properties = new LinkedHashMap<>();
        TestInfrastructure.register((name, value) -> properties.put(name, value.get()));
        String url = (String) properties.get("spring.datasource.url");
        var target = java.net.URI.create(url.substring("jdbc:".length()));
        proxy = new TcpProxy(target.getHost(), target.getPort());
        properties.put(
                "spring.datasource.url",
                "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath()
                        + (target.getQuery() == null ? "" : "?" + target.getQuery()));
        properties.put("server.port", 0);
        properties.put("analytics.rate-limit.read.enabled", false);
        properties.put("spring.datasource.hikari.maximum-pool-size", 4);
        properties.put("spring.datasource.hikari.minimum-idle", 1);
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        app = new SpringApplicationBuilder(AnalyticsApplication.class).run(args.toArray(String[]::new));
        api = new Api(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (proxy != null) proxy.close();
    }

    @Test
    void readsAndWritesAnswer503WhileTheDatabaseIsCutAndRecoverWithoutARestart() throws Exception {
        UUID company = UUID.randomUUID();
        assertThat(api.put(
                                "/api/v2/companies/" + company,
                                Tokens.provision(),
                                Map.of("name", "Outage Co", "timezone", "UTC"))
                        .status())
                .isEqualTo(201);
        UUID user = UUID.randomUUID();
        String memberPath = "/api/v2/companies/" + company + "/members/" + user;
        assertThat(api.put(
                                memberPath,
                                Tokens.provision(),
                                Map.of("email", "o@example.com", "role", "owner", "status", "active"))
                        .status())
                .isEqualTo(201);
        String token = Tokens.user(user);
        assertThat(api.get(memberPath, token).status()).isEqualTo(200);
        assertThat(proxy.openConnections())
                .as("the pool talks to PostgreSQL through the proxy")
                .isPositive();

        proxy.cut();
        List<java.util.function.Supplier<Api.Response>> requests = new ArrayList<>(List.of(
                () -> api.get(memberPath, token),
                () -> api.get("/api/v2/companies/" + company, Tokens.provision()),
                () -> api.patch(memberPath, Tokens.provision(), Map.of("department", "Ops"))));
        for (int i = 0; i < 8; i++) {
            requests.add(() -> api.get(memberPath, token));
        }
        // The first three one after another, then eight at once (a burst of readers).
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<long[]>> timings = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            var request = requests.get(i);
            java.util.concurrent.Callable<long[]> timed = () -> {
                long started = System.nanoTime();
                Api.Response response = request.get();
                long took = System.nanoTime() - started;
                assertThat(Duration.ofNanos(took))
                        .as("answered promptly: %s", response)
                        .isLessThan(PROMPT);
                assertThat(response.status()).as(response.toString()).isEqualTo(503);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
                assertThat(response.json().get("code").asString()).isEqualTo("service_unavailable");
                assertThat(response.header("Retry-After")).isEqualTo("5");
                assertThat(response.body()).doesNotContainIgnoringCase("sql").doesNotContain("Exception");
                return new long[] {took};
            };
            if (i < 3) {
                timed.call();
            } else {
                timings.add(pool.submit(timed));
            }
        }
        for (var timing : timings) {
            timing.get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        pool.shutdown();
        int refusals = requests.size();
        var health = api.get("/actuator/health", null);
        assertThat(health.status()).as(health.toString()).isEqualTo(503);

        proxy.restore();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Api.Response again = api.get(memberPath, token);
        while (again.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            again = api.get(memberPath, token);
        }
        System.out.println("PROXY after restore: refused " + proxy.refused + " forwarded " + proxy.forwarded);
        assertThat(again.status()).as("recovered without a restart: %s", again).isEqualTo(200);
        for (int i = 0; i < 10; i++) {
            assertThat(api.get(memberPath, token).status()).isEqualTo(200);
        }
        assertThat(api.patch(memberPath, Tokens.provision(), Map.of("department", "Ops"))
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
        System.out.printf(
                "DATABASE OUTAGE: %d requests during the cut, all 503 with Retry-After; recovered%n", refusals);
    }
}
