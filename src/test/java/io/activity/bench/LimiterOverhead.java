package io.activity.bench;

import io.activity.analytics.AnalyticsApplication;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.TestInfrastructure;
import io.activity.analytics.support.Tokens;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * S9: what the read limiter adds per request. Two instances in one JVM on the same database and
 * Redis, identical except for analytics.rate-limit.read.enabled, response cache off in both; the
 * same GET is sent sequentially to each in turn, one request each (so drift hits both alike), and the
 * p50/p99 of each are compared. Not a test: run by hand (see docs/operations.md).
 */
public final class LimiterOverhead {

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        String db = TestInfrastructure.jdbcUrl();
        ConfigurableApplicationContext on = start(db, true);
        ConfigurableApplicationContext off = start(db, false);
        try {
            Api apiOn = new Api(port(on));
            Api apiOff = new Api(port(off));
            UUID company = UUID.randomUUID();
            apiOn.put("/api/v2/companies/" + company, Tokens.provision(), Map.of("name", "Bench", "timezone", "UTC"));
            UUID user = UUID.randomUUID();
            apiOn.put(
                    "/api/v2/companies/" + company + "/members/" + user,
                    Tokens.provision(),
                    Map.of("email", "b@example.com", "status", "active"));
            String path = "/api/v2/companies/" + company + "/members/" + user;
            String token = Tokens.user(user);
            warmUp(apiOn, apiOff, path, token);
            long[] withLimiter = new long[requests];
            long[] without = new long[requests];
            for (int i = 0; i < requests; i++) { // one each in turn: drift and pauses hit both alike
                without[i] = time(apiOff, path, token, false);
                withLimiter[i] = time(apiOn, path, token, true);
            }
            report("limiter off", without);
            report("limiter on ", withLimiter);
            System.out.printf(
                    "added: p50 %.3f ms, p99 %.3f ms%n",
                    (pct(withLimiter, 0.5) - pct(without, 0.5)) / 1e6,
                    (pct(withLimiter, 0.99) - pct(without, 0.99)) / 1e6);
        } finally {
            on.close();
            off.close();
        }
    }

    /**
     * Until both instances' medians are stable (two consecutive rounds of 1,000 requests each
     * within 5 %, at most 40 rounds): a few hundred requests leave the limiter's path (Lettuce, the
     * script call) still interpreted, which measured the JIT, not the limiter. Prints how long it took.
     */
    private static void warmUp(Api on, Api off, String path, String token) {
        long started = System.nanoTime();
        double lastOn = 0;
        double lastOff = 0;
        int rounds = 0;
        boolean stable = false;
        while (!stable && rounds < 40) {
            long[] withLimiter = new long[1000];
            long[] without = new long[1000];
            for (int i = 0; i < 1000; i++) {
                without[i] = time(off, path, token, false);
                withLimiter[i] = time(on, path, token, true);
            }
            double p50On = pct(withLimiter, 0.5);
            double p50Off = pct(without, 0.5);
            stable = rounds > 0 && within5(lastOn, p50On) && within5(lastOff, p50Off);
            lastOn = p50On;
            lastOff = p50Off;
            rounds++;
        }
        System.out.printf(
                "warm-up: %d rounds of 1000 requests per instance, %.1f s, stable: %s%n",
                rounds, (System.nanoTime() - started) / 1e9, stable);
    }

    private static boolean within5(double previous, double current) {
        return Math.abs(current - previous) <= 0.05 * previous;
    }

    private static long time(Api api, String path, String token, boolean limited) {
        long started = System.nanoTime();
        var response = api.get(path, token);
        long took = System.nanoTime() - started;
        if (response.status() != 200 || limited != (response.header("X-RateLimit-Limit") != null)) {
            throw new IllegalStateException("unexpected response " + response);
        }
        return took;
    }

    private static double pct(long[] values, double p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
    }

    private static void report(String name, long[] values) {
        System.out.printf(
                "%s: n=%d p50 %.3f ms, p99 %.3f ms%n",
                name, values.length, pct(values, 0.5) / 1e6, pct(values, 0.99) / 1e6);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static ConfigurableApplicationContext start(String db, boolean limiter) {
        return new SpringApplicationBuilder(AnalyticsApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + db,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--analytics.security.jwt.hmac-secret=" + Tokens.SECRET,
                        "--analytics.db.create-if-missing=false",
                        "--analytics.cache.enabled=false",
                        "--analytics.rate-limit.read.limit=1000000",
                        "--analytics.rate-limit.read.enabled=" + limiter,
                        "--logging.level.root=WARN");
    }
}
