package io.activity.analytics.support;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real PostgreSQL and Redis for every integration test: Testcontainers where Docker runs, the
 * machine's own services otherwise (a fresh database per run, so runs never see each other's rows).
 * ANALYTICS_TEST_INFRA=local or =containers forces one.
 */
public final class TestInfrastructure {

    public static final String LOCAL_PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final long STALE_AFTER_SECONDS = 6 * 3600;

    private static String jdbcUrl;
    private static String redisHost;
    private static int redisPort;

    private TestInfrastructure() {}

    public static synchronized void register(DynamicPropertyRegistry registry) {
        if (jdbcUrl == null) {
            start();
        }
        registry.add("spring.datasource.url", () -> jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "postgres");
        // The suite caches several application contexts at once, each with its own pool, and
        // PostgreSQL allows 100 connections by default: keep each pool small and let idle
        // connections go, so the suite never runs the server out of connections.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 8);
        registry.add("spring.datasource.hikari.minimum-idle", () -> 1);
        registry.add("spring.datasource.hikari.idle-timeout", () -> "10000"); // ms: Hikari binds a long
        registry.add("spring.data.redis.host", () -> redisHost);
        registry.add("spring.data.redis.port", () -> redisPort);
        registry.add("analytics.security.jwt.hmac-secret", () -> Tokens.SECRET);
        registry.add("analytics.db.create-if-missing", () -> false);
    }

    public static synchronized String jdbcUrl() {
        if (jdbcUrl == null) {
            start();
        }
        return jdbcUrl;
    }

    private static void start() {
        String mode = System.getenv().getOrDefault("ANALYTICS_TEST_INFRA", "auto");
        boolean containers = mode.equals("containers") || (mode.equals("auto") && dockerAvailable());
        if (containers) {
            var postgres = new PostgreSQLContainer("postgres:16-alpine")
                    .withUsername("postgres")
                    .withPassword("postgres");
            postgres.start();
            var redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            jdbcUrl = postgres.getJdbcUrl();
            redisHost = redis.getHost();
            redisPort = redis.getMappedPort(6379);
        } else {
            jdbcUrl = LOCAL_PG + freshLocalDatabase();
            redisHost = "127.0.0.1";
            redisPort = 6379;
        }
    }

    private static boolean dockerAvailable() {
        // Ask Testcontainers only where a Docker endpoint can exist; it logs errors when it finds none.
        if (System.getenv("DOCKER_HOST") == null && !new java.io.File("/var/run/docker.sock").exists()) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    /** Creates analytics_test_<epoch>_<random> and drops such databases older than six hours. */
    private static String freshLocalDatabase() {
        long now = System.currentTimeMillis() / 1000;
        String name =
                "analytics_test_" + now + "_" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        try (var connection = DriverManager.getConnection(LOCAL_PG + "postgres", "postgres", "");
                var statement = connection.createStatement()) {
            List<String> stale = new ArrayList<>();
            try (var rs = statement.executeQuery(
                    "select datname from pg_database where datname like 'analytics\\_test\\_%'")) {
                while (rs.next()) {
                    String[] parts = rs.getString(1).split("_");
                    if (parts.length == 4 && now - Long.parseLong(parts[2]) > STALE_AFTER_SECONDS) {
                        stale.add(rs.getString(1));
                    }
                }
            }
            for (String old : stale) {
                statement.execute("drop database if exists \"" + old + "\" with (force)");
            }
            statement.execute("create database \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable on 127.0.0.1:5432", e);
        }
        return name;
    }
}
