package io.activity.analytics.usermetrics;

import io.activity.analytics.rollup.CompanyDataRefreshed;
import io.activity.analytics.rollup.RollupRebuild;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Runs rollup rebuilds off the request thread. Requests for one company coalesce: at most one
 * rebuild runs and at most one more is queued behind it (it will see every row committed before
 * it starts), so a burst of refreshes costs two rebuilds, not one per request. After each rebuild
 * the company's cached reads are cleared.
 */
@Component
class RefreshRunner {

    private static final Logger log = LoggerFactory.getLogger(RefreshRunner.class);

    private enum State {
        RUNNING,
        RUNNING_AND_QUEUED
    }

    private final RollupRebuild rebuild;
    private final ApplicationEventPublisher events;
    private final Map<UUID, State> states = new ConcurrentHashMap<>();
    private final AtomicInteger threads = new AtomicInteger();
    // Two workers: one long rebuild of a large company does not hold up every other company.
    private final ExecutorService workers = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "rollup-refresh-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    RefreshRunner(RollupRebuild rebuild, ApplicationEventPublisher events) {
        this.rebuild = rebuild;
        this.events = events;
    }

    /** Schedules a rebuild of the company; returns at once. */
    void request(UUID company) {
        boolean[] start = {false};
        states.compute(company, (k, state) -> {
            if (state == null) {
                start[0] = true;
                return State.RUNNING;
            }
            return State.RUNNING_AND_QUEUED;
        });
        if (start[0]) {
            workers.execute(() -> run(company));
        }
    }

    /** True while a rebuild of the company is running or queued. */
    boolean busy(UUID company) {
        return states.containsKey(company);
    }

    private void run(UUID company) {
        boolean again = true;
        while (again) {
            try {
                rebuild.rebuild(company);
                events.publishEvent(new CompanyDataRefreshed(company));
            } catch (RuntimeException e) {
                log.error("Rebuilding the rollups of company {} failed", company, e);
            }
            // A request that arrived during the rebuild runs once more; otherwise the company is idle.
            again = states.computeIfPresent(
                            company, (k, state) -> state == State.RUNNING_AND_QUEUED ? State.RUNNING : null)
                    != null;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
