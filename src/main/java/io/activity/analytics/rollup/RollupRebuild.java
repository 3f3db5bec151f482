package io.activity.analytics.rollup;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recomputes one company's rollups from its raw rows, in one transaction: the definition of what
 * the incremental upkeep at ingest must produce, and the repair after late data or a timezone
 * change. Readers see the old rollups until it commits.
 *
 * <p>Each INSERT … SELECT takes company_id from the rows it reads, not from the parameter: Citus
 * then routes it to the company's worker as one statement. With the parameter as the inserted
 * value it plans the SELECT on the coordinator, which fails once the prepared statement's plan is
 * generic ("could not create distributed plan", seen in the demo load that rebuilds one company
 * after another on the same connections).
 */
@Component
public class RollupRebuild {

    // The activity sources' column lists (ActivitySource): "chrome_activity_count, …",
    // "sum(chrome) as chrome, …", "sum(h.chrome_activity_count) as chrome, …", "0, 0, 0, 0, 0".
    private static final String COLUMNS = ActivitySource.each("{column}");
    private static final String SUM_ALIASES = ActivitySource.each("sum({alias}) as {alias}");
    private static final String SUM_H_COLUMNS = ActivitySource.each("sum(h.{column}) as {alias}");
    private static final String ZEROS = ActivitySource.each("0");

    /**
     * The rollups in independent parts: each part deletes and refills its own tables and reads
     * only raw rows and its own tables, so parts can run in any order or side by side (the dataset
     * loader runs them on separate connections). Local days are in the company's zone at the time
     * of the rebuild.
     */
    public enum Part {
        DAILY_USERS(
                "delete from daily_user_activity where company_id = :company",
                "delete from user_active_days where company_id = :company",
                "delete from daily_company_activity where company_id = :company",
                """
        insert into daily_user_activity (company_id, user_id, day, heartbeats, %1$s, total_activity_count,
            page_views)
        select company_id, user_id, day, sum(heartbeats), %2$s, sum(total), sum(views)
        from (
            select h.company_id, h.user_id, local_day(h.generated_at, c.timezone) as day, count(*) as heartbeats,
                   %3$s, sum(h.total_activity_count) as total, 0 as views
            from heartbeats h join companies c on c.company_id = h.company_id
            where h.company_id = :company
            group by 1, 2, 3
            union all
            select p.company_id, p.user_id, local_day(p.viewed_at, c.timezone), 0, %4$s, 0, count(*)
            from page_views p join companies c on c.company_id = p.company_id
            where p.company_id = :company
            group by 1, 2, 3
        ) parts
        group by company_id, user_id, day
            """.formatted(COLUMNS, SUM_ALIASES, SUM_H_COLUMNS, ZEROS),
                """
        insert into user_active_days (company_id, day, user_id)
        select distinct company_id, day, user_id
        from daily_user_activity
        where company_id = :company and (total_activity_count > 0 or page_views > 0)
            """,
                """
        insert into daily_company_activity (company_id, day, heartbeats, %1$s, total_activity_count, page_views,
            active_users)
        select d.company_id, d.day, sum(d.heartbeats), %2$s, sum(d.total_activity_count), sum(d.page_views),
               count(*) filter (where d.total_activity_count > 0 or d.page_views > 0)
        from daily_user_activity d
        where d.company_id = :company
        group by d.company_id, d.day
            """.formatted(COLUMNS, ActivitySource.each("sum(d.{column})"))),
        DAILY_DEVICES("delete from daily_device_activity where company_id = :company", """
        insert into daily_device_activity (company_id, device_id, day, heartbeats, %1$s, total_activity_count)
        select h.company_id, h.device_id, local_day(h.generated_at, c.timezone), count(*),
               %2$s, sum(h.total_activity_count)
        from heartbeats h join companies c on c.company_id = h.company_id
        where h.company_id = :company
        group by 1, 2, 3
            """.formatted(
                        COLUMNS, ActivitySource.each("sum(h.{column})"))),
        QUARTER_HOURS(
                "delete from quarter_hour_activity where company_id = :company",
                "delete from quarter_hour_page_views where company_id = :company",
                "delete from quarter_hour_company_activity where company_id = :company",
                """
        insert into quarter_hour_activity (company_id, user_id, device_id, bucket_start, heartbeats, %1$s,
            total_activity_count, %3$s)
        select company_id, user_id, device_id, quarter_hour(generated_at), count(*), %2$s, sum(total_activity_count),
               %4$s
        from heartbeats
        where company_id = :company
        group by 1, 2, 3, 4
            """.formatted(
                                COLUMNS,
                                ActivitySource.each("sum({column})"),
                                ActivitySource.each("{alias}_heartbeats"),
                                ActivitySource.each("count(*) filter (where {column} > 0)")),
                """
        insert into quarter_hour_page_views (company_id, user_id, bucket_start, page_views)
        select company_id, user_id, quarter_hour(viewed_at), count(*)
        from page_views
        where company_id = :company
        group by 1, 2, 3
            """,
                """
        insert into quarter_hour_company_activity (company_id, bucket_start, heartbeats, %1$s,
            total_activity_count, page_views)
        select company_id, bucket_start, sum(heartbeats), %2$s, sum(total), sum(views)
        from (
            select company_id, bucket_start, heartbeats, %3$s, total_activity_count as total, 0 as views
            from quarter_hour_activity where company_id = :company
            union all
            select company_id, bucket_start, 0, %4$s, 0, page_views
            from quarter_hour_page_views where company_id = :company
        ) parts
        group by company_id, bucket_start
            """.formatted(COLUMNS, SUM_ALIASES, ActivitySource.each("{column} as {alias}"), ZEROS)),
        PAGES(
                "delete from daily_page_stats where company_id = :company",
                "delete from page_day_users where company_id = :company",
                """
        insert into daily_page_stats (company_id, day, path, page_views, duration_sum_ms, duration_count)
        select p.company_id, local_day(p.viewed_at, c.timezone), p.path, count(*),
               coalesce(sum(p.duration_ms), 0), count(p.duration_ms)
        from page_views p join companies c on c.company_id = p.company_id
        where p.company_id = :company
        group by 1, 2, 3
            """,
                // Ordinals are kept (ingest gave them in arrival order); only members without one get the next.
                """
        insert into page_member_ordinals (company_id, user_id, ordinal)
        select company_id, user_id,
               (coalesce((select max(ordinal) + 1 from page_member_ordinals where company_id = :company), 0)
                + row_number() over (partition by company_id order by user_id) - 1)::integer
        from (
            select distinct p.company_id, p.user_id from page_views p
            where p.company_id = :company
              and not exists (select 1 from page_member_ordinals o
                              where o.company_id = :company and o.user_id = p.user_id)
        ) missing
            """,
                """
        insert into page_day_users (company_id, day, path, users)
        select s.company_id, s.day, s.path,
               (select string_agg(case when g = any(s.ordinals) then '1' else '0' end, '' order by g)
                from generate_series(0, s.top) g)::varbit
        from (
            select p.company_id, local_day(p.viewed_at, c.timezone) as day, p.path,
                   array_agg(distinct o.ordinal) as ordinals, max(o.ordinal) as top
            from page_views p
            join companies c on c.company_id = p.company_id
            join page_member_ordinals o on o.company_id = p.company_id and o.user_id = p.user_id
            where p.company_id = :company
            group by 1, 2, 3
        ) s
            """),
        SESSIONS("delete from daily_company_sessions where company_id = :company", """
                insert into daily_company_sessions (company_id, day, sessions, duration_micros)
                select s.company_id, local_day(s.started_at, c.timezone), count(*),
                       sum(session_micros(s.started_at, s.last_activity_at))
                from sessions s join companies c on c.company_id = s.company_id
                where s.company_id = :company
                group by 1, 2
                """),
        MEMBERS("delete from member_activity where company_id = :company", """
        insert into member_activity (company_id, user_id, last_heartbeat_at, last_session_at, last_login_at)
        select company_id, user_id, max(last_heartbeat_at), max(last_session_at), max(last_login_at)
        from (
            select company_id, user_id, max(generated_at) as last_heartbeat_at, null::timestamptz as last_session_at,
                   null::timestamptz as last_login_at
            from heartbeats where company_id = :company group by company_id, user_id
            union all
            select company_id, user_id, null, max(last_activity_at), max(started_at)
            from sessions where company_id = :company group by company_id, user_id
        ) parts
        group by company_id, user_id
            """);

        private final List<String> statements;

        Part(String... statements) {
            this.statements = List.of(statements);
        }
    }

    private final JdbcClient jdbc;

    public RollupRebuild(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public void rebuild(UUID companyId) {
        // Serialises with ingest for this company, so no batch is half-counted by the rebuild.
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:company::text, 0))")
                .param("company", companyId)
                .query()
                .singleRow();
        for (Part part : Part.values()) {
            rebuildPart(companyId, part);
        }
    }

    /**
     * Refills one part of a company's rollups in the caller's transaction, without the company
     * lock: for a loader that owns the company (nothing ingests into it meanwhile).
     */
    public void rebuildPart(UUID companyId, Part part) {
        for (String statement : part.statements) {
            jdbc.sql(statement).param("company", companyId).update();
        }
    }
}
