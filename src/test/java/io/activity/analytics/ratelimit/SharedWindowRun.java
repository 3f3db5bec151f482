package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.AnalyticsApplication;
import io.activity.analytics.support.Api;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The two-instance exactness run of the read limit, shared by {@link SharedLimitTest} (one Redis)
 * and {@link RedisClusterTest} (a Redis Cluster): eight clients alternate between two instances
 * until Redis's clock is {@link #PAST_THE_WINDOW_MICROS} past the first admission, i.e. just over
 * one window, while a sampler copies the company's sorted set (every admission, scored with
 * Redis's TIME). Then no rolling window may hold more than the limit.
 */
final class SharedWindowRun {

    static final int LIMIT = 100;
    static final long WINDOW_MICROS = 60_000_000L;
    /** How far past the first admission's window (by Redis's clock) the clients keep going. */
    static final long PAST_THE_WINDOW_MICROS = 2_000_000L;

    /** The production read limit, a small ingest bucket, and a timeout a loaded machine can meet. */
    static final List<String> LIMITS = List.of(
            "analytics.rate-limit.read.limit=" + LIMIT,
            "analytics.rate-limit.read.window=60s",
            "analytics.rate-limit.ingest.capacity=5",
            "analytics.rate-limit.ingest.refill=5",
            "analytics.rate-limit.ingest.period=1m",
            // The subject is the shared window's exactness, not the fallback (RedisFallbackTest): with
            // the default 250 ms a Redis reply slowed by a saturated CI machine opens the circuit and
            // the instances admit on their local limits, which are not in the shared log (seen once:
            // 153 admitted, 150 logged, "Redis command timed out" in the log).
            "spring.data.redis.timeout=5s");

    private SharedWindowRun() {}

    /**
     * A second instance of the service: the test context's database and JWT secret, the given
     * Redis properties and {@link #LIMITS}, its own port. As command-line arguments, so they
     * outrank application.yml, as the test's own properties do.
     */
    static ConfigurableApplicationContext secondInstance(Environment env, List<String> redis, Class<?>... extra) {
        List<String> properties = new ArrayList<>(LIMITS);
        for (String key : List.of(
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "analytics.security.jwt.hmac-secret")) {
            properties.add(key + "=" + env.getProperty(key));
        }
        properties.addAll(redis);
        properties.add("server.port=0");
        properties.add("analytics.db.create-if-missing=false");
        List<Class<?>> sources = new ArrayList<>(List.of(AnalyticsApplication.class));
        sources.addAll(List.of(extra));
        return new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    /** What one run saw: admissions per instance, refusals, and every admission's Redis time. */
    record Result(int first, int second, int refused, long firstAdmission, long stoppedAt, List<Double> times) {
        int admitted() {
            return first + second;
        }
    }

    /** Runs the clients against {@code path} of the company whose read log is {@code key}. */
    static Result run(Api[] instances, String path, String token, StringRedisTemplate redis, String key)
            throws Exception {
        // Every admitted request stays in the company's sorted set for a whole window, scored with
        // Redis's clock (TIME, in microseconds); sampling it every 100 ms therefore sees every
        // admission and its time.
        Map<String, Double> admissions = new ConcurrentHashMap<>();
        Runnable sample = () -> {
            var entries = redis.opsForZSet().rangeWithScores(key, 0, -1);
            if (entries != null) {
                entries.forEach(e -> admissions.put(e.getValue(), e.getScore()));
            }
        };
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                try {
                    sample.run();
                } catch (RuntimeException e) {
                    // A slow reply on a loaded machine must not end the sampling: the next sample
                    // still sees every admission of the last window.
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<int[]>> results = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            results.add(clients.submit(() -> {
                int[] counts = new int[3]; // admitted by instance 1, by instance 2, refused
                int i = thread;
                while (running.get()) {
                    int instance = i++ % 2;
                    var response = instances[instance].get(path, token);
                    if (response.status() == 200) {
                        counts[instance]++;
                    } else {
                        assertThat(response.status()).as(response.toString()).isEqualTo(429);
                        assertThat(Long.parseLong(response.header("Retry-After")))
                                .isBetween(1L, 60L);
                        counts[2]++;
                    }
                    Thread.sleep(40); // about 200 requests a second in all, far above the limit
                }
                return counts;
            }));
        }
        // The run is measured with Redis's clock from the first admission, not from when the
        // clients started: however slowly the first requests get in, the clients stop only once
        // Redis's TIME is past that admission's window.
        long firstAdmission;
        long stoppedAt;
        try {
            long hangGuard = System.nanoTime() + Duration.ofMinutes(4).toNanos();
            firstAdmission = -1;
            while (true) {
                assertThat(System.nanoTime())
                        .as("Redis's clock passed the first admission's window within 4 minutes")
                        .isLessThan(hangGuard);
                Thread.sleep(50);
                if (firstAdmission < 0) {
                    // The lowest score in the log: nothing leaves it before its window is over.
                    firstAdmission = lowestScore(redis, key);
                    continue;
                }
                Long redisNow = redisMicros(redis, key);
                if (redisNow != null && redisNow > firstAdmission + WINDOW_MICROS + PAST_THE_WINDOW_MICROS) {
                    stoppedAt = redisNow;
                    break;
                }
            }
        } finally {
            running.set(false);
            sampling.set(false);
        }
        int first = 0, second = 0, refused = 0;
        for (var result : results) {
            int[] counts = result.get(120, TimeUnit.SECONDS);
            first += counts[0];
            second += counts[1];
            refused += counts[2];
        }
        clients.shutdown();
        sampler.join();
        // One last look after every client has stopped: whatever was admitted since the sampler's
        // last look is less than a window old, so still in the log.
        for (int attempt = 1; ; attempt++) {
            try {
                sample.run();
                break;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
        Result result = new Result(
                first,
                second,
                refused,
                firstAdmission,
                stoppedAt,
                admissions.values().stream().sorted().toList());
        System.out.printf(
                "SHARED LIMIT %d admitted (instance 1 %d, instance 2 %d), %d refused, %d in the log, over %.1f s"
                        + " of Redis time from the first admission%n",
                result.admitted(), first, second, refused, result.times().size(), (stoppedAt - firstAdmission) / 1e6);
        return result;
    }

    /** The exactness the run must show: every admission logged, none over the limit in any window. */
    static void assertExact(Result run) {
        assertThat(run.first()).as("admitted by instance 1").isPositive();
        assertThat(run.second()).as("admitted by instance 2").isPositive();
        assertThat(run.refused()).isPositive();
        assertThat(run.times()).as("every admission is in the shared log").hasSize(run.admitted());
        List<Double> times = run.times();
        assertThat(times.get(0).longValue()).as("the first admission").isEqualTo(run.firstAdmission());
        // Just over one window of Redis time after the first admission: the first window's 100,
        // then the slots that freed 60 s after their admission.
        assertThat(run.admitted()).isBetween(LIMIT + 1, 2 * LIMIT);
        for (int i = 0; i + LIMIT < times.size(); i++) {
            // Admission i + LIMIT may only happen once admission i has left the window.
            assertThat(times.get(i + LIMIT) - times.get(i))
                    .as("admissions %d and %d", i, i + LIMIT)
                    .isGreaterThanOrEqualTo((double) WINDOW_MICROS);
        }
    }

    /** The lowest score in the sorted set, or -1 while it is empty or Redis is slow to answer. */
    private static long lowestScore(StringRedisTemplate redis, String key) {
        try {
            var lowest = redis.opsForZSet().rangeWithScores(key, 0, 0);
            return lowest == null || lowest.isEmpty()
                    ? -1
                    : lowest.iterator().next().getScore().longValue();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * Redis's clock in microseconds, or null when it did not answer in time on a loaded machine.
     * Asked of the node that holds {@code key} (in a cluster, the node whose clock scored the log).
     */
    private static Long redisMicros(StringRedisTemplate redis, String key) {
        try {
            List<?> time = redis.execute((RedisCallback<List<?>>) c -> c.scriptingCommands()
                    .eval("return redis.call('TIME')".getBytes(), ReturnType.MULTI, 1, key.getBytes()));
            return Long.parseLong(text(time.get(0))) * 1_000_000L + Long.parseLong(text(time.get(1)));
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes) : String.valueOf(value);
    }
}
