package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The background writer of the usage and audit records: batches per interval, drops when full. */
class BatchingWriterTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

    private BatchingWriter<Integer> writer(int capacity, int batchSize, Duration interval) {
        return new BatchingWriter<>(
                "test-writer",
                capacity,
                batchSize,
                interval,
                batch -> batches.add(List.copyOf(batch)),
                counter("dropped"),
                counter("written"),
                counter("failed"));
    }

    private Counter counter(String name) {
        return meters.counter(name);
    }

    @Test
    void recordsOfOneIntervalAreWrittenTogetherInBatchesOfAtMostBatchSize() throws InterruptedException {
        var writer = writer(100, 3, Duration.ofMillis(300));
        writer.start();
        try {
            for (int i = 1; i <= 5; i++) {
                writer.offer(i);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (meters.counter("written").count() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // Offered within one interval: one pass writes them, 3 + 2, in order; never one per record.
            assertThat(batches).containsExactly(List.of(1, 2, 3), List.of(4, 5));
        } finally {
            writer.stop();
        }
    }

    @Test
    void aFullQueueDropsAndCountsAndStopWritesWhatIsLeft() {
        var writer = writer(2, 10, Duration.ofMinutes(10)); // the writer never wakes on its own here
        writer.start();
        writer.offer(1);
        writer.offer(2);
        writer.offer(3);
        assertThat(meters.counter("dropped").count()).isEqualTo(1.0);
        assertThat(batches).isEmpty();
        writer.stop();
        assertThat(batches).containsExactly(List.of(1, 2));
        assertThat(meters.counter("written").count()).isEqualTo(2.0);
    }

    @Test
    void aBatchTheSinkRefusesIsDroppedAndCountedAsFailed() {
        var failing = new BatchingWriter<Integer>(
                "failing-writer",
                10,
                10,
                Duration.ofMinutes(10),
                batch -> {
                    throw new IllegalStateException("database down");
                },
                counter("dropped"),
                counter("written"),
                counter("failed"));
        failing.offer(1);
        failing.offer(2);
        failing.flushAll();
        assertThat(meters.counter("failed").count()).isEqualTo(2.0);
        assertThat(meters.counter("written").count()).isZero();
        assertThat(failing.queued()).isZero();
    }
}
