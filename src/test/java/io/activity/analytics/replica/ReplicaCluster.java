package io.activity.analytics.replica;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL primary and a streaming replica of it, made by tools/pg-replica.sh
 * (Debian's PostgreSQL binaries, under a temporary directory; the machine's own server is not
 * touched). Every wait is bounded.
 */
final class ReplicaCluster implements AutoCloseable {

    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

    final int primaryPort;
    final int replicaPort;

    private ReplicaCluster(int primaryPort, int replicaPort) {
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    static ReplicaCluster start(int primaryPort, int replicaPort) {
        run("start", String.valueOf(primaryPort), String.valueOf(replicaPort));
        return new ReplicaCluster(primaryPort, replicaPort);
    }

    String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    Connection primary(String database) throws SQLException {
        return DriverManager.getConnection(url(primaryPort, database), "postgres", "");
    }

    Connection replica(String database) throws SQLException {
        return DriverManager.getConnection(url(replicaPort, database), "postgres", "");
    }

    /** Stops the replica alone: an outage of the replica while the primary runs on. */
    void stopReplica() {
        run("stop-replica", String.valueOf(primaryPort));
    }

    void startReplica() {
        run("start-replica", String.valueOf(primaryPort), String.valueOf(replicaPort));
    }

    @Override
    public void close() {
        run("stop", String.valueOf(primaryPort));
    }

    private static void run(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = Path.of("tools/pg-replica.sh").toAbsolutePath().toString();
        System.arraycopy(args, 0, command, 1, args.length);
        try {
            // Output to a file, not a pipe: a full pipe would block the script and hang the wait.
            Path log = Files.createTempFile("pg-replica", ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("tools/pg-replica.sh " + String.join(" ", args) + " timed out");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("tools/pg-replica.sh " + String.join(" ", args) + " failed ("
                        + process.exitValue() + "):\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run tools/pg-replica.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
