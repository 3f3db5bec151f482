package io.activity.analytics.query;

import io.activity.analytics.query.Query.Dimension;
import io.activity.analytics.query.Query.Filter;
import io.activity.analytics.query.Query.Granularity;
import io.activity.analytics.query.Query.Metric;
import io.activity.analytics.replica.ReadStore;
import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.web.SqlFiles;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds and runs the one aggregate statement of a query range ({@code query.sql}): which rollups
 * feed it depends on the metrics, the dimensions and filters, and whether the zone is the
 * company's own. Every source yields rows of (local day, member, app, device, path, figures);
 * all text placed in the statement is fixed here, every value from the client is a parameter.
 */
@Component
class QueryEngine {

    private static final String STATEMENT = SqlFiles.text(QueryEngine.class, "query.sql");

    /** Where facts come from; each is one SELECT of the facts CTE, in its column order. */
    enum Source {
        /** Company zone: per member and local day (active, activity, heartbeats, page views). */
        DAILY("""
                select d.day, d.user_id, null::text, null::text, null::text,
                       d.total_activity_count > 0 or d.page_views > 0, d.total_activity_count,
                       d.heartbeats::bigint, d.page_views::bigint, 0::bigint, 0::bigint
                from daily_user_activity d
                where d.company_id = :company and d.day between :from and :to"""),
        /** Company zone, per app: a member counts under each app with activity that day. */
        DAILY_APPS("""
                select d.day, d.user_id, a.app, null::text, null::text, true, a.activity,
                       0::bigint, 0::bigint, 0::bigint, 0::bigint
                from daily_user_activity d
                cross join lateral (values %s) a (app, activity)
                where d.company_id = :company and d.day between :from and :to and a.activity > 0""".formatted(eachApp("('{app}', d.{column})"))),
        /** Any zone: 15-minute buckets per member and device summed into the zone's days. */
        QUARTER_HOURS("""
                select local_day(q.bucket_start, :zone), q.user_id, null::text, q.device_id, null::text,
                       q.total_activity_count > 0, q.total_activity_count, q.heartbeats::bigint,
                       0::bigint, 0::bigint, 0::bigint
                from quarter_hour_activity q
                where q.company_id = :company and q.bucket_start >= :start_at and q.bucket_start < :end_at"""),
        /** Any zone, per app: the source's activity and the heartbeats that carried some of it. */
        QUARTER_HOUR_APPS("""
                select local_day(q.bucket_start, :zone), q.user_id, a.app, q.device_id, null::text, true,
                       a.activity, a.beats::bigint, 0::bigint, 0::bigint, 0::bigint
                from quarter_hour_activity q
                cross join lateral (values %s) a (app, activity, beats)
                where q.company_id = :company and q.bucket_start >= :start_at and q.bucket_start < :end_at
                  and a.activity > 0""".formatted(eachApp("('{app}', q.{column}, q.{alias}_heartbeats)"))),
        /** Any zone: page views per member in 15-minute buckets. */
        QUARTER_HOUR_PAGE_VIEWS("""
                select local_day(p.bucket_start, :zone), p.user_id, null::text, null::text, null::text,
                       p.page_views > 0, 0::bigint, 0::bigint, p.page_views::bigint, 0::bigint, 0::bigint
                from quarter_hour_page_views p
                where p.company_id = :company and p.bucket_start >= :start_at and p.bucket_start < :end_at"""),
        /**
         * Per path: the page views of the range (no rollup keeps views per member and path; the
         * range's partitions only, through the primary key's company and time).
         */
        PAGE_VIEWS("""
                select local_day(v.viewed_at, :zone), v.user_id, null::text, null::text, v.path, true,
                       0::bigint, 0::bigint, 1::bigint, 0::bigint, 0::bigint
                from page_views v
                where v.company_id = :company and v.viewed_at >= :start_at and v.viewed_at < :end_at"""),
        /** Company zone, whole company: sessions by the local day of their start. */
        DAILY_SESSIONS("""
                select s.day, null::uuid, null::text, null::text, null::text, false, 0::bigint, 0::bigint,
                       0::bigint, s.sessions, s.duration_micros
                from daily_company_sessions s
                where s.company_id = :company and s.day between :from and :to"""),
        /** Per member or in another zone: the sessions started in the range (sessions_started_cover_idx). */
        SESSIONS("""
                select local_day(s.started_at, :zone), s.user_id, null::text, null::text, null::text, false,
                       0::bigint, 0::bigint, 0::bigint, 1::bigint, session_micros(s.started_at, s.last_activity_at)
                from sessions s
                where s.company_id = :company and s.started_at >= :start_at and s.started_at < :end_at""");

        final String sql;

        Source(String sql) {
            this.sql = sql;
        }
    }

    /** The pattern once per activity source, with {app} (its API name), {column} and {alias} filled in. */
    static String eachApp(String pattern) {
        return String.join(
                ", ",
                Arrays.stream(ActivitySource.values())
                        .map(s -> pattern.replace("{app}", s.app)
                                .replace("{column}", s.column)
                                .replace("{alias}", s.alias))
                        .toList());
    }

    private final ReadStore reads;

    QueryEngine(ReadStore reads) {
        this.reads = reads;
    }

    /** The rollups a query reads, by its metrics, dimensions, filters and zone. */
    static Set<Source> sources(Query query, ZoneId companyZone) {
        boolean own = query.timezone().getId().equals(companyZone.getId());
        Set<Metric> metrics = EnumSet.copyOf(query.metrics());
        Set<Source> sources = EnumSet.noneOf(Source.class);
        if (query.uses(Dimension.PATH)) {
            sources.add(Source.PAGE_VIEWS); // metrics are page_views and active_users only
        } else if (query.uses(Dimension.APP) || query.uses(Dimension.DEVICE)) {
            // active_users, activity, heartbeats only
            if (query.uses(Dimension.DEVICE) || !own || metrics.contains(Metric.HEARTBEATS)) {
                sources.add(query.uses(Dimension.APP) ? Source.QUARTER_HOUR_APPS : Source.QUARTER_HOURS);
            } else {
                sources.add(Source.DAILY_APPS);
            }
        } else {
            boolean activity = metrics.contains(Metric.ACTIVE_USERS)
                    || metrics.contains(Metric.ACTIVITY)
                    || metrics.contains(Metric.HEARTBEATS);
            boolean views = metrics.contains(Metric.ACTIVE_USERS) || metrics.contains(Metric.PAGE_VIEWS);
            if (own && (activity || views)) {
                sources.add(Source.DAILY);
            } else {
                if (activity) {
                    sources.add(Source.QUARTER_HOURS);
                }
                if (views) {
                    sources.add(Source.QUARTER_HOUR_PAGE_VIEWS);
                }
            }
            if (metrics.contains(Metric.SESSIONS) || metrics.contains(Metric.SESSION_SECONDS)) {
                sources.add(own && !query.usesMemberAttributes() ? Source.DAILY_SESSIONS : Source.SESSIONS);
            }
        }
        return sources;
    }

    /** The statement of a query, the same for its range and its comparison range. */
    static String statement(Query query, ZoneId companyZone) {
        Set<Source> sources = sources(query, companyZone);
        List<String> selects = new ArrayList<>();
        for (Source source : sources) {
            selects.add(source.sql.indent(4).stripTrailing());
        }
        // One row per member and day already (and per app when app is a dimension): no need to
        // group by member before counting, a plain count of active rows is the distinct count.
        boolean direct = query.granularity() == Granularity.DAY
                && (sources.equals(EnumSet.of(Source.DAILY))
                        || (sources.equals(EnumSet.of(Source.DAILY_APPS))
                                && query.dimensions().contains(Dimension.APP)));
        String figures = direct
                ? "f.active, f.activity, f.heartbeats, f.page_views, f.sessions, f.micros"
                : "bool_or(f.active) as active, sum(f.activity) as activity, sum(f.heartbeats) as heartbeats,"
                        + " sum(f.page_views) as page_views, sum(f.sessions) as sessions, sum(f.micros) as micros";
        String join = query.usesMemberAttributes()
                ? "\n    left join company_members m on m.company_id = :company and m.user_id = f.user_id"
                : "";
        StringBuilder where = new StringBuilder();
        for (int i = 0; i < query.filters().size(); i++) {
            where.append("\n      and ").append(condition(query.filters().get(i), i));
        }
        return STATEMENT.formatted(
                String.join("\n    union all\n", selects),
                bucket(query.granularity()),
                dimension(query, 0),
                dimension(query, 1),
                figures,
                join,
                where,
                direct ? "" : "\n    group by 1, 2, 3, 4");
    }

    private static String bucket(Granularity granularity) {
        return switch (granularity) {
            case NONE -> "cast(:from as date)";
            case DAY -> "f.day";
            case WEEK -> "greatest(date_trunc('week', f.day::timestamp)::date, cast(:from as date))";
            case MONTH -> "greatest(date_trunc('month', f.day::timestamp)::date, cast(:from as date))";
        };
    }

    private static String dimension(Query query, int index) {
        return index < query.dimensions().size() ? column(query.dimensions().get(index)) : "null::text";
    }

    private static String column(Dimension dimension) {
        return switch (dimension) {
            case DEPARTMENT -> "m.department";
            case ROLE -> "m.role";
            case STATUS -> "m.status";
            case APP -> "f.app";
            case PATH -> "f.path";
            case DEVICE -> "f.device";
        };
    }

    /** The filter as SQL over parameters f{i} (is, is_not) or f{i}_{j} (contains). */
    private static String condition(Filter filter, int i) {
        String column = column(filter.dimension());
        boolean withNull = filter.values().contains(null);
        boolean withValues = filter.values().stream().anyMatch(Objects::nonNull);
        return switch (filter.op()) {
            case IS -> {
                if (!withValues) yield column + " is null";
                yield "(" + column + " in (:f" + i + ")" + (withNull ? " or " + column + " is null" : "") + ")";
            }
            case IS_NOT -> {
                if (!withValues) yield column + " is not null";
                yield (withNull ? column + " is not null and " : "") + "not coalesce(" + column + " in (:f" + i
                        + "), false)";
            }
            case CONTAINS -> {
                List<String> parts = new ArrayList<>();
                for (int j = 0; j < filter.values().size(); j++) {
                    parts.add("strpos(lower(" + column + "), lower(:f" + i + "_" + j + ")) > 0");
                }
                yield "(" + String.join(" or ", parts) + ")";
            }
        };
    }

    /**
     * Runs the statement for the range [from, to]: the aggregated rows, keyed by bucket and
     * dimension values. Planned for its actual range every time ({@link ReadStore#withCustomPlans}).
     */
    Map<LocalDate, Map<List<String>, long[]>> run(
            UUID company, Query query, String statement, LocalDate from, LocalDate to) {
        return reads.withCustomPlans(jdbc -> run(jdbc, company, query, statement, from, to));
    }

    private static Map<LocalDate, Map<List<String>, long[]>> run(
            JdbcClient jdbc, UUID company, Query query, String statement, LocalDate from, LocalDate to) {
        ZoneId zone = query.timezone();
        var spec = jdbc.sql(statement)
                .param("company", company)
                .param("zone", zone.getId())
                .param("from", from)
                .param("to", to)
                .param("start_at", startOf(from, zone))
                .param("end_at", startOf(to.plusDays(1), zone));
        for (int i = 0; i < query.filters().size(); i++) {
            Filter filter = query.filters().get(i);
            if (filter.op() == Query.Op.CONTAINS) {
                for (int j = 0; j < filter.values().size(); j++) {
                    spec = spec.param("f" + i + "_" + j, filter.values().get(j));
                }
            } else if (filter.values().stream().anyMatch(Objects::nonNull)) {
                spec = spec.param(
                        "f" + i,
                        filter.values().stream().filter(Objects::nonNull).toList());
            }
        }
        int dimensions = query.dimensions().size();
        Map<LocalDate, Map<List<String>, long[]>> out = new HashMap<>();
        spec.query(rs -> {
            LocalDate bucket = rs.getObject("bucket", LocalDate.class);
            List<String> key = new ArrayList<>(dimensions);
            for (int d = 0; d < dimensions; d++) {
                key.add(rs.getString("d" + d));
            }
            long[] values = new long[Metric.values().length];
            for (Metric metric : Metric.values()) {
                values[metric.ordinal()] = rs.getLong(metric.wireName());
            }
            out.computeIfAbsent(bucket, b -> new HashMap<>()).put(java.util.Collections.unmodifiableList(key), values);
        });
        return out;
    }

    private static OffsetDateTime startOf(LocalDate day, ZoneId zone) {
        return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }
}
