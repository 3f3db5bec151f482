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
 *
 * <p>ANALYTICS_TEST_DB_URL (with ANALYTICS_TEST_DB_USER and ANALYTICS_TEST_DB_PASSWORD, default
 * postgres and empty) points the suite at another server instead, e.g. a Citus coordinator: the
 * URL names that server's maintenance database ({@code jdbc:postgresql://host:5433/postgres}), and
 * the fresh database is created there like on the local server. Redis stays the local one.
 */
public final class TestInfrastructure {

    private static final String DEFAULT_PG = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final long STALE_AFTER_SECONDS = 6 * 3600;

    /** The server's maintenance database: where fresh databases are created and old ones dropped. */
    private static String maintenanceUrl = env("ANALYTICS_TEST_DB_URL", DEFAULT_PG);

    private static String user = env("ANALYTICS_TEST_DB_USER", "postgres");
    private static String password = env("ANALYTICS_TEST_DB_PASSWORD", "");
    private static String jdbcUrl;
    private static String redisHost;
    private static int redisPort;

    private TestInfrastructure() {}

    public static synchronized void register(DynamicPropertyRegistry registry) {
        if (jdbcUrl == null) {
            start();
        }
        registry.add("spring.datasource.url", () -> jdbcUrl);
        registry.add("spring.datasource.username", () -> user);
        registry.add("spring.datasource.password", () -> password);
        // The suite caches several application contexts at once, each with its own pool, and
        // PostgreSQL allows 100 connections by default: keep each pool small and let idle
        // connections go, so the suite never runs the server out of connections.
        registry.add("spring.datasource.hikari.maximum-pool-size", () -> 8);
        registry.add("spring.datasource.hikari.minimum-idle", () -> 1);
        registry.add("spring.datasource.hikari.idle-timeout", () -> 10_000); // milliseconds: Hikari binds a long
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

    public static synchronized String user() {
        jdbcUrl();
        return user;
    }

    public static synchronized String password() {
        jdbcUrl();
        return password;
    }

    /**
     * The URL of another fresh database named like the test databases (so stale ones are dropped
     * like theirs), on the suite's server: the container, the local one or ANALYTICS_TEST_DB_URL's.
     */
    public static synchronized String freshDatabaseUrl() {
        jdbcUrl();
        return withDatabase(maintenanceUrl, createDatabase(freshName()));
    }

    /** Drops a database made by {@link #freshDatabaseUrl}, given its URL. */
    public static void dropDatabase(String url) {
        String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
        String name = path.substring(path.lastIndexOf('/') + 1);
        try (var connection = DriverManager.getConnection(maintenanceUrl, user, password);
                var statement = connection.createStatement()) {
            drop(name, citusWorkers(statement));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + name + " at " + maintenanceUrl, e);
        }
    }

    private static void start() {
        String mode = System.getenv().getOrDefault("ANALYTICS_TEST_INFRA", "auto");
        boolean external = System.getenv("ANALYTICS_TEST_DB_URL") != null;
        boolean containers = !external && (mode.equals("containers") || (mode.equals("auto") && dockerAvailable()));
        if (containers) {
            var postgres = new PostgreSQLContainer("postgres:16-alpine")
                    .withUsername("postgres")
                    .withPassword("postgres");
            postgres.start();
            var redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
            redis.start();
            jdbcUrl = postgres.getJdbcUrl();
            maintenanceUrl = withDatabase(jdbcUrl, "postgres");
            user = "postgres";
            password = "postgres";
            redisHost = redis.getHost();
            redisPort = redis.getMappedPort(6379);
        } else {
            dropStaleDatabases();
            jdbcUrl = withDatabase(maintenanceUrl, createDatabase(freshName()));
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

    private static String freshName() {
        return "analytics_test_" + System.currentTimeMillis() / 1000 + "_"
                + ThreadLocalRandom.current().nextInt(100_000, 999_999);
    }

    /** Drops databases analytics_test_<epoch>_<random> older than six hours. */
    private static void dropStaleDatabases() {
        long now = System.currentTimeMillis() / 1000;
        try (var connection = DriverManager.getConnection(maintenanceUrl, user, password);
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
            List<String> workers = citusWorkers(statement);
            for (String old : stale) {
                drop(old, workers);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + maintenanceUrl, e);
        }
    }

    /** Drops a test database on the server, and on a Citus coordinator's workers ({@code workers} non-null). */
    private static void drop(String name, List<String> workers) throws SQLException {
        try (var connection = DriverManager.getConnection(maintenanceUrl, user, password);
                var statement = connection.createStatement()) {
            statement.execute("drop database if exists \"" + name + "\" with (force)");
        }
        for (String worker : workers == null ? List.<String>of() : workers) {
            try (var connection = DriverManager.getConnection(
                            withDatabase(withHost(maintenanceUrl, worker), "postgres"), user, password);
                    var statement = connection.createStatement()) {
                statement.execute("drop database if exists \"" + name + "\" with (force)");
            }
        }
    }

    private static String createDatabase(String name) {
        try (var connection = DriverManager.getConnection(maintenanceUrl, user, password);
                var statement = connection.createStatement()) {
            statement.execute("create database \"" + name + "\"");
            List<String> workers = citusWorkers(statement);
            if (workers != null) {
                distribute(name, workers);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " at " + maintenanceUrl, e);
        }
        return name;
    }

    /**
     * The workers ("host:port") of a Citus cluster whose coordinator holds the maintenance
     * database; null when the server is not a Citus coordinator.
     */
    private static List<String> citusWorkers(java.sql.Statement maintenance) throws SQLException {
        try (var rs = maintenance.executeQuery("select exists (select 1 from pg_extension where extname = 'citus')")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return null;
            }
        }
        List<String> workers = new ArrayList<>();
        try (var rs = maintenance.executeQuery(
                "select nodename || ':' || nodeport from pg_dist_node where groupid <> 0 and isactive and noderole = 'primary' order by nodeid")) {
            while (rs.next()) {
                workers.add(rs.getString(1));
            }
        }
        return workers;
    }

    /**
     * Citus keeps its extension and its node list per database, and propagates CREATE DATABASE to
     * the workers only with citus.enable_create_database_propagation: so a fresh database on a
     * coordinator gets the database and the extension on every worker, then the extension, its
     * own address and the workers in itself, as the maintenance database has them.
     */
    private static void distribute(String name, List<String> workers) throws SQLException {
        for (String worker : workers) {
            String workerMaintenance = withDatabase(withHost(maintenanceUrl, worker), "postgres");
            try (var connection = DriverManager.getConnection(workerMaintenance, user, password);
                    var statement = connection.createStatement()) {
                boolean exists;
                try (var rs = statement.executeQuery(
                        "select exists (select 1 from pg_database where datname = '" + name + "')")) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
                if (!exists) {
                    statement.execute("create database \"" + name + "\"");
                }
            }
            try (var connection = DriverManager.getConnection(
                            withDatabase(withHost(maintenanceUrl, worker), name), user, password);
                    var statement = connection.createStatement()) {
                statement.execute("create extension if not exists citus");
            }
        }
        try (var connection = DriverManager.getConnection(withDatabase(maintenanceUrl, name), user, password);
                var statement = connection.createStatement()) {
            statement.execute("create extension if not exists citus");
            String coordinator;
            try (var maintenance = DriverManager.getConnection(maintenanceUrl, user, password);
                    var rs = maintenance
                            .createStatement()
                            .executeQuery("select nodename || ':' || nodeport from pg_dist_node where groupid = 0")) {
                coordinator = rs.next() ? rs.getString(1) : null;
            }
            if (coordinator != null) {
                statement.execute("select citus_set_coordinator_host(" + hostAndPort(coordinator) + ")");
            }
            for (String worker : workers) {
                statement.execute("select citus_add_node(" + hostAndPort(worker) + ")");
            }
        }
    }

    /** "'host', port" of "host:port", as the Citus node functions take them. */
    private static String hostAndPort(String node) {
        int colon = node.lastIndexOf(':');
        return "'" + node.substring(0, colon).replace("'", "''") + "', " + Integer.parseInt(node.substring(colon + 1));
    }

    /** {@code url} with its "host:port" replaced by {@code hostPort}. */
    private static String withHost(String url, String hostPort) {
        String prefix = "jdbc:postgresql://";
        int end = url.indexOf('/', prefix.length());
        return prefix + hostPort + url.substring(end);
    }

    /** {@code url} with its database name replaced by {@code name}, query parameters kept. */
    private static String withDatabase(String url, String name) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        String parameters = query < 0 ? "" : url.substring(query);
        return path.substring(0, path.lastIndexOf('/') + 1) + name + parameters;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
