package io.activity.analytics.reliability;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.TestInfrastructure;
import io.activity.analytics.support.Tokens;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The service as a separate JVM process (main classes and dependencies only, no test classes),
 * against its own fresh database, so a test can kill it with SIGKILL or stop it with SIGTERM and
 * start it again on the same data.
 */
final class AppProcess implements AutoCloseable {

    private final String jdbcUrl;
    private final List<String> extraArgs;
    private final Path log;
    private Process process;
    private int port;

    private AppProcess(String jdbcUrl, List<String> extraArgs) throws IOException {
        this.jdbcUrl = jdbcUrl;
        this.extraArgs = extraArgs;
        this.log = Files.createTempFile("analytics-process-", ".log");
    }

    /**
     * A fresh database named like the test databases, so stale ones are dropped like theirs, on the
     * suite's server (the local one, or ANALYTICS_TEST_DB_URL's).
     */
    static AppProcess withFreshDatabase(String... extraArgs) throws IOException {
        return new AppProcess(TestInfrastructure.freshDatabaseUrl(), List.of(extraArgs));
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    Api api() {
        return new Api(port);
    }

    long pid() {
        return process.pid();
    }

    /** Starts the service and waits until /actuator/health answers 200. */
    void start() throws IOException, InterruptedException {
        port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                mainClasspath(),
                "io.activity.analytics.AnalyticsApplication",
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl(),
                "--spring.datasource.username=" + TestInfrastructure.user(),
                "--spring.datasource.password=" + TestInfrastructure.password(),
                "--analytics.security.jwt.hmac-secret=" + Tokens.SECRET,
                "--analytics.db.create-if-missing=false",
                "--analytics.rate-limit.read.enabled=false",
                "--analytics.rate-limit.ingest.enabled=false",
                // As in every test context (src/test/resources/application.properties, which this
                // JVM does not read): the nightly retention job never runs during a test.
                "--analytics.retention.cron=-",
                // So a test can see which jobs this process has scheduled and its active requests.
                "--management.endpoints.web.exposure.include=health,scheduledtasks,metrics",
                // The machine's PostgreSQL is shared: a small pool leaves connections for others.
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--spring.datasource.hikari.minimum-idle=1"));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Api api = api();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("service exited at start; log " + log + ":\n" + tail());
            }
            try {
                if (api.get("/actuator/health", null).status() == 200) {
                    return;
                }
            } catch (IllegalStateException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("service did not become healthy; log " + log + ":\n" + tail());
    }

    /** The targets of the process's cron jobs, from /actuator/scheduledtasks. */
    List<String> cronJobs() {
        var response = api().get("/actuator/scheduledtasks", Tokens.monitor());
        if (response.status() != 200) {
            throw new IllegalStateException("scheduledtasks: " + response);
        }
        List<String> targets = new ArrayList<>();
        response.json()
                .get("cron")
                .forEach(job -> targets.add(job.get("runnable").get("target").asString() + " "
                        + job.get("expression").asString()));
        return targets;
    }

    /** SIGKILL: no shutdown hook, no flush, nothing. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM (Process.destroy() on Linux); returns at once, see {@link #awaitExit}. */
    void signalTerm() {
        process.destroy();
    }

    /**
     * Waits for the process to exit and returns its exit code; fails (after a SIGKILL, so nothing
     * is left running) when it has not exited within {@code within}.
     */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
            throw new AssertionError("service did not stop within " + within + "; log " + log + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** The whole log of the process (every start appends to it). */
    String log() throws IOException {
        return Files.readString(log);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int port() {
        return port;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** The test JVM's classpath without test classes (a manifest-only surefire jar is expanded). */
    static String mainClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File file = new File(entry);
            if (file.getName().startsWith("surefirebooter") && file.getName().endsWith(".jar")) {
                try (JarFile jar = new JarFile(file)) {
                    String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                    for (String url : classPath.trim().split("\\s+")) {
                        entries.add(new File(
                                        URI.create(url).isAbsolute()
                                                ? URI.create(url)
                                                : file.toURI().resolve(url))
                                .getPath());
                    }
                }
            } else {
                entries.add(entry);
            }
        }
        return String.join(
                File.pathSeparator,
                entries.stream()
                        .filter(e -> !e.replace('\\', '/').contains("/test-classes"))
                        .toList());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
