package io.activity.analytics.rollup;

import io.activity.analytics.company.CompanyTimezoneChanged;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the durable jobs on one company's data ({@code company_jobs}): the rebuild a timezone change
 * needs (a company's local days move with its zone) and the erasure of one member's data
 * ({@link Erasures}). A job is written in the transaction of the change that needs it (nothing can
 * lose it) and runs after the commit on a background thread, so the request does not wait for a
 * large company. Due jobs are also taken up at start-up (a crash or a restart between the request
 * and the job) and on a schedule (a failed attempt after its back-off).
 *
 * <p>A job runs in one transaction that first locks its row ({@code FOR UPDATE SKIP LOCKED}) and
 * marks it done at the end: another instance skips it while it runs, and an instance that dies
 * mid-job leaves no trace but the row as it was, which the next instance to look claims at once
 * (no lease to wait out). A failed attempt is retried after a back-off (1, 2, 3, 4 minutes) and
 * marked {@code failed} after five, with its error in {@code last_error}. Until a job commits,
 * reads see the rollups as they were; after it, the company's cached reads are dropped.
 */
@Component
class RebuildJobs {

    private static final Logger log = LoggerFactory.getLogger(RebuildJobs.class);

    /** Attempts before a job is marked failed and left for an operator. */
    static final int MAX_ATTEMPTS = 5;

    private static final Duration BACK_OFF = Duration.ofMinutes(1);

    record Job(UUID companyId, UUID jobId, String kind, UUID userId, int attempts) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RollupRebuild rebuild;
    private final Erasure erasure;
    private final JobsProperties properties;
    private final ApplicationEventPublisher events;
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread thread = new Thread(r, "company-jobs");
        thread.setDaemon(true);
        return thread;
    });

    RebuildJobs(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            RollupRebuild rebuild,
            Erasure erasure,
            JobsProperties properties,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.rebuild = rebuild;
        this.erasure = erasure;
        this.properties = properties;
        this.events = events;
        // On shutdown the job under way finishes; wake-ups still waiting are dropped (the jobs
        // stay in the table for the next start).
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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
        wake(Duration.ZERO);
    }

    /** The erasure's job was written with its request; it is due after the delay. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void afterErasureRequest(Erasures.Requested event) {
        wake(properties.erasureDelay().plusMillis(50));
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeAtStart() {
        wake(Duration.ZERO);
    }

    @Scheduled(fixedDelayString = "${analytics.jobs.poll-interval:30s}")
    void poll() {
        wake(Duration.ZERO);
    }

    private void wake(Duration delay) {
        try {
            executor.schedule(this::runDueLogged, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: the next instance to start takes the job up
        }
    }

    private void runDueLogged() {
        try {
            runDue();
        } catch (RuntimeException e) {
            log.warn("Company jobs could not be run: {}", e.toString());
        }
    }

    /** Runs every job that is due, one at a time; returns how many ran (failed attempts included). */
    int runDue() {
        int ran = 0;
        while (runNext()) {
            ran++;
        }
        return ran;
    }

    /** Claims the oldest due job and runs it in one transaction; false when none is due. */
    private boolean runNext() {
        AtomicReference<Job> claimed = new AtomicReference<>();
        try {
            Boolean ran = transactions.execute(status -> {
                Optional<Job> job = claim();
                if (job.isEmpty()) {
                    return false;
                }
                claimed.set(job.get());
                run(job.get());
                return true;
            });
            if (Boolean.TRUE.equals(ran)) {
                events.publishEvent(new CompanyDataRefreshed(claimed.get().companyId()));
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            Job job = claimed.get();
            if (job == null) {
                throw e; // not even the claim worked (database down): the next wake-up tries again
            }
            failed(job, e);
            return true;
        }
    }

    private Optional<Job> claim() {
        // 'running' is only left by an instance of an earlier version that died mid-job.
        return jdbc.sql("""
                        select company_id, job_id, kind, user_id, attempts from company_jobs
                        where status in ('pending', 'running') and not_before <= now()
                        order by not_before
                        limit 1
                        for update skip locked
                        """)
                .query((rs, n) -> new Job(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getInt(5)))
                .optional();
    }

    /** The job's work and its row marked done, in the claim's transaction. */
    private void run(Job job) {
        Retention.Deleted deleted = null;
        switch (job.kind()) {
            case "rebuild" -> rebuild.rebuild(job.companyId());
            case "erasure" -> deleted = erasure.erase(job.companyId(), job.userId());
            default -> throw new IllegalStateException("unknown job kind " + job.kind());
        }
        jdbc.sql("""
                        update company_jobs set status = 'done', started_at = now(), finished_at = :finishedAt,
                            attempts = attempts + 1, last_error = null, deleted = cast(:deleted as jsonb)
                        where company_id = :company and job_id = :job
                        """)
                // The time as a value: Citus runs no volatile function (clock_timestamp) in an UPDATE.
                .param("finishedAt", java.sql.Timestamp.from(java.time.Instant.now()))
                // The counts as one JSON value (null for a rebuild): Citus allows no stable function
                // (jsonb_build_object) inside a CASE of a statement on a reference table.
                .param("deleted", deletedJson(deleted))
                .param("company", job.companyId())
                .param("job", job.jobId())
                .update();
    }

    /** The erasure's counts as the job row's {@code deleted} JSON object; null when nothing was erased. */
    static String deletedJson(Retention.Deleted deleted) {
        if (deleted == null) {
            return null;
        }
        return "{\"heartbeats\": %d, \"page_views\": %d, \"sessions\": %d, \"usage_events\": %d}"
                .formatted(deleted.heartbeats(), deleted.pageViews(), deleted.sessions(), deleted.usageEvents());
    }

    private void failed(Job job, RuntimeException e) {
        int attempt = job.attempts() + 1;
        boolean last = attempt >= MAX_ATTEMPTS;
        log.warn(
                "Job {} ({}) of company {} failed (attempt {} of {}): {}",
                job.jobId(),
                job.kind(),
                job.companyId(),
                attempt,
                MAX_ATTEMPTS,
                e.toString());
        jdbc.sql("""
                        update company_jobs set status = :status, attempts = :attempt, last_error = :error,
                            not_before = now() + :backOff::interval,
                            finished_at = :finishedAt
                        where company_id = :company and job_id = :job
                        """)
                // A value, not a CASE around now(): Citus evaluates no volatile function inside a CASE.
                .param(
                        "finishedAt",
                        last ? java.sql.Timestamp.from(java.time.Instant.now()) : null,
                        java.sql.Types.TIMESTAMP)
                .param("status", last ? "failed" : "pending")
                .param("attempt", attempt)
                .param("error", String.valueOf(e))
                .param("backOff", BACK_OFF.toSeconds() * attempt + " seconds")
                .param("company", job.companyId())
                .param("job", job.jobId())
                .update();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
