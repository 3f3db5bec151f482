package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.TestInfrastructure;
import io.activity.analytics.support.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real service as its own process against a fresh database.
 *
 * <p>(1) Killed with SIGKILL in the middle of concurrent heartbeat ingest: every batch answered
 * before the kill was a 200 (a client that gets anything else fails the test), at least one batch
 * was in flight at the kill (written in full before the kill, never answered), and after a restart
 * every acknowledged batch is fully stored and no batch is partly stored.
 *
 * <p>(2) Stopped with SIGTERM while a slow upload is in flight: the port refuses new connections
 * while the upload is still being served, the upload then completes with 200 and is stored, the
 * usage events of the reads made just before are written, and the process exits with 143.
 *
 * <p>Needs the ingest endpoints (POST /companies/{id}/heartbeats) of the ingest branch.
 */
@Tag("fault")
class IngestCrashTest {

    private static final int CLIENTS = 6;
    private static final int BATCH = 25;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 40;
    private static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    private static final Pattern DUPLICATES = Pattern.compile("\"duplicates\":(\\d+)");

    /**
     * One batch, sent over its own connection (Connection: close) so the test knows when the whole
     * request had been written and whether any answer came back.
     */
    static final class Sent {
        final Heartbeats batch;
        /** System.nanoTime() once the whole request was written; MAX_VALUE if it never was. */
        volatile long writtenAt = Long.MAX_VALUE;
        /** System.nanoTime() when the answer or the failure came; 0 while waiting. */
        volatile long answeredAt;
        /** The HTTP status, or -1 when no status line came back. */
        volatile int status = -1;

        volatile String response = "";
        volatile String failure;

        Sent(Heartbeats batch) {
            this.batch = batch;
        }

        boolean acknowledged() {
            return status / 100 == 2;
        }

        boolean waiting() {
            return writtenAt != Long.MAX_VALUE && answeredAt == 0;
        }

        @Override
        public String toString() {
            return "status " + status + (failure == null ? "" : " (" + failure + ")") + ": " + response;
        }
    }

    @Test
    void afterKillNineEveryAcknowledgedBatchIsWholeAndNoBatchIsPartial() throws Exception {
        try (AppProcess app = AppProcess.withFreshDatabase()) {
            app.start();
            // The nightly retention job is off in the separate process too; its other cron job is
            // listed, so the list is really the process's.
            assertThat(app.cronJobs())
                    .containsExactly("io.activity.analytics.audit.AuditConfig.applyRetention 0 17 3 * * *");
            Api api = app.api();
            UUID company = UUID.randomUUID();
            UUID user = UUID.randomUUID();
            provision(api, company, user);
            String path = "/api/v2/companies/" + company + "/heartbeats";
            String token = Tokens.service("analytics:ingest", company);
            int port = app.port();

            List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                work.add(clients.submit(() -> {
                    while (running.get()) {
                        Sent s = new Sent(Heartbeats.batch(user, BATCH));
                        sent.add(s);
                        exchange(port, path, token, s);
                        if (s.status == -1) {
                            return null; // no answer: the server is gone (checked against the kill below)
                        }
                        // Before the kill every answer must be a 200 for fresh events: a 4xx or 5xx
                        // ends the test, not just this client.
                        if (s.status != 200) {
                            throw new AssertionError("client " + client + ": " + s);
                        }
                        Matcher accepted = ACCEPTED.matcher(s.response);
                        Matcher duplicates = DUPLICATES.matcher(s.response);
                        if (accepted.find() && duplicates.find()) { // the body may be cut by the kill
                            if (Integer.parseInt(accepted.group(1)) != BATCH
                                    || Integer.parseInt(duplicates.group(1)) != 0) {
                                throw new AssertionError("client " + client + ": fresh batch not all accepted: " + s);
                            }
                        }
                    }
                    return null;
                }));
            }
            // Kill once a good number of batches are through, at a moment when several are in flight.
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while ((count(sent, Sent::acknowledged) < ACKNOWLEDGED_BEFORE_KILL || count(sent, Sent::waiting) < 2)
                    && System.nanoTime() < deadline) {
                failFast(work);
                Thread.sleep(5);
            }
            assertThat(count(sent, Sent::acknowledged))
                    .as("acknowledged before the kill (log %s)", app.tail())
                    .isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
            running.set(false);
            long killedAt = System.nanoTime();
            app.kill();

            // Every client ends, and one that failed fails the test.
            for (Future<?> f : work) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
                }
            }
            clients.shutdown();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

            List<Sent> all = List.copyOf(sent);
            List<String> broken = new ArrayList<>();
            for (Sent s : all) {
                if (s.answeredAt != 0 && s.answeredAt < killedAt && s.status != 200) {
                    broken.add("failed before the kill: " + s);
                }
            }
            // In flight at the kill: written in full before the kill was issued, never answered.
            List<Sent> inFlight = all.stream()
                    .filter(s -> s.writtenAt < killedAt && !s.acknowledged())
                    .toList();
            assertThat(inFlight)
                    .as("batches written before the kill and never answered")
                    .isNotEmpty()
                    .allMatch(s -> s.answeredAt >= killedAt && s.status == -1);

            app.start();
            int acknowledged = 0, whole = 0, absent = 0, inFlightWhole = 0, inFlightAbsent = 0;
            try (Connection db = DriverManager.getConnection(
                    app.jdbcUrl(), TestInfrastructure.user(), TestInfrastructure.password())) {
                for (Sent s : all) {
                    int stored = stored(db, company, s.batch.eventIds());
                    if (s.acknowledged()) acknowledged++;
                    if (stored == BATCH) whole++;
                    else if (stored == 0) absent++;
                    if (inFlight.contains(s)) {
                        if (stored == BATCH) inFlightWhole++;
                        else if (stored == 0) inFlightAbsent++;
                    }
                    if (s.acknowledged() && stored != BATCH) {
                        broken.add("acknowledged batch has " + stored + " of " + BATCH + " events");
                    } else if (stored != 0 && stored != BATCH) {
                        broken.add("unacknowledged batch is partial: " + stored + " of " + BATCH);
                    }
                }
            }
            System.out.printf(
                    "KILL -9 DURING INGEST: %d batches sent, %d acknowledged; %d in flight at the kill (%d stored"
                            + " whole, %d absent); %d stored whole, %d absent, %d broken; acknowledged events lost:"
                            + " %d%n",
                    all.size(),
                    acknowledged,
                    inFlight.size(),
                    inFlightWhole,
                    inFlightAbsent,
                    whole,
                    absent,
                    broken.size(),
                    broken.stream().filter(b -> b.startsWith("acknowledged")).count() * BATCH);
            assertThat(broken).isEmpty();
            assertThat(acknowledged).isGreaterThanOrEqualTo(ACKNOWLEDGED_BEFORE_KILL);
            assertThat(inFlightWhole + inFlightAbsent).isEqualTo(inFlight.size());

            // The restarted service still knows every stored event: a replay is all duplicates.
            Sent first = all.stream().filter(Sent::acknowledged).findFirst().orElseThrow();
            var replay = app.api().post(path, token, first.batch.json()); // restarted on a new port
            assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
            assertThat(replay.json().get("accepted").asInt()).isZero();
            assertThat(replay.json().get("duplicates").asInt()).isEqualTo(BATCH);
        }
    }

    /**
     * The JVM answers SIGTERM by running its shutdown hooks (Spring's context close, with Tomcat's
     * graceful shutdown) and then exiting with 128 + 15 = 143; Spring Boot does not turn that into 0
     * (only SpringApplication.exit or System.exit would). A process that died of the signal without
     * running the hooks would show 143 too, so the test also requires the graceful-shutdown log line
     * and the effects of the hooks: the drained upload and the flushed usage events.
     */
    @Test
    void sigtermRefusesNewConnectionsDrainsTheInFlightRequestAndFlushesUsageEvents() throws Exception {
        try (AppProcess app = AppProcess.withFreshDatabase()) {
            app.start();
            Api api = app.api();
            UUID company = UUID.randomUUID();
            UUID user = UUID.randomUUID();
            provision(api, company, user);
            String memberPath = "/api/v2/companies/" + company + "/members/" + user;
            int reads = 25;
            for (int i = 0; i < reads; i++) {
                assertThat(api.get(memberPath, Tokens.user(user)).status()).isEqualTo(200);
            }

            // A slow upload: headers and half the body now, the rest after SIGTERM.
            Heartbeats batch = Heartbeats.batch(user, 200);
            byte[] body = batch.json().getBytes(StandardCharsets.UTF_8);
            int exitCode;
            int refusedAfterMs;
            try (Socket socket = new Socket("127.0.0.1", app.port())) {
                socket.setSoTimeout(60_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v2/companies/" + company + "/heartbeats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                + "Authorization: Bearer " + Tokens.service("analytics:ingest", company) + "\r\n"
                                + "Content-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, body.length / 2);
                out.flush();
                awaitActivePost(api, Duration.ofSeconds(30)); // the upload is inside the service

                long terminated = System.nanoTime();
                app.signalTerm(); // SIGTERM while the upload is in flight

                // A new connection is refused while the upload is still being served.
                // (A connect that hangs is not a refusal: the probe goes on until one is refused.)
                boolean refused = false;
                List<String> probes = new ArrayList<>();
                long probeDeadline = terminated + Duration.ofSeconds(20).toNanos();
                while (!refused && System.nanoTime() < probeDeadline) {
                    try (Socket probe = new Socket()) {
                        probe.connect(new InetSocketAddress("127.0.0.1", app.port()), 2000);
                        probes.add("connected");
                        Thread.sleep(20); // still listening: the shutdown has not reached the connector
                    } catch (ConnectException e) {
                        refused = true;
                    } catch (SocketTimeoutException e) {
                        probes.add("timed out");
                    }
                }
                refusedAfterMs = (int) ((System.nanoTime() - terminated) / 1_000_000);
                assertThat(refused)
                        .as(
                                "a new connection is refused within 20 s of SIGTERM; probes: %s; log:%n%s",
                                summary(probes), app.tail())
                        .isTrue();
                assertThat(app.isAlive())
                        .as("still running: it waits for the in-flight upload")
                        .isTrue();

                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).as(response).startsWith("HTTP/1.1 200");
                assertThat(response).contains("\"accepted\":200");
                exitCode = app.awaitExit(Duration.ofSeconds(60));
            }
            assertThat(exitCode).as("exit code after SIGTERM (128 + 15)").isEqualTo(143);
            assertThat(app.log())
                    .contains("Commencing graceful shutdown")
                    .contains("Graceful shutdown complete")
                    .doesNotContain("Graceful shutdown aborted");

            try (Connection db = DriverManager.getConnection(
                    app.jdbcUrl(), TestInfrastructure.user(), TestInfrastructure.password())) {
                assertThat(stored(db, company, batch.eventIds())).isEqualTo(200);
                try (var statement = db.prepareStatement(
                        "select count(*) from usage_events where company_id = ? and method = 'GET' and status = 200")) {
                    statement.setObject(1, company);
                    try (var rs = statement.executeQuery()) {
                        rs.next();
                        assertThat(rs.getInt(1))
                                .as("usage events of the reads made just before SIGTERM")
                                .isEqualTo(reads);
                    }
                }
            }
            System.out.printf(
                    "SIGTERM: new connections refused %d ms after SIGTERM while the upload was in flight; the"
                            + " upload of 200 heartbeats then completed with 200 and was stored; %d usage events"
                            + " flushed; exit code %d%n",
                    refusedAfterMs, reads, exitCode);
        }
    }

    /** One request over its own connection: what was written when, and what came back. */
    private static void exchange(int port, String path, String token, Sent s) {
        byte[] body = s.batch.json().getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            s.writtenAt = System.nanoTime();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) != -1; ) {
                got.write(buffer, 0, n);
            }
        } catch (IOException e) {
            s.failure = e.toString();
        }
        String response = got.toString(StandardCharsets.UTF_8);
        s.response = response;
        if (response.startsWith("HTTP/1.1 ") && response.length() >= 12) {
            s.status = Integer.parseInt(response.substring(9, 12));
        }
        s.answeredAt = System.nanoTime();
    }

    /** Waits until the service reports an active POST (http.server.requests.active). */
    private static void awaitActivePost(Api api, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            var metric = api.get("/actuator/metrics/http.server.requests.active?tag=method:POST", Tokens.monitor());
            last = metric.toString();
            if (metric.status() == 200) {
                for (var measurement : metric.json().get("measurements")) {
                    if (measurement.get("statistic").asString().equals("ACTIVE_TASKS")
                            && measurement.get("value").asDouble() >= 1) {
                        return;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the slow upload never became an active request: " + last);
    }

    private static void failFast(List<Future<?>> work) throws Exception {
        for (Future<?> f : work) {
            if (f.isDone()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
                }
            }
        }
    }

    /** "connected x12, timed out x3": the probes' outcomes in order, runs folded. */
    private static String summary(List<String> probes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < probes.size(); ) {
            int j = i;
            while (j < probes.size() && probes.get(j).equals(probes.get(i))) j++;
            out.append(out.isEmpty() ? "" : ", ")
                    .append(probes.get(i))
                    .append(" x")
                    .append(j - i);
            i = j;
        }
        return out.isEmpty() ? "none" : out.toString();
    }

    private static long count(List<Sent> sent, java.util.function.Predicate<Sent> which) {
        synchronized (sent) {
            return sent.stream().filter(which).count();
        }
    }

    private static void provision(Api api, UUID company, UUID user) {
        assertThat(api.put(
                                "/api/v2/companies/" + company,
                                Tokens.provision(),
                                Map.of("name", "Crash Co", "timezone", "UTC"))
                        .status())
                .isEqualTo(201);
        assertThat(api.put(
                                "/api/v2/companies/" + company + "/members/" + user,
                                Tokens.provision(),
                                Map.of("email", "agent@example.com", "role", "member", "status", "active"))
                        .status())
                .isEqualTo(201);
    }

    private static int stored(Connection db, UUID company, List<UUID> eventIds) throws Exception {
        try (var statement =
                db.prepareStatement("select count(*) from heartbeats where company_id = ? and event_id = any(?)")) {
            statement.setObject(1, company);
            statement.setArray(2, db.createArrayOf("uuid", eventIds.toArray()));
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
