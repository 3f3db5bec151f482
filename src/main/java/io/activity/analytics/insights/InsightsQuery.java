package io.activity.analytics.insights;

import io.activity.analytics.activeusers.ActiveDays;
import io.activity.analytics.insights.InsightsResponses.Endpoint;
import io.activity.analytics.insights.InsightsResponses.Latency;
import io.activity.analytics.insights.InsightsResponses.TrendPoint;
import io.activity.analytics.insights.InsightsResponses.UserLatency;
import io.activity.analytics.insights.InsightsResponses.UserSeconds;
import io.activity.analytics.replica.ReadStore;
import io.activity.analytics.security.Caller;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.stereotype.Component;

/** The insights aggregates, one statement each, always scoped by the caller's company. */
@Component
class InsightsQuery {

    // Sessions clipped to the window, then each member's overlapping or touching intervals merged
    // (gaps and islands: an interval starts a new island when it begins after every earlier one
    // ended), so two tabs or two devices at once count once and nobody exceeds the window.
    private static final String USER_ACTIVITY = """
            with clipped as (
                select user_id, greatest(started_at, :start) as s, least(last_activity_at, :end) as e
                from sessions
                where company_id = :company and started_at < :end and last_activity_at > :start
            ),
            marked as (
                select user_id, s, e,
                       case when s <= max(e) over (partition by user_id order by s, e
                                                   rows between unbounded preceding and 1 preceding)
                            then 0 else 1 end as new_island
                from clipped
            ),
            islands as (
                select user_id, s, e,
                       sum(new_island) over (partition by user_id order by s, e rows unbounded preceding) as island
                from marked
            ),
            merged as (select user_id, min(s) as s, max(e) as e from islands group by user_id, island),
            per_user as (
                select user_id, floor(sum(extract(epoch from e - s)))::bigint as seconds
                from merged group by user_id
            )
            select p.user_id, u.email, u.first_name, u.last_name, p.seconds
            from per_user p
            join company_members m on m.company_id = :company and m.user_id = p.user_id and m.deleted_at is null
            join users u on u.company_id = :company and u.user_id = p.user_id
            where p.seconds > 0
            order by p.seconds desc, p.user_id
            """;

    private static final String USER_LATENCY = """
            select e.user_id, u.email,
                   round(percentile_cont(0.5) within group (order by e.duration_ms)::numeric, 2) as p50,
                   round(percentile_cont(0.95) within group (order by e.duration_ms)::numeric, 2) as p95
            from usage_events e
            join company_members m on m.company_id = e.company_id and m.user_id = e.user_id and m.deleted_at is null
            join users u on u.company_id = e.company_id and u.user_id = e.user_id
            where e.company_id = :company and e.user_id is not null
              and e.occurred_at >= :start and e.occurred_at < :end
            group by e.user_id, u.email
            order by p95 desc, e.user_id
            """;

    private static final String ENDPOINTS = """
            select route, method, count(*) as n,
                   round(avg(duration_ms)::numeric, 2) as avg_ms,
                   round(percentile_cont(0.95) within group (order by duration_ms)::numeric, 2) as p95_ms
            from usage_events
            where company_id = :company and occurred_at >= :start and occurred_at < :end
            group by route, method
            order by n desc, route collate "C", method collate "C"
            limit :limit
            """;

    // Per local day first (requests, page views, who was active), then days into buckets: a
    // bucket is named by its first day inside the range, weeks start on Monday (ISO). For the
    // previous range (:shift > 0 days before the requested one), each day goes to the bucket its
    // day :shift later falls in, moved back by :shift: the requested range's buckets, shifted.
    private static final String TRENDS = """
            with %s,
            days as (
                select d::date as day,
                       greatest(date_trunc(:unit, d + make_interval(days => :shift))::date,
                                cast(:from as date) + :shift) - :shift as bucket
                from generate_series(cast(:from as date)::timestamp, cast(:to as date)::timestamp, interval '1 day') d
            ),
            requests as (
                select local_day(occurred_at, :zone) as day, count(*) as n, sum(duration_ms) as duration_sum
                from usage_events
                where company_id = :company and occurred_at >= :start and occurred_at < :end
                group by 1
            ),
            views as (%s),
            active as (
                select d.bucket, count(distinct a.user_id) as n
                from active_days a join days d on d.day = a.day
                group by d.bucket
            )
            select d.bucket, coalesce(max(a.n), 0) as active_users, coalesce(sum(r.n), 0) as requests,
                   round((sum(r.duration_sum) / nullif(sum(r.n), 0))::numeric, 2) as avg_ms,
                   coalesce(sum(v.n), 0) as page_views
            from days d
            left join requests r on r.day = d.day
            left join views v on v.day = d.day
            left join active a on a.bucket = d.bucket
            group by d.bucket
            order by d.bucket
            """;

    private static final String VIEWS_ROLLUP = """
            select day, page_views as n from daily_company_activity
            where company_id = :company and day between :from and :to""";

    private static final String VIEWS_QUARTER_HOURS = """
            select local_day(bucket_start, :zone) as day, sum(page_views) as n
            from quarter_hour_company_activity
            where company_id = :company and bucket_start >= :start and bucket_start < :end
            group by 1""";

    private final ReadStore reads;
    private final FeatureMap features;

    InsightsQuery(ReadStore reads, FeatureMap features) {
        this.reads = reads;
        this.features = features;
    }

    List<UserSeconds> userActivity(Caller caller, Instant start, Instant end) {
        return reads.jdbc()
                .sql(USER_ACTIVITY)
                .param("company", caller.companyId())
                .param("start", utc(start))
                .param("end", utc(end))
                .query((rs, n) -> new UserSeconds(
                        rs.getString("user_id"),
                        rs.getString("email"),
                        rs.getString("first_name"),
                        rs.getString("last_name"),
                        rs.getLong("seconds")))
                .list();
    }

    List<UserLatency> userLatency(Caller caller, Instant start, Instant end) {
        return reads.jdbc()
                .sql(USER_LATENCY)
                .param("company", caller.companyId())
                .param("start", utc(start))
                .param("end", utc(end))
                .query((rs, n) -> new UserLatency(
                        rs.getString("user_id"),
                        rs.getString("email"),
                        new Latency(rs.getBigDecimal("p50"), rs.getBigDecimal("p95"))))
                .list();
    }

    List<Endpoint> endpoints(Caller caller, LocalDate from, LocalDate to, int limit) {
        ZoneId zone = caller.companyZone();
        return reads.jdbc()
                .sql(ENDPOINTS)
                .param("company", caller.companyId())
                .param("start", utc(from.atStartOfDay(zone).toInstant()))
                .param("end", utc(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .param("limit", limit)
                .query((rs, n) -> new Endpoint(
                        rs.getString("route"),
                        rs.getString("method"),
                        features.feature(rs.getString("route")),
                        rs.getLong("n"),
                        rs.getBigDecimal("avg_ms"),
                        rs.getBigDecimal("p95_ms")))
                .list();
    }

    /**
     * The trend buckets of [from, to]; with {@code shift} > 0, those of the {@code shift} days
     * before it instead (the previous range when {@code shift} is the range's length), each bucket
     * the requested one moved back by {@code shift} days.
     */
    List<TrendPoint> trends(
            Caller caller, ZoneId zone, LocalDate requestedFrom, LocalDate requestedTo, String unit, long shift) {
        LocalDate from = requestedFrom.minusDays(shift);
        LocalDate to = requestedTo.minusDays(shift);
        boolean rollup = ActiveDays.usesRollup(zone, caller.companyZone());
        String sql = TRENDS.formatted(
                ActiveDays.cte(zone, caller.companyZone()), rollup ? VIEWS_ROLLUP : VIEWS_QUARTER_HOURS);
        return reads.jdbc()
                .sql(sql)
                .param("company", caller.companyId())
                .param("zone", zone.getId())
                .param("from", from)
                .param("to", to)
                .param("start", utc(from.atStartOfDay(zone).toInstant()))
                .param("end", utc(to.plusDays(1).atStartOfDay(zone).toInstant()))
                .param("unit", unit)
                .param("shift", (int) shift)
                .query((rs, n) -> new TrendPoint(
                        rs.getObject("bucket", LocalDate.class).toString(),
                        rs.getLong("active_users"),
                        rs.getLong("requests"),
                        rs.getBigDecimal("avg_ms"),
                        rs.getLong("page_views")))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
