package io.activity.analytics.usermetrics;

import io.activity.analytics.replica.ReadStore;
import io.activity.analytics.usermetrics.Summary.RangeFigures;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The summary in one statement: member counts now, active users from user_active_days, page
 * views and activity from the company's daily rollup, sessions (count, mean duration) from
 * daily_company_sessions, for the range and, with compare=previous, for the equally long range before it.
 */
@Component
class SummaryQuery {

    private final ReadStore reads;

    SummaryQuery(ReadStore reads) {
        this.reads = reads;
    }

    Summary summary(UUID company, MetricsFilter filter, boolean compare) {
        long days = ChronoUnit.DAYS.between(filter.from(), filter.to()) + 1;
        LocalDate previousTo = filter.from().minusDays(1);
        LocalDate previousFrom = filter.from().minusDays(days);
        String sql = """
                with members as (
                    select count(*) as total,
                           count(*) filter (where status = 'active') as active,
                           count(*) filter (where status = 'inactive') as inactive,
                           count(*) filter (where status = 'pending') as pending
                    from company_members where company_id = :company and deleted_at is null
                ),
                recent as (
                    select count(*) filter (where last_day = :today) as today,
                           count(*) filter (where last_day >= :day7) as last_7,
                           count(*) as last_30
                    from (select user_id, max(day) as last_day from user_active_days
                          where company_id = :company and day between :day30 and :today
                          group by user_id) days
                ),
                %s
                select * from members, recent, cur_sessions, cur_days, cur_users%s
                """.formatted(
                        range("cur", "from", "to") + (compare ? ",\n" + range("prev", "prev_from", "prev_to") : ""),
                        compare ? ", prev_sessions, prev_days, prev_users" : "");
        var spec = reads.jdbc()
                .sql(sql)
                .param("company", company)
                .param("today", filter.today())
                .param("day7", filter.today().minusDays(6))
                .param("day30", filter.today().minusDays(29))
                .param("from_day", filter.from())
                .param("to_day", filter.to());
        if (compare) {
            spec = spec.param("prev_from_day", previousFrom).param("prev_to_day", previousTo);
        }
        return spec.query((rs, n) -> {
                    RangeFigures current = figures(rs, "cur", filter.from(), filter.to());
                    RangeFigures previous = compare ? figures(rs, "prev", previousFrom, previousTo) : null;
                    return new Summary(
                            filter.from(),
                            filter.to(),
                            rs.getLong("total"),
                            new Summary.UsersByStatus(
                                    rs.getLong("active"), rs.getLong("inactive"), rs.getLong("pending")),
                            new Summary.ActiveUsers(rs.getLong("today"), rs.getLong("last_7"), rs.getLong("last_30")),
                            current.totalSessions(),
                            current.avgSessionDuration(),
                            current.totalPageViews(),
                            current.uniqueUsers(),
                            current.totalActivity(),
                            previous,
                            compare ? Summary.Change.between(current, previous) : null);
                })
                .single();
    }

    /** The CTEs of one range's figures, their columns prefixed. */
    private static String range(String prefix, String from, String to) {
        return """
                %1$s_sessions as (
                    select coalesce(sum(sessions), 0) as %1$s_sessions,
                           coalesce(round(sum(duration_micros)::numeric / nullif(sum(sessions), 0) / 1000000), 0)
                               as %1$s_avg
                    from daily_company_sessions
                    where company_id = :company and day between :%2$s_day and :%3$s_day
                ),
                %1$s_days as (
                    select coalesce(sum(page_views), 0) as %1$s_views, coalesce(sum(total_activity_count), 0) as %1$s_activity
                    from daily_company_activity
                    where company_id = :company and day between :%2$s_day and :%3$s_day
                ),
                %1$s_users as (
                    select count(*) as %1$s_users
                    from (select distinct user_id from user_active_days
                          where company_id = :company and day between :%2$s_day and :%3$s_day) active
                )
                """.formatted(prefix, from, to).strip();
    }

    private static RangeFigures figures(ResultSet rs, String prefix, LocalDate from, LocalDate to) throws SQLException {
        long avg = rs.getLong(prefix + "_avg");
        return new RangeFigures(
                from,
                to,
                rs.getLong(prefix + "_sessions"),
                UserMetric.duration(avg),
                rs.getLong(prefix + "_views"),
                rs.getLong(prefix + "_users"),
                rs.getLong(prefix + "_activity"),
                avg);
    }
}
