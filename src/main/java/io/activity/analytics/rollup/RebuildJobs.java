package io.activity.analytics.rollup;

import io.activity.analytics.company.CompanyTimezoneChanged;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * A company's local days move with its timezone, so a timezone change needs its rollups rebuilt
 * from the raw rows. The need is written as a {@code company_jobs} row in the transaction of the
 * change itself (nothing can lose it), and the rebuild runs after the commit on a background
 * thread, so the provisioning call does not wait for a large company. Pending jobs are also
 * taken up at start-up (a crash or a restart between the change and the rebuild) and on a
 * schedule (a failed attempt after its back-off; a job whose instance died mid-rebuild, once its
 * lease is over). Until the rebuild commits, reads see the rollups of the old zone; after it, the
 * company's cached reads are dropped.
 */
@Component
class RebuildJobs {

    private static final Logger log = LoggerFactory.getLogger(RebuildJobs.class);

    /** Attempts before a job is marked failed and left for an operator. */
    static final int MAX_ATTEMPTS = 5;

    /** A running job not finished within this is taken to be dead and claimed again. */
    static final Duration LEASE = Duration.ofMinutes(30);

    private static final Duration BACK_OFF = Duration.ofMinutes(1);

    record Job(UUID companyId, UUID jobId, int attempts) {}

    private final JdbcClient jdbc;
    private final RollupRebuild rebuild;
    private final ApplicationEventPublisher events;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "company-jobs");
        thread.setDaemon(true);
        return thread;
    });

    RebuildJobs(JdbcClient jdbc, RollupRebuild rebuild, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.rebuild = rebuild;
        this.events = events;
    }

    /** In the transaction that changes the zone: the job commits with the change or not at all. */
    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT, fallbackExecution = true)
    void timezoneChanged(CompanyTimezoneChanged event) {
        jdbc.sql("insert into company_jobs (company_id, kind) values (:company, 'rebuild')")
                .param("company", event.companyId())
                .update();
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void afterTimezoneChange(CompanyTimezoneChanged event) {
        wake();
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeAtStart() {
        wake();
    }

    @Scheduled(fixedDelayString = "${analytics.jobs.poll-interval:30s}")
    void poll() {
        wake();
    }

    private void wake() {
        executor.execute(this::runDue);
    }

    /** Runs every job that is due, one at a time; returns how many ran. */
    int runDue() {
        int ran = 0;
        for (Optional<Job> job = claim(); job.isPresent(); job = claim()) {
            run(job.get());
            ran++;
        }
        return ran;
    }

    private Optional<Job> claim() {
        return jdbc.sql("""
                        update company_jobs j set status = 'running', started_at = now(), attempts = attempts + 1
                        from (select company_id, job_id from company_jobs
                              where (status = 'pending' and not_before <= now())
                                 or (status = 'running' and started_at < now() - :lease::interval)
                              order by not_before
                              limit 1
                              for update skip locked) due
                        where j.company_id = due.company_id and j.job_id = due.job_id
                        returning j.company_id, j.job_id, j.attempts
                        """)
                .param("lease", LEASE.toSeconds() + " seconds")
                .query((rs, n) -> new Job(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3)))
                .optional();
    }

    private void run(Job job) {
        try {
            rebuild.rebuild(job.companyId());
            jdbc.sql("""
                            update company_jobs set status = 'done', finished_at = now(), last_error = null
                            where company_id = :company and job_id = :job
                            """)
                    .param("company", job.companyId())
                    .param("job", job.jobId())
                    .update();
            events.publishEvent(new CompanyDataRefreshed(job.companyId()));
        } catch (RuntimeException e) {
            boolean last = job.attempts() >= MAX_ATTEMPTS;
            log.warn(
                    "Rebuild of company {} failed (attempt {} of {}): {}",
                    job.companyId(),
                    job.attempts(),
                    MAX_ATTEMPTS,
                    e.toString());
            jdbc.sql("""
                            update company_jobs set status = :status, last_error = :error,
                                not_before = now() + :backOff::interval,
                                finished_at = case when :status = 'failed' then now() end
                            where company_id = :company and job_id = :job
                            """)
                    .param("status", last ? "failed" : "pending")
                    .param("error", String.valueOf(e))
                    .param("backOff", BACK_OFF.toSeconds() * job.attempts() + " seconds")
                    .param("company", job.companyId())
                    .param("job", job.jobId())
                    .update();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
