package io.activity.analytics.ratelimit;

import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The read limit in this instance's memory, with the same sliding-window rule as the Redis
 * script; used only while Redis is unreachable. Its limit is the shared one divided by the number
 * of instances.
 */
@Component
class LocalSlidingWindow {

    private final ConcurrentHashMap<UUID, ArrayDeque<Long>> windows = new ConcurrentHashMap<>();

    /** Returns {admitted 0/1, remaining, nanos until the oldest entry leaves the window}. */
    long[] acquire(UUID key, int limit, long windowNanos) {
        return check(key, limit, windowNanos, true);
    }

    /** Like {@link #acquire} but takes no slot: {room 0/1, remaining, nanos until one frees}. */
    long[] peek(UUID key, int limit, long windowNanos) {
        return check(key, limit, windowNanos, false);
    }

    private long[] check(UUID key, int limit, long windowNanos, boolean take) {
        ArrayDeque<Long> log = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (log) {
            long now = System.nanoTime();
            while (!log.isEmpty() && now - log.peekFirst() >= windowNanos) {
                log.pollFirst();
            }
            long admitted = log.size() < limit ? 1 : 0;
            if (admitted == 1 && take) {
                log.addLast(now);
            }
            long reset = log.isEmpty() ? 0 : log.peekFirst() + windowNanos - now;
            return new long[] {admitted, limit - log.size(), reset};
        }
    }

    /** Forgets companies whose window has emptied, so the map does not grow with every company seen. */
    @Scheduled(fixedDelay = 60_000)
    void sweep() {
        long now = System.nanoTime();
        windows.entrySet().removeIf(e -> {
            synchronized (e.getValue()) {
                Long newest = e.getValue().peekLast();
                return newest == null || now - newest > 3_600_000_000_000L;
            }
        });
    }
}
