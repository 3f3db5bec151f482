package io.activity.analytics.rollup;

import io.activity.analytics.company.CompanyTimezoneChanged;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A company's local days move with its timezone: once the change is committed, its rollups are
 * rebuilt from the raw rows (on a background thread, so the provisioning call does not wait for
 * a large company), then its cached reads are dropped. Until the rebuild commits, reads see the
 * rollups of the old zone.
 */
@Component
class TimezoneRebuild {

    private static final Logger log = LoggerFactory.getLogger(TimezoneRebuild.class);

    private final RollupRebuild rebuild;
    private final ApplicationEventPublisher events;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "timezone-rebuild");
        thread.setDaemon(true);
        return thread;
    });

    TimezoneRebuild(RollupRebuild rebuild, ApplicationEventPublisher events) {
        this.rebuild = rebuild;
        this.events = events;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void timezoneChanged(CompanyTimezoneChanged event) {
        executor.execute(() -> {
            try {
                rebuild.rebuild(event.companyId());
                events.publishEvent(new CompanyDataRefreshed(event.companyId()));
            } catch (RuntimeException e) {
                log.warn("Rebuild after a timezone change of company {} failed: {}", event.companyId(), e.toString());
            }
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
