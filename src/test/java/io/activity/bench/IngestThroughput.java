package io.activity.bench;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A rough S1/S1r probe (not the benchmark harness): against a service already started with the
 * test JWT secret and the ingest limit off, 4 clients post batches of 500 new heartbeats for one
 * company of 500 members (each member one heartbeat per 5-minute tick, like the benchmark dataset;
 * batch b holds the next 500 of them), then replay every batch. Prints
 * committed heartbeats per second for both. Run by hand, see docs/reference/ingest.md.
 *
 * <p>Arguments: base URL (default http://127.0.0.1:18081), batches (default 400), clients (4),
 * members (500).
 */
public final class IngestThroughput {

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://127.0.0.1:18081";
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Api api = new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)));
        UUID company = UUID.randomUUID();
        check(api.put(
                "/api/v2/companies/" + company,
                Tokens.provision(),
                Map.of("name", "Bench", "timezone", "America/New_York")));
        List<UUID> members = new ArrayList<>();
        int memberCount = args.length > 3 ? Integer.parseInt(args[3]) : 500;
        for (int i = 0; i < memberCount; i++) {
            UUID user = UUID.randomUUID();
            check(api.put(
                    "/api/v2/companies/" + company + "/members/" + user,
                    Tokens.provision(),
                    Map.of("email", "m" + i + "@example.com", "status", "active")));
            members.add(user);
        }
        Random random = new Random(42);
        // Whole 5-minute ticks ending about now (the members report together, like the dataset).
        Instant start = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 300 * 300 - 300L * batches);
        List<String> bodies = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
            List<Map<String, Object>> beats = new ArrayList<>(500);
            for (int i = 0; i < 500; i++) {
                // The dataset's shape: every member reports every 5 minutes; batch b is tick b.
                UUID user = members.get((b * 500 + i) % members.size());
                Map<String, Object> beat = new LinkedHashMap<>();
                beat.put("event_id", UUID.randomUUID().toString());
                beat.put("user_id", user.toString());
                beat.put("device_id", "laptop-" + user.toString().substring(0, 4) + random.nextInt(2));
                // Tick b is b * 5 minutes after a start far enough back that the last tick is in the past.
                beat.put("generated_at", start.plusSeconds(300L * b).toString());
                beat.put("chrome_activity_count", random.nextInt(10));
                beat.put("edge_activity_count", 0);
                beat.put("firefox_activity_count", random.nextInt(2));
                beat.put("desktop_activity_count", random.nextInt(20));
                beat.put("web_accessibility_activity_count", 0);
                beats.add(beat);
            }
            bodies.add(Api.json(Map.of("heartbeats", beats)));
        }
        String path = "/api/v2/companies/" + company + "/heartbeats";
        String token = Tokens.ingest();
        // Warm-up on a separate company-sized slice is skipped: the first run includes JIT warm-up.
        run("new     ", api, path, token, bodies, clients);
        run("replayed", api, path, token, bodies, clients);
    }

    private static void run(String label, Api api, String path, String token, List<String> bodies, int clients)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long started = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    var response = api.send("POST", path, token, bodies.get(i), "application/json");
                    if (response.status() != 200) {
                        throw new IllegalStateException(response.toString());
                    }
                    accepted.addAndGet(response.json().get("accepted").asInt());
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        int events = bodies.size() * 500;
        System.out.printf(
                "%s: %d heartbeats (%d accepted) in %.2f s = %.0f heartbeats/s%n",
                label, events, accepted.get(), seconds, events / seconds);
    }

    private static void check(Api.Response response) {
        if (response.status() >= 300) {
            throw new IllegalStateException(response.toString());
        }
    }
}
