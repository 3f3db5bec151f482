package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.Tokens;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real service as its own process against a fresh database. (1) Killed with SIGKILL in the
 * middle of concurrent heartbeat ingest: after a restart every batch that got a 2xx is fully
 * stored and no batch is partly stored. (2) Stopped with SIGTERM: a slow request already in flight
 * completes, and the usage events of requests made just before are written.
 *
 * <p>Needs the ingest endpoints (POST /companies/{id}/heartbeats) of the ingest branch.
 */
@Tag("fault")
class IngestCrashTest {

    private static final int CLIENTS = 6;
    private static final int BATCH = 25;

    record Sent(Heartbeats batch, boolean acknowledged) {}

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

            List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    while (running.get()) {
                        Heartbeats batch = Heartbeats.batch(user, BATCH);
                        try {
                            var response = api.post(path, token, batch.json());
                            assertThat(response.status())
                                    .as(response.toString())
                                    .isLessThan(500);
                            sent.add(new Sent(batch, response.status() / 100 == 2));
                        } catch (IllegalStateException e) {
                            sent.add(new Sent(batch, false)); // the connection died with the process
                        }
                    }
                    return null;
                });
            }
            // Kill once a good number of batches are through, while the clients keep sending.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged(sent) < 40 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            app.kill();
            Thread.sleep(300);
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

            app.start();
            int acknowledged = 0, whole = 0, absent = 0;
            List<String> broken = new ArrayList<>();
            try (Connection db = DriverManager.getConnection(app.jdbcUrl(), "postgres", "")) {
                for (Sent s : List.copyOf(sent)) {
                    int stored = stored(db, company, s.batch().eventIds());
                    if (s.acknowledged()) acknowledged++;
                    if (stored == BATCH) whole++;
                    else if (stored == 0) absent++;
                    if (s.acknowledged() && stored != BATCH) {
                        broken.add("acknowledged batch has " + stored + " of " + BATCH + " events");
                    } else if (stored != 0 && stored != BATCH) {
                        broken.add("unacknowledged batch is partial: " + stored + " of " + BATCH);
                    }
                }
            }
            System.out.printf(
                    "KILL -9 DURING INGEST: %d batches sent, %d acknowledged, %d stored whole, %d absent,"
                            + " %d broken; acknowledged events lost: %d%n",
                    sent.size(), acknowledged, whole, absent, broken.size(), broken.size() * BATCH);
            assertThat(broken).isEmpty();
            assertThat(acknowledged).isGreaterThanOrEqualTo(40);
            assertThat(whole).isGreaterThanOrEqualTo(acknowledged);

            // The restarted service still knows every stored event: a replay is all duplicates.
            Sent first = sent.stream().filter(Sent::acknowledged).findFirst().orElseThrow();
            var replay = app.api().post(path, token, first.batch().json()); // restarted on a new port
            assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
            assertThat(replay.json().get("accepted").asInt()).isZero();
            assertThat(replay.json().get("duplicates").asInt()).isEqualTo(BATCH);
        }
    }

    @Test
    void sigtermDrainsTheInFlightRequestAndFlushesUsageEvents() throws Exception {
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
                Thread.sleep(500);

                Thread terminator = new Thread(() -> {
                    try {
                        app.terminate(Duration.ofSeconds(60));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                terminator.start(); // SIGTERM while the request is in flight
                Thread.sleep(1500);
                assertThat(app.isAlive()).as("waits for the in-flight request").isTrue();
                out.write(body, body.length / 2, body.length - body.length / 2);
                out.flush();
                InputStream in = socket.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertThat(response).as(response).startsWith("HTTP/1.1 200");
                assertThat(response).contains("\"accepted\":200");
                terminator.join(90_000);
            }
            assertThat(app.isAlive()).isFalse();

            try (Connection db = DriverManager.getConnection(app.jdbcUrl(), "postgres", "")) {
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
                    "SIGTERM: in-flight upload of 200 heartbeats completed and stored; %d usage events" + " flushed%n",
                    reads);
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

    private static long acknowledged(List<Sent> sent) {
        synchronized (sent) {
            return sent.stream().filter(Sent::acknowledged).count();
        }
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
