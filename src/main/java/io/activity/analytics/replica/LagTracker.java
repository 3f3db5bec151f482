package io.activity.analytics.replica;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A replica's lag from WAL positions: how long ago the primary was at a position the replica has
 * not replayed yet. Unlike {@code now() - pg_last_xact_replay_timestamp()}, an idle primary does
 * not make this grow: with nothing new to replay the replica is at the primary's position and the
 * lag is zero. The resolution is the probe interval (a replica less than one probe behind reads 0).
 */
final class LagTracker {

    /** Enough for hours of one-second probes of a busy primary behind a stuck replica. */
    private static final int MAX_SAMPLES = 10_000;

    private record Sample(long lsn, long nanos) {}

    /** Primary positions not yet known to be replayed, oldest first, positions increasing. */
    private final ArrayDeque<Sample> ahead = new ArrayDeque<>();

    /** The primary was at {@code lsn} (bytes of WAL) at {@code nanos} (System.nanoTime). */
    synchronized void primaryAt(long lsn, long nanos) {
        Sample last = ahead.peekLast();
        if (last != null && lsn <= last.lsn()) {
            return;
        }
        if (ahead.size() >= MAX_SAMPLES) {
            // Keep the oldest: it alone decides the lag; later ones only refine it after a catch-up.
            ahead.removeLast();
        }
        ahead.addLast(new Sample(lsn, nanos));
    }

    /** The lag at {@code nanos} of a replica that has replayed up to {@code replayedLsn}. */
    synchronized Duration lag(long replayedLsn, long nanos) {
        while (!ahead.isEmpty() && ahead.peekFirst().lsn() <= replayedLsn) {
            ahead.removeFirst();
        }
        Sample oldest = ahead.peekFirst();
        return oldest == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, nanos - oldest.nanos()));
    }
}
