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
    long[] acquire(UUID company, int limit, long windowNanos) {
        ArrayDeque<Long> log = windows.computeIfAbsent(company, k -> new ArrayDeque<>());
        synchronized (log) {
            long now = System.nanoTime();
            while (!log.isEmpty() && now - log.peekFirst() >= windowNanos) {
                log.pollFirst();
            }
            long admitted = 0;
            if (log.size() < limit) {
                log.addLast(now);
                admitted = 1;
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
