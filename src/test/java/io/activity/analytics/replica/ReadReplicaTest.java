package io.activity.analytics.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.Tokens;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The service on a throwaway primary with a streaming replica of it (tools/pg-replica.sh, Debian's
 * PostgreSQL binaries on ports 18434 and 18435). Replay on the replica is paused to tell the two
 * apart: what the primary has and the replica has not yet replayed shows which one answered.
 *
 * <p>Expected figures are worked out from the fixtures: a company with two active members has
 * total_users 2 and users_by_status.active 2; a third active member makes both 3; the company has
 * no activity, so the activity figures are 0.
 */
@Tag("scaleout")
@ExtendWith(ReadReplicaTest.StopClusterAfterTheService.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ReadReplicaTest {

    private static final int PRIMARY_PORT = 18434;
    private static final int REPLICA_PORT = 18435;
    private static final String DATABASE = "analytics";
    private static final Duration MAX_LAG = Duration.ofSeconds(6);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    /** When the response cache clears a company the second time after a write (ReadStore.staleness). */
    private static final Duration STALENESS = MAX_LAG.plus(PROBE_INTERVAL.multipliedBy(2));

    private static final String JAN = "/user-metrics/summary/?date_from=2026-01-01&date_to=2026-01-31";
    private static final String FEB = "/user-metrics/summary/?date_from=2026-02-01&date_to=2026-02-28";

    private static ReplicaCluster cluster;

    @DynamicPropertySource
    static void primaryAndReplica(DynamicPropertyRegistry registry) throws SQLException {
        cluster = ReplicaCluster.start(PRIMARY_PORT, REPLICA_PORT);
        try (Connection primary = cluster.primary("postgres");
                var statement = primary.createStatement()) {
            statement.execute("create database " + DATABASE);
        }
        registry.add("spring.datasource.url", () -> cluster.url(PRIMARY_PORT, DATABASE));
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 6);
        registry.add("analytics.db.create-if-missing", () -> false);
        registry.add("analytics.db.replica.url", () -> cluster.url(REPLICA_PORT, DATABASE));
        registry.add("analytics.db.replica.pool-size", () -> 4);
        registry.add("analytics.db.replica.max-lag", MAX_LAG::toString);
        registry.add("analytics.db.replica.probe-interval", PROBE_INTERVAL::toString);
        // .ci/run starts Redis on its default port; the rate limiter and the response cache use it.
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> 6379);
        registry.add("analytics.security.jwt.hmac-secret", () -> Tokens.SECRET);
    }

    /**
     * Stops the servers after the service: declared before {@code @SpringBootTest}, this
     * extension's afterAll runs after Spring's, which closes the context (@DirtiesContext), so the
     * service does not log every pooled connection the stopped servers drop.
     */
    static final class StopClusterAfterTheService implements AfterAllCallback {
        @Override
        public void afterAll(ExtensionContext context) {
            if (cluster != null) {
                cluster.close();
                cluster = null;
            }
        }
    }

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() throws Exception {
        api = new Api(port);
        resumeReplay(); // whatever a failed test left behind
    }

    @Test
    void readsGoToTheReplicaWithinTheLagBoundToThePrimaryAboveItAndMatchAfterCatchUp() throws Exception {
        UUID company = company();
        member(company, "member");
        member(company, "member");
        awaitReplayedAndServing();
        assertMembers(getOk(company, JAN), 2);

        pauseReplay();
        long pausedAt = System.nanoTime();
        try {
            member(company, "member"); // committed on the primary, not replayed on the replica
            long wroteAt = System.nanoTime();
            assertThat(countOnPrimary(company)).isEqualTo(3);
            assertThat(countOnReplica(company)).isEqualTo(2);

            // Within the bound (the write is well under 6 s old): the replica answers, with its 2.
            JsonNode stale = getOk(company, JAN);
            assertThat(elapsed(pausedAt)).as("the read came within max-lag").isLessThan(MAX_LAG);
            assertMembers(stale, 2);

            // Above the bound: the probe says fallback, the lag shows in the metric and health.
            JsonNode health = awaitHealth(h -> h.path("state").asString().equals("fallback"), Duration.ofSeconds(30));
            assertThat(health.path("lagSeconds").asDouble()).isGreaterThan(MAX_LAG.toMillis() / 1000.0);
            assertThat(metric("analytics.db.replica.serving")).isEqualTo(0.0);
            assertThat(metric("analytics.db.replica.lag")).isGreaterThan(MAX_LAG.toMillis() / 1000.0);
            assertThat(health(Tokens.monitor()).path("status").asString()).isEqualTo("UP");
            assertThat(overallHealthStatus()).isEqualTo("UP");

            // The stale answer above went into the response cache under the write's new
            // generation; the second clearing, STALENESS after the write, drops it. Without that,
            // the cache would answer 2 for its whole TTL (120 s).
            sleepUntil(wroteAt, STALENESS.plusMillis(800));
            assertMembers(getOk(company, JAN), 3); // the replica still has 2: this is the primary
            JsonNode fromPrimary = getOk(company, FEB);
            assertMembers(fromPrimary, 3);
        } finally {
            resumeReplay();
        }

        awaitReplayedAndServing();
        assertThat(countOnReplica(company)).isEqualTo(3);
        // A URL not read before (so not in the cache), answered by the replica now it caught up:
        // the same figures as the primary's answer above; only the range differs.
        JsonNode fromReplica = getOk(company, "/user-metrics/summary/?date_from=2026-03-01&date_to=2026-03-31");
        assertMembers(fromReplica, 3);
        for (String field : new String[] {
            "total_users",
            "users_by_status",
            "active_users",
            "total_sessions",
            "total_page_views",
            "unique_users",
            "total_activity"
        }) {
            assertThat(fromReplica.path(field))
                    .as(field)
                    .isEqualTo(getOk(company, FEB).path(field));
        }
        assertThat(fromReplica.path("total_activity").asLong()).isZero();
    }

    @Test
    void aRemovedMemberLosesAccessAtOnceWhileTheReplicaStillListsThem() throws Exception {
        UUID company = company();
        UUID leaving = member(company, "admin");
        awaitReplayedAndServing();
        assertThat(api.get(path(company, JAN), Tokens.user(leaving)).status()).isEqualTo(200);

        pauseReplay();
        try {
            var deleted = api.delete("/api/v2/companies/" + company + "/members/" + leaving, Tokens.provision());
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
            assertThat(activeOnReplica(company, leaving))
                    .as("the replica has not seen the removal")
                    .isTrue();

            // The access check reads the primary: refused at once, as a non-member (404).
            var refused = api.get(path(company, JAN), Tokens.user(leaving));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
            assertThat(refused.json().path("code").asString()).isEqualTo("company_not_found");
        } finally {
            resumeReplay();
        }
    }

    @Test
    void aReplicaOutageSendsReadsToThePrimaryAndLeavesTheServiceUp() throws Exception {
        UUID company = company();
        member(company, "member");
        awaitReplayedAndServing();

        cluster.stopReplica();
        try {
            JsonNode health = awaitHealth(h -> h.path("state").asString().equals("fallback"), Duration.ofSeconds(30));
            assertThat(health.path("reason").asString()).startsWith("replica");
            assertThat(health(Tokens.monitor()).path("status").asString()).isEqualTo("UP");
            assertThat(overallHealthStatus()).isEqualTo("UP");
            assertThat(health.has("lagSeconds"))
                    .as("no lag while the replica is unreachable")
                    .isFalse();
            assertThat(metric("analytics.db.replica.serving")).isEqualTo(0.0);
            // Reads go on, from the primary; a write is seen at once.
            member(company, "member");
            assertMembers(getOk(company, JAN), 2);
        } finally {
            cluster.startReplica();
        }
        awaitReplayedAndServing();
        assertMembers(getOk(company, FEB), 2);
    }

    // --- the service

    private UUID company() {
        UUID id = UUID.randomUUID();
        var response = api.put("/api/v2/companies/" + id, Tokens.provision(), Map.of("name", "Co", "timezone", "UTC"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return id;
    }

    private UUID member(UUID company, String role) {
        UUID user = UUID.randomUUID();
        var response = api.put(
                "/api/v2/companies/" + company + "/members/" + user,
                Tokens.provision(),
                Map.of(
                        "email", user + "@example.com",
                        "first_name", "First",
                        "last_name", "Last",
                        "role", role,
                        "status", "active"));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return user;
    }

    private static String path(UUID company, String pathAndQuery) {
        return "/api/v2/companies/" + company + pathAndQuery;
    }

    private JsonNode getOk(UUID company, String pathAndQuery) {
        var response = api.get(path(company, pathAndQuery), Tokens.read(company));
        assertThat(response.status()).as(pathAndQuery + " -> " + response).isEqualTo(200);
        return response.json();
    }

    private static void assertMembers(JsonNode summary, long expected) {
        assertThat(summary.path("total_users").asLong()).as(summary.toString()).isEqualTo(expected);
        assertThat(summary.path("users_by_status").path("active").asLong()).isEqualTo(expected);
        assertThat(summary.path("users_by_status").path("pending").asLong()).isZero();
    }

    private JsonNode health(String token) {
        var response = api.get("/actuator/health/replica", token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String overallHealthStatus() {
        return api.get("/actuator/health", null).json().path("status").asString();
    }

    private double metric(String name) {
        var response = api.get("/actuator/metrics/" + name, Tokens.monitor());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().path("measurements").get(0).path("value").asDouble();
    }

    private JsonNode awaitHealth(Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode details;
        do {
            details = health(Tokens.monitor()).path("details");
            if (condition.test(details)) {
                return details;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("replica health never matched within " + timeout + "; last: " + details);
    }

    /** The replica has replayed everything the primary has now, and the service reads from it again. */
    private void awaitReplayedAndServing() throws Exception {
        long target;
        try (Connection primary = cluster.primary(DATABASE);
                var rs = primary.createStatement()
                        .executeQuery("select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            target = rs.getLong(1);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (replayedLsn() < target) {
            assertThat(System.nanoTime())
                    .as("replica replay reached the primary's position")
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
        awaitHealth(h -> h.path("state").asString().equals("serving"), Duration.ofSeconds(30));
    }

    // --- the two servers, directly

    private long replayedLsn() throws SQLException {
        try (Connection replica = cluster.replica(DATABASE);
                var rs = replica.createStatement()
                        .executeQuery("select (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void pauseReplay() throws Exception {
        try (Connection replica = cluster.replica(DATABASE);
                var statement = replica.createStatement()) {
            statement.execute("select pg_wal_replay_pause()");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try (var rs = statement.executeQuery("select pg_get_wal_replay_pause_state()")) {
                    rs.next();
                    if (rs.getString(1).equals("paused")) {
                        return;
                    }
                }
                assertThat(System.nanoTime()).as("replay paused").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private void resumeReplay() throws SQLException {
        try (Connection replica = cluster.replica(DATABASE);
                var statement = replica.createStatement()) {
            statement.execute("select pg_wal_replay_resume()");
        }
    }

    private long countOnPrimary(UUID company) throws SQLException {
        try (Connection primary = cluster.primary(DATABASE)) {
            return activeMembers(primary, company);
        }
    }

    private long countOnReplica(UUID company) throws SQLException {
        try (Connection replica = cluster.replica(DATABASE)) {
            return activeMembers(replica, company);
        }
    }

    private static long activeMembers(Connection connection, UUID company) throws SQLException {
        try (var statement = connection.prepareStatement(
                "select count(*) from company_members where company_id = ? and deleted_at is null")) {
            statement.setObject(1, company);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private boolean activeOnReplica(UUID company, UUID user) throws SQLException {
        try (Connection replica = cluster.replica(DATABASE);
                var statement = replica.prepareStatement(
                        "select deleted_at is null from company_members where company_id = ? and user_id = ?")) {
            statement.setObject(1, company);
            statement.setObject(2, user);
            try (var rs = statement.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static Duration elapsed(long sinceNanos) {
        return Duration.ofNanos(System.nanoTime() - sinceNanos);
    }

    private static void sleepUntil(long sinceNanos, Duration after) throws InterruptedException {
        long remaining = after.minus(elapsed(sinceNanos)).toMillis();
        if (remaining > 0) {
            Thread.sleep(remaining);
        }
    }
}
