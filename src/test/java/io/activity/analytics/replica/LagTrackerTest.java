package io.activity.analytics.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lag from WAL positions, with made-up positions and times (seconds as nanos). */
class LagTrackerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anIdlePrimaryWithACaughtUpReplicaHasNoLagHoweverLongItIsIdle() {
        var tracker = new LagTracker();
        // The primary sits at position 1000 for an hour; the replica replayed up to 1000.
        for (long t = 0; t <= 3600; t += 60) {
            tracker.primaryAt(1000, t * SECOND);
            assertThat(tracker.lag(1000, t * SECOND)).isEqualTo(Duration.ZERO);
        }
    }

    @Test
    void aReplicaBehindLagsSinceThePrimaryFirstStoodWhereItHasNotReplayedYet() {
        var tracker = new LagTracker();
        tracker.primaryAt(1000, 0);
        assertThat(tracker.lag(1000, 0)).isEqualTo(Duration.ZERO);
        // Writes at 10 s and 11 s move the primary to 2000 and 3000; replay is stuck at 1000.
        tracker.primaryAt(2000, 10 * SECOND);
        tracker.primaryAt(3000, 11 * SECOND);
        assertThat(tracker.lag(1000, 15 * SECOND)).isEqualTo(Duration.ofSeconds(5)); // 15 - 10
        // Replay reaches 2000 (not 3000): the oldest unreplayed position is the one of 11 s.
        assertThat(tracker.lag(2000, 16 * SECOND)).isEqualTo(Duration.ofSeconds(5)); // 16 - 11
        // Caught up.
        assertThat(tracker.lag(3000, 17 * SECOND)).isEqualTo(Duration.ZERO);
    }

    @Test
    void aPositionSeenAgainKeepsItsFirstTime() {
        var tracker = new LagTracker();
        tracker.primaryAt(5000, 2 * SECOND);
        tracker.primaryAt(5000, 3 * SECOND); // the same position later: not a new sample
        assertThat(tracker.lag(4000, 9 * SECOND)).isEqualTo(Duration.ofSeconds(7)); // 9 - 2
    }
}
