// S1 / S1r load client (JDK only: java bench/IngestLoad.java ...). Posts `batches` batches of
// `size` heartbeats to POST /api/v2/companies/{company}/heartbeats from `clients` threads over
// loopback and prints one JSON line: requests, events, seconds, p50/p99 per request, events/s,
// accepted, duplicates, errors. The batches are a pure function of the seed, so running again
// with the same seed replays exactly the same event ids (S1r: all duplicates).
// With --tsv FILE it instead writes `batches * size` rows of the same shape, with other event
// ids, as COPY text for the same-run \copy baseline.
import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class IngestLoad {

    public static void main(String[] a) throws Exception {
        String base = arg(a, "--url", "http://127.0.0.1:18084");
        String company = arg(a, "--company", null);
        String token = arg(a, "--token", "");
        Path usersFile = Path.of(arg(a, "--users", null));
        int batches = Integer.parseInt(arg(a, "--batches", "200"));
        int size = Integer.parseInt(arg(a, "--size", "500"));
        int clients = Integer.parseInt(arg(a, "--clients", "4"));
        long seed = Long.parseLong(arg(a, "--seed", "1"));
        long maxSeconds = Long.parseLong(arg(a, "--max-seconds", "60"));
        String tsv = optional(a, "--tsv");
        List<String> users = Files.readAllLines(usersFile).stream().filter(s -> !s.isBlank()).toList();
        // Recent times (ingest refuses events older than retention): the last 24 h, on the minute grid.
        long anchor = Instant.parse(arg(a, "--anchor", Instant.now().minusSeconds(3600).toString())).getEpochSecond();

        if (tsv != null) {
            try (BufferedWriter out = Files.newBufferedWriter(Path.of(tsv))) {
                SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
                for (long i = 0; i < (long) batches * size; i++) {
                    String user = users.get(r.nextInt(users.size()));
                    Instant at = Instant.ofEpochSecond(anchor - r.nextInt(86_400));
                    out.write(company + "\t" + at + "\t" + UUID.randomUUID() + "\t" + user + "\tbench-copy\t"
                            + r.nextInt(18) + "\t0\t0\t" + r.nextInt(25) + "\t0\n");
                }
            }
            return;
        }

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String uri = base + "/api/v2/companies/" + company + "/heartbeats";
        long[] latencies = new long[batches];
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        Pattern acc = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
        Pattern dup = Pattern.compile("\"duplicates\"\\s*:\\s*(\\d+)");
        // Every body is built before the clock starts: the load generator shares the machine with the
        // service and PostgreSQL, and building 500-event JSON documents while measuring took CPU
        // from them (docs/benchmarks.md, "Where the misses' time goes").
        byte[][] bodies = new byte[batches][];
        for (int b = 0; b < batches; b++) {
            bodies[b] = batch(seed, b, size, users, anchor).getBytes(StandardCharsets.UTF_8);
        }
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        String[] lastError = {null};
        long started = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                int b;
                while ((b = next.getAndIncrement()) < batches && System.nanoTime() < deadline) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies[b])).build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies[b] = System.nanoTime() - t0;
                        if (response.statusCode() == 200) {
                            Matcher m = acc.matcher(response.body());
                            if (m.find()) accepted.addAndGet(Long.parseLong(m.group(1)));
                            m = dup.matcher(response.body());
                            if (m.find()) duplicates.addAndGet(Long.parseLong(m.group(1)));
                        } else {
                            errors.incrementAndGet();
                            lastError[0] = response.statusCode() + " " + response.body();
                        }
                    } catch (Exception e) {
                        latencies[b] = System.nanoTime() - t0;
                        errors.incrementAndGet();
                        lastError[0] = e.toString();
                    }
                    done.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        double seconds = (System.nanoTime() - started) / 1e9;
        int n = done.get();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        double p50 = n == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(0.5 * n) - 1)] / 1e6;
        double p99 = n == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(0.99 * n) - 1)] / 1e6;
        long events = (long) n * size;
        System.out.printf(
                "{\"requests\":%d,\"events\":%d,\"seconds\":%.3f,\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
                        + "\"events_per_s\":%.1f,\"committed_per_s\":%.1f,\"accepted\":%d,\"duplicates\":%d,"
                        + "\"errors\":%d,\"last_error\":%s}%n",
                n, events, seconds, p50, p99, events / seconds, accepted.get() / seconds, accepted.get(),
                duplicates.get(), errors.get(),
                lastError[0] == null ? "null" : "\"" + lastError[0].replace("\\", "\\\\").replace("\"", "'")
                        .replace("\n", " ").substring(0, Math.min(200, lastError[0].length())) + "\"");
    }

    /** Batch b of the seed: the same event ids every time it is built. */
    static String batch(long seed, int b, int size, List<String> users, long anchor) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + b);
        StringBuilder json = new StringBuilder(size * 260).append("{\"heartbeats\":[");
        for (int i = 0; i < size; i++) {
            if (i > 0) json.append(',');
            String user = users.get(r.nextInt(users.size()));
            Instant at = Instant.ofEpochSecond(anchor - r.nextInt(86_400));
            UUID id = new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | Long.MIN_VALUE);
            json.append("{\"event_id\":\"").append(id).append("\",\"user_id\":\"").append(user)
                    .append("\",\"device_id\":\"bench-").append(r.nextInt(4)).append("\",\"generated_at\":\"")
                    .append(at).append("\",\"chrome_activity_count\":").append(r.nextInt(18))
                    .append(",\"edge_activity_count\":0,\"firefox_activity_count\":0,\"desktop_activity_count\":")
                    .append(r.nextInt(25)).append(",\"web_accessibility_activity_count\":0}");
        }
        return json.append("]}").toString();
    }

    static String optional(String[] a, String name) {
        for (int i = 0; i + 1 < a.length; i++) {
            if (a[i].equals(name)) return a[i + 1];
        }
        return null;
    }

    static String arg(String[] a, String name, String fallback) {
        for (int i = 0; i + 1 < a.length; i++) {
            if (a[i].equals(name)) return a[i + 1];
        }
        if (fallback == null) {
            System.err.println("IngestLoad: " + name + " is required");
            System.exit(2);
        }
        return fallback;
    }
}
