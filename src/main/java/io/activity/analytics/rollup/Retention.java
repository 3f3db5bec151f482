package io.activity.analytics.rollup;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes a company's raw events older than a cutoff and keeps its rollups equal to what
 * {@link RollupRebuild} would compute from the rows left. The cutoff is moved back to the start
 * of the company-local day that contains "now minus the period", so whole local days (and whole
 * 15-minute buckets, which local day starts always align with) leave the raw tables and the
 * rollups together; sessions go when their last activity is before the cutoff.
 *
 * <p>The scheduled job first drops every monthly partition that lies entirely before every
 * company's cutoff (cheap, no row-wise delete), then runs the per-company delete for the rest.
 */
@Component
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final Pattern PARTITION = Pattern.compile("^(heartbeats|page_views|usage_events)_(\\d{4})(\\d{2})$");
    static final String LOCK = "select pg_advisory_xact_lock(hashtextextended(:company::text, 0))";

    public record Deleted(long heartbeats, long pageViews, long sessions, long usageEvents) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final RetentionProperties properties;
    private final Partitions partitions;
    private final RollupRebuild rollups;
    private final Clock clock = Clock.systemUTC();

    Retention(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ApplicationEventPublisher events,
            RetentionProperties properties,
            Partitions partitions,
            RollupRebuild rollups) {
        this.jdbc = jdbc;
        this.rollups = rollups;
        this.transactions = transactions;
        this.events = events;
        this.properties = properties;
        this.partitions = partitions;
    }

    /** Deletes the company's events older than {@code olderThan} (aligned to a local day start). */
    public Deleted apply(UUID company, Duration olderThan) {
        Instant now = clock.instant();
        Deleted deleted = transactions.execute(status -> {
            // Exclusive against ingest (shared) and rebuilds of this company.
            jdbc.sql(LOCK).param("company", company).query().singleRow();
            ZoneId zone = jdbc.sql("select timezone from companies where company_id = :company")
                    .param("company", company)
                    .query((rs, n) -> ZoneId.of(rs.getString(1)))
                    .single();
            LocalDate cutoffDay = LocalDate.ofInstant(now.minus(olderThan), zone);
            Instant cutoff = cutoffDay.atStartOfDay(zone).toInstant();
            return delete(company, cutoffDay, cutoff);
        });
        events.publishEvent(new CompanyDataRefreshed(company));
        return deleted;
    }

    private Deleted delete(UUID company, LocalDate cutoffDay, Instant cutoff) {
        Timestamp at = Timestamp.from(cutoff);
        long heartbeats =
                deleteWithGuards("heartbeats", "generated_at", "event_id", "heartbeat_event_ids", company, at);
        // A view sent with an event_id is stored under it as view_id (V101): its guard row goes too.
        long pageViews = deleteWithGuards("page_views", "viewed_at", "view_id", "page_view_event_ids", company, at);
        long sessions =
                update("delete from sessions where company_id = :company and last_activity_at < :cutoff", company, at);
        long usage =
                update("delete from usage_events where company_id = :company and occurred_at < :cutoff", company, at);

        for (String table : List.of(
                "daily_user_activity",
                "daily_device_activity",
                "daily_company_activity",
                "user_active_days",
                "daily_page_stats",
                "page_day_users")) {
            jdbc.sql("delete from " + table + " where company_id = :company and day < :day")
                    .param("company", company)
                    .param("day", cutoffDay)
                    .update();
        }
        for (String table :
                List.of("quarter_hour_activity", "quarter_hour_page_views", "quarter_hour_company_activity")) {
            update("delete from " + table + " where company_id = :company and bucket_start < :cutoff", company, at);
        }
        // Sessions that started before the cutoff but were active after it survive, so the old
        // start days cannot simply be deleted: the day rows are recounted from the sessions left.
        rollups.rebuildPart(company, RollupRebuild.Part.SESSIONS);
        // Latest activity: a time before the cutoff now has no row behind it, except last_login_at,
        // which the surviving sessions may still define (the latest start among them).
        update("""
                update member_activity set
                    last_heartbeat_at = case when last_heartbeat_at < :cutoff then null else last_heartbeat_at end,
                    last_session_at = case when last_session_at < :cutoff then null else last_session_at end,
                    last_login_at = case when last_login_at < :cutoff then null else last_login_at end
                where company_id = :company
                  and (last_heartbeat_at < :cutoff or last_session_at < :cutoff or last_login_at < :cutoff)
                """, company, at);
        update("""
                update member_activity m set last_login_at = s.latest
                from (select company_id, user_id, max(started_at) as latest from sessions
                      where company_id = :company group by company_id, user_id) s
                where m.company_id = :company and m.company_id = s.company_id and m.user_id = s.user_id
                  and m.last_login_at is null
                """, company, at);
        jdbc.sql("""
                        delete from member_activity where company_id = :company
                          and last_heartbeat_at is null and last_session_at is null and last_login_at is null
                        """).param("company", company).update();
        return new Deleted(heartbeats, pageViews, sessions, usage);
    }

    /**
     * The events of {@code table} before the cutoff and their event-id guard rows: the guard rows
     * first (found through the events), then the events; two plain statements rather than one with
     * data-modifying CTEs, which Citus never routes to one worker.
     */
    private long deleteWithGuards(
            String table, String timeColumn, String idColumn, String guards, UUID company, Timestamp cutoff) {
        update("""
                delete from %s g using %s t
                where g.company_id = :company and t.company_id = g.company_id
                  and t.%s < :cutoff and t.%s = g.event_id
                """.formatted(guards, table, timeColumn, idColumn), company, cutoff);
        return update(
                "delete from %s where company_id = :company and %s < :cutoff".formatted(table, timeColumn),
                company,
                cutoff);
    }

    private long update(String sql, UUID company, Timestamp cutoff) {
        return jdbc.sql(sql).param("company", company).param("cutoff", cutoff).update();
    }

    @Scheduled(cron = "${analytics.retention.cron:0 40 2 * * *}")
    void scheduled() {
        runAll(properties.period());
    }

    /** The period for every company: whole partitions dropped first, then row-wise. */
    void runAll(Duration period) {
        Instant now = clock.instant();
        // Every company's aligned cutoff is at most ~26 h (a local day, DST included, and offsets
        // up to ±14 h) before now − period; two days of margin keep the drop inside all of them.
        Instant dropBefore = now.minus(period).minus(Duration.ofDays(2));
        int dropped = dropPartitions(dropBefore);
        List<UUID> companies = jdbc.sql("select company_id from companies order by company_id")
                .query(UUID.class)
                .list();
        long rows = 0;
        for (UUID company : companies) {
            try {
                Deleted d = apply(company, period);
                rows += d.heartbeats() + d.pageViews() + d.sessions() + d.usageEvents();
            } catch (RuntimeException e) {
                log.warn("Retention failed for company {}: {}", company, e.toString());
            }
        }
        log.info(
                "Retention ({}): dropped {} partitions, deleted {} rows across {} companies",
                period,
                dropped,
                rows,
                companies.size());
    }

    int dropPartitions(Instant before) {
        List<String> names = jdbc.sql("""
                        select c.relname from pg_inherits i
                        join pg_class c on c.oid = i.inhrelid
                        join pg_class p on p.oid = i.inhparent
                        where p.relname in ('heartbeats', 'page_views', 'usage_events')
                        order by c.relname
                        """).query(String.class).list();
        int dropped = 0;
        Instant guardBefore = null;
        Instant viewGuardBefore = null;
        for (String name : names) {
            Matcher m = PARTITION.matcher(name);
            if (!m.matches()) {
                continue;
            }
            YearMonth month = YearMonth.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            Instant end =
                    month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (end.isAfter(before)) {
                continue;
            }
            try {
                transactions.executeWithoutResult(status -> {
                    // Waiting long for the parent's lock would stall ingest behind us; the
                    // row-wise delete that follows covers a partition we could not drop.
                    jdbc.sql("set local lock_timeout = '5s'").update();
                    jdbc.sql("drop table if exists \"" + name + "\"").update();
                });
                partitions.forget(m.group(1), month);
                dropped++;
                if (m.group(1).equals(Partitions.HEARTBEATS) && (guardBefore == null || end.isAfter(guardBefore))) {
                    guardBefore = end;
                }
                if (m.group(1).equals(Partitions.PAGE_VIEWS)
                        && (viewGuardBefore == null || end.isAfter(viewGuardBefore))) {
                    viewGuardBefore = end;
                }
            } catch (RuntimeException e) {
                log.warn("Could not drop partition {}: {}", name, e.toString());
            }
        }
        if (guardBefore != null) {
            jdbc.sql("delete from heartbeat_event_ids where generated_at < :before")
                    .param("before", Timestamp.from(guardBefore))
                    .update();
        }
        if (viewGuardBefore != null) {
            jdbc.sql("delete from page_view_event_ids where viewed_at < :before")
                    .param("before", Timestamp.from(viewGuardBefore))
                    .update();
        }
        return dropped;
    }
}
