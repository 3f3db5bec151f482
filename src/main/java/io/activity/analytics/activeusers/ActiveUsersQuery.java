package io.activity.analytics.activeusers;

import io.activity.analytics.replica.ReadStore;
import io.activity.analytics.security.Caller;
import io.activity.analytics.web.SqlFiles;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The active-user aggregates, each one statement over the day rollups (or quarter hours for another zone). */
@Component
class ActiveUsersQuery {

    // In the company's zone the per-day count is already kept: one row per day.
    private static final String DAILY_ROLLUP = """
            select d::date as day, coalesce(a.active_users, 0) as n
            from generate_series(cast(:from as date)::timestamp, cast(:to as date)::timestamp, interval '1 day') d
            left join daily_company_activity a on a.company_id = :company and a.day = d::date
            order by 1
            """;

    private static final String DAILY_DERIVED = """
            with %s,
            per_day as (select day, count(*) as n from active_days group by day)
            select d::date as day, coalesce(p.n, 0) as n
            from generate_series(cast(:from as date)::timestamp, cast(:to as date)::timestamp, interval '1 day') d
            left join per_day p on p.day = d::date
            order by 1
            """;

    private static final String MONTHLY = """
            with %s,
            per_month as (
                select date_trunc('month', day)::date as month, count(distinct user_id) as n
                from active_days group by 1
            )
            select m::date as month, coalesce(p.n, 0) as n
            from generate_series(cast(:from as date)::timestamp, cast(:to as date)::timestamp, interval '1 month') m
            left join per_month p on p.month = m::date
            order by 1
            """;

    // Rolling distinct counts without a per-day join of 30 days: each active day covers the 7
    // (30) days starting on it; a member's overlapping covers are merged (gaps and islands), so
    // each island adds 1 on its first day and removes it after its last, and a running sum of
    // those steps is the number of distinct members active in the window ending that day.
    // active_days starts 29 days before :shown so the first shown day sees its whole window.
    private static final String STICKINESS = SqlFiles.text(ActiveUsersQuery.class, "stickiness.sql");

    private final ReadStore reads;

    ActiveUsersQuery(ReadStore reads) {
        this.reads = reads;
    }

    List<ActiveUsersResponse.Point> daily(Caller caller, ZoneId zone, LocalDate from, LocalDate to) {
        boolean rollup = ActiveDays.usesRollup(zone, caller.companyZone());
        String sql = rollup ? DAILY_ROLLUP : DAILY_DERIVED.formatted(ActiveDays.cte(zone, caller.companyZone()));
        return bind(sql, caller, zone, from, to)
                .query((rs, n) -> new ActiveUsersResponse.Point(
                        rs.getObject("day", LocalDate.class).toString(), rs.getLong("n")))
                .list();
    }

    List<ActiveUsersResponse.Point> monthly(Caller caller, ZoneId zone, YearMonth from, YearMonth to) {
        String sql = MONTHLY.formatted(ActiveDays.cte(zone, caller.companyZone()));
        return bind(sql, caller, zone, from.atDay(1), to.atEndOfMonth())
                .query((rs, n) -> new ActiveUsersResponse.Point(
                        YearMonth.from(rs.getObject("month", LocalDate.class)).toString(), rs.getLong("n")))
                .list();
    }

    List<StickinessResponse.Point> stickiness(Caller caller, ZoneId zone, LocalDate from, LocalDate to) {
        String sql = STICKINESS.formatted(ActiveDays.cte(zone, caller.companyZone()));
        return bind(sql, caller, zone, from.minusDays(29), to)
                .param("shown", from)
                .query((rs, n) -> {
                    long dau = rs.getLong("dau");
                    long mau = rs.getLong("mau");
                    BigDecimal ratio = mau == 0
                            ? null
                            : BigDecimal.valueOf(dau).divide(BigDecimal.valueOf(mau), 4, RoundingMode.HALF_UP);
                    return new StickinessResponse.Point(
                            rs.getObject("day", LocalDate.class).toString(), dau, rs.getLong("wau"), mau, ratio);
                })
                .list();
    }

    private JdbcClient.StatementSpec bind(String sql, Caller caller, ZoneId zone, LocalDate from, LocalDate to) {
        return reads.jdbc()
                .sql(sql)
                .param("company", caller.companyId())
                .param("zone", zone.getId())
                .param("from", from)
                .param("to", to);
    }
}
