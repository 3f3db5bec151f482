package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.activity.probe.IngestProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances of the service on a real Redis Cluster (three masters, three replicas, Debian's
 * redis-server, started by tools/redis-cluster.sh on ports 18701-18706 for this class): the read
 * ingest bucket and the response cache work, when the master holding a company's slot is killed
 * mid-run the service keeps answering (200 or 429, limits per instance while the circuit is open,
 * docs/scaling.md), and once its replica has taken over the read limit is exact across both
 * instances ({@link SharedWindowRun}, as on one Redis). The first instance is configured with Boot's
 * spring.data.redis.cluster.nodes, the second with the service's own analytics.redis.cluster-nodes.
 */
@Tag("scaleout")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Its cluster is gone after the class: the context is closed then, not kept reconnecting to it.
@DirtiesContext
class RedisClusterTest extends IntegrationTest {

    private static final int FIRST_PORT = 18701;
    private static final String NODES = "127.0.0.1:18701,127.0.0.1:18702,127.0.0.1:18703";
    private static final String SCRIPT = "tools/redis-cluster.sh";

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) throws Exception {
        script("start", String.valueOf(FIRST_PORT));
        for (String limit : SharedWindowRun.LIMITS) {
            String[] kv = limit.split("=");
            registry.add(kv[0], () -> kv[1]);
        }
        registry.add("spring.data.redis.cluster.nodes", () -> NODES);
        // While the circuit is open each instance admits half the shared limit on its own.
        registry.add("analytics.rate-limit.instances", () -> 2);
        registry.add("analytics.rate-limit.circuit-open", () -> "1s");
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

    @Autowired
    RedisConnectionFactory factory;

    @Autowired
    RedisCircuit circuit;

    @Autowired
    MeterRegistry meters;

    @BeforeEach
    void secondInstance() {
        if (second != null) {
            return;
        }
        second = SharedWindowRun.secondInstance(
                env,
                List.of(
                        "analytics.redis.cluster-nodes=" + NODES,
                        "analytics.rate-limit.instances=2",
                        "analytics.rate-limit.circuit-open=1s"),
                Probe.class);
        secondApi = new Api(SharedWindowRun.port(second));
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            if (second != null) {
                second.close();
                second = null;
            }
        } finally {
            script("stop", String.valueOf(FIRST_PORT));
        }
    }

    private List<RedisCircuit> circuits() {
        return List.of(circuit, second.getBean(RedisCircuit.class));
    }

    @Test
    @Order(1)
    void bothInstancesUseTheClusterForLimitsAndCache() {
        for (var f : List.of(factory, second.getBean(RedisConnectionFactory.class))) {
            assertThat(((LettuceConnectionFactory) f).getClusterConfiguration())
                    .as("a cluster client")
                    .isNotNull();
        }
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;

        // The cache's lookup script reads the generation and an entry it names itself: both carry
        // the company's hash tag, so a second read is a hit, not a cross-slot error.
        double hits = meters.get("analytics.cache.requests")
                .tag("result", "hit")
                .counter()
                .count();
        var first = api.get(path, Tokens.user(user));
        assertThat(first.status()).isEqualTo(200);
        jdbc.sql("update users set first_name = 'Changed' where company_id = ? and user_id = ?")
                .params(company, user)
                .update();
        var cached = api.get(path, Tokens.user(user));
        assertThat(cached.json().get("first_name").asString()).isEqualTo("First");
        assertThat(meters.get("analytics.cache.requests")
                        .tag("result", "hit")
                        .counter()
                        .count())
                .isEqualTo(hits + 1);
        // Both reads are in the company's one log, on the cluster (not in a local fallback window).
        assertThat(redis.opsForZSet().zCard("rl:read:{" + company + "}")).isEqualTo(2L);

        // The ingest bucket (Bucket4j over a cluster connection) is shared by both instances.
        String ingest = "/api/v2/companies/" + company + "/track/limit-probe";
        for (int i = 1; i <= 5; i++) {
            var accepted = (i % 2 == 0 ? secondApi : api).post(ingest, Tokens.ingest(), Map.of());
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            assertThat(accepted.header("X-RateLimit-Remaining")).isEqualTo(String.valueOf(5 - i));
        }
        assertThat(secondApi.post(ingest, Tokens.ingest(), Map.of()).status()).isEqualTo(429);
        assertThat(redis.getExpire("rl:ingest:{" + company + "}")).isBetween(1L, 80L);
        assertThat(circuits()).noneMatch(RedisCircuit::degraded);
    }

    @Test
    @Order(2)
    void upWhileAMasterIsKilledThenExactAcrossInstancesAfterTheFailover() throws Exception {
        // The exactness run is done once, on the cluster after the failover (three masters again,
        // one of them the promoted replica): it takes a full minute, and a healthy cluster before
        // the kill would only repeat it (SharedLimitTest runs it on one Redis).
        // 1. Kill the master holding another company's slot while both instances serve it.
        UUID busy = company("UTC");
        UUID busyUser = member(busy);
        int slot = slot("rl:read:{" + busy + "}");
        Node master = masterOf(slot);
        Node replica = replicaOf(master);
        Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Long>> slowest = new ArrayList<>();
        Api[] instances = {api, secondApi};
        for (int t = 0; t < 4; t++) {
            Api instance = instances[t % 2];
            slowest.add(clients.submit(() -> {
                long worst = 0;
                while (running.get()) {
                    long started = System.nanoTime();
                    var response =
                            instance.get("/api/v2/companies/" + busy + "/members/" + busyUser, Tokens.user(busyUser));
                    worst = Math.max(worst, System.nanoTime() - started);
                    statuses.add(response.status());
                    Thread.sleep(50);
                }
                return worst;
            }));
        }
        boolean sawDegraded = false;
        long failedOverAfter;
        long closedAfter;
        try {
            Thread.sleep(2000);
            script("kill", String.valueOf(master.port()));
            long killed = System.nanoTime();
            long guard = killed + Duration.ofSeconds(60).toNanos();
            // Until the replica is a master, the cluster answers for the slot again and both
            // instances have gone back to Redis and stayed there for two seconds.
            long failedOver = -1;
            long closedSince = -1;
            while (true) {
                assertThat(System.nanoTime())
                        .as("failed over and back on the cluster within 60 s")
                        .isLessThan(guard);
                boolean degraded = circuits().stream().anyMatch(RedisCircuit::degraded);
                sawDegraded |= degraded;
                if (failedOver < 0 && role(replica.port()).equals("master")) {
                    failedOver = System.nanoTime();
                }
                if (degraded || failedOver < 0) {
                    closedSince = -1;
                } else if (closedSince < 0) {
                    closedSince = System.nanoTime();
                } else if (System.nanoTime() - closedSince
                        > Duration.ofSeconds(2).toNanos()) {
                    break;
                }
                Thread.sleep(50);
            }
            failedOverAfter = failedOver - killed;
            closedAfter = closedSince - killed;
        } finally {
            running.set(false);
        }
        long worst = 0;
        for (var f : slowest) {
            worst = Math.max(worst, f.get(30, TimeUnit.SECONDS));
        }
        clients.shutdown();
        System.out.printf(
                "CLUSTER FAILOVER master %d killed, replica %d master after %.1f s, circuits closed after %.1f s,"
                        + " statuses %s, slowest response %.0f ms%n",
                master.port(), replica.port(), failedOverAfter / 1e9, closedAfter / 1e9, statuses, worst / 1e6);
        assertThat(sawDegraded)
                .as("the circuit opened while the slot's master was gone")
                .isTrue();
        assertThat(statuses).as("every answer was a read or a refusal").isSubsetOf(200, 429);
        assertThat(statuses).contains(200);
        // A dead node fails commands at once (no waiting for the 5 s command timeout).
        assertThat(worst).isLessThan(Duration.ofSeconds(5).toNanos());

        // 2. Exact across both instances, for a company on the slot range the replica took over.
        UUID again = companyOn(replica);
        UUID againUser = member(again);
        var after = SharedWindowRun.run(
                new Api[] {api, secondApi},
                "/api/v2/companies/" + again + "/members/" + againUser,
                Tokens.user(againUser),
                redis,
                "rl:read:{" + again + "}");
        SharedWindowRun.assertExact(after);
        assertThat(circuits()).noneMatch(RedisCircuit::degraded);
    }

    /** A new company whose keys hash to a slot of {@code node} (random ids until one does). */
    private UUID companyOn(Node node) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            UUID id = UUID.randomUUID();
            if (masterOf(slot("rl:read:{" + id + "}")).id().equals(node.id())) {
                var response = api.put(
                        "/api/v2/companies/" + id, Tokens.provision(), Map.of("name", "Co " + id, "timezone", "UTC"));
                assertThat(response.status()).as(response.toString()).isEqualTo(201);
                return id;
            }
        }
        throw new AssertionError("no company id hashed to " + node + " in 200 tries");
    }

    record Node(String id, int port, String role, String master, List<int[]> slots) {
        boolean serves(int slot) {
            return slots.stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
        }
    }

    /** The slot Redis itself computes for the key (CLUSTER KEYSLOT). */
    private static int slot(String key) throws Exception {
        return Integer.parseInt(cli(surviving(), "cluster", "keyslot", key).strip());
    }

    private static Node masterOf(int slot) throws Exception {
        return nodes().stream()
                .filter(n -> n.role().equals("master") && n.serves(slot))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no master for slot " + slot));
    }

    private static Node replicaOf(Node master) throws Exception {
        return nodes().stream()
                .filter(n -> n.master().equals(master.id()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no replica of " + master));
    }

    /** CLUSTER NODES of a node that is up, parsed (id, port, master/slave, its master, slots). */
    private static List<Node> nodes() throws Exception {
        List<Node> nodes = new ArrayList<>();
        for (String line : cli(surviving(), "cluster", "nodes").split("\n")) {
            String[] f = line.strip().split(" ");
            if (f.length < 8 || f[2].contains("fail")) {
                continue;
            }
            int port = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1, f[1].indexOf('@')));
            String role = f[2].contains("master") ? "master" : "slave";
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                String[] range = f[i].split("-");
                if (!range[0].startsWith("[")) {
                    int from = Integer.parseInt(range[0]);
                    slots.add(new int[] {from, range.length > 1 ? Integer.parseInt(range[1]) : from});
                }
            }
            nodes.add(new Node(f[0], port, role, f[3], slots));
        }
        return nodes;
    }

    /** A node that answers PING (the first of the six, unless it was the one killed). */
    private static int surviving() throws Exception {
        for (int port : IntStream.range(FIRST_PORT, FIRST_PORT + 6).toArray()) {
            if (cli(port, "ping").strip().equals("PONG")) {
                return port;
            }
        }
        throw new AssertionError("no cluster node answers");
    }

    private static String role(int port) throws Exception {
        String answer = cli(port, "role");
        return answer.isBlank() ? "" : answer.lines().findFirst().orElse("").strip();
    }

    private static String cli(int port, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        args.addAll(List.of(command));
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("redis-cli " + args + " hung");
        }
        return out;
    }

    private static void script(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(SCRIPT + " " + String.join(" ", args) + " failed: " + out);
        }
    }
}
