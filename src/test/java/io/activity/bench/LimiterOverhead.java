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
 * same GET is sent sequentially to each in alternating rounds (so drift hits both alike), and the
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
            for (int i = 0; i < 500; i++) { // warm-up: JIT, pools, script cache
                apiOn.get(path, token);
                apiOff.get(path, token);
            }
            long[] withLimiter = new long[requests];
            long[] without = new long[requests];
            int rounds = 10;
            int perRound = requests / rounds;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < perRound; i++) {
                    without[r * perRound + i] = time(apiOff, path, token, false);
                }
                for (int i = 0; i < perRound; i++) {
                    withLimiter[r * perRound + i] = time(apiOn, path, token, true);
                }
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
