package io.activity.analytics.cohorts;

import io.activity.analytics.activeusers.ActiveDays;
import io.activity.analytics.cohorts.CohortRequests.CohortBy;
import io.activity.analytics.security.Caller;
import io.activity.analytics.web.SqlFiles;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The lifecycle and the retention cohorts, each one statement over the active days of the zone
 * ({@link ActiveDays}: {@code user_active_days} in the company's zone, the quarter-hour rollups in
 * another) and each member's first active day ever ({@link ActiveDays#firstDaysCte}).
 *
 * <p>Both first reduce active days to the set of (member, period) pairs, then:
 *
 * <ul>
 *   <li>lifecycle: for each pair, whether the member was active in the period before ({@code lag})
 *       and is in the period after ({@code lead}); an active member is new when the first active
 *       day ever lies in the period, else returning when active in the period before, else
 *       resurrecting; a pair with no successor makes the member dormant in the next period. The
 *       active days start one period before the first shown, so its dormant and returning are
 *       right.
 *   <li>retention: each member of a cohort joined to its (member, period) pairs from the cohort's
 *       own period on, counted per cohort and period; every cohort starting in the range is listed
 *       (zero-filled), each with one count per period up to the period holding date_to.
 * </ul>
 *
 * Members later (soft-)deleted count on the days they were active, as in the active-users series.
 */
@Component
class CohortsQuery {

    private static final String LIFECYCLE = SqlFiles.text(CohortsQuery.class, "lifecycle.sql");
    private static final String RETENTION = SqlFiles.text(CohortsQuery.class, "retention.sql");

    private static final String BY_FIRST_ACTIVE = """
            %s,
            cohort_members as (
                select user_id, date_trunc(:unit, first_day::timestamp)::date as cohort
                from first_days
                where first_day >= :first
            )""";

    // The day the membership was created, in the zone of the request; every status, deleted or not.
    private static final String BY_JOINED = """
            cohort_members as (
                select user_id, date_trunc(:unit, local_day(created_at, :zone)::timestamp)::date as cohort
                from company_members
                where company_id = :company
                  and created_at >= local_midnight(cast(:first as date), :zone)
                  and created_at < local_midnight(cast(:to as date) + 1, :zone)
            )""";

    private final JdbcClient jdbc;

    CohortsQuery(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Lifecycle points for the periods starting on {@code first} … {@code last} (first days). */
    List<LifecycleResponse.Point> lifecycle(Caller caller, ZoneId zone, Period unit, LocalDate first, LocalDate last) {
        ZoneId own = caller.companyZone();
        String sql =
                LIFECYCLE.formatted(ActiveDays.cte(zone, own), ActiveDays.firstDaysCte(zone, own, "member_periods"));
        return jdbc.sql(sql)
                .param("company", caller.companyId())
                .param("zone", zone.getId())
                .param("from", unit.plus(first, -1))
                .param("to", unit.plus(last, 1).minusDays(1))
                .param("first", first)
                .param("last", last)
                .param("unit", unit.wireName())
                .param("step", unit.step())
                .query((rs, n) -> new LifecycleResponse.Point(
                        rs.getObject("period", LocalDate.class).toString(),
                        rs.getLong("new"),
                        rs.getLong("returning"),
                        rs.getLong("resurrecting"),
                        rs.getLong("dormant")))
                .list();
    }

    /** Cohorts starting on {@code first} … {@code last} (first days), followed up to the end of {@code last}'s period. */
    List<RetentionResponse.Cohort> retention(
            Caller caller, ZoneId zone, Period unit, CohortBy by, LocalDate first, LocalDate last) {
        if (first.isAfter(last)) {
            return List.of(); // no period starts inside the range
        }
        ZoneId own = caller.companyZone();
        String members = by == CohortBy.JOINED
                ? BY_JOINED
                : BY_FIRST_ACTIVE.formatted(ActiveDays.firstDaysCte(zone, own, "member_periods"));
        String sql = RETENTION.formatted(ActiveDays.cte(zone, own), members);
        List<RetentionResponse.Cohort> cohorts = new ArrayList<>();
        jdbc.sql(sql)
                .param("company", caller.companyId())
                .param("zone", zone.getId())
                .param("from", first)
                .param("to", unit.plus(last, 1).minusDays(1))
                .param("first", first)
                .param("last", last)
                .param("unit", unit.wireName())
                .param("step", unit.step())
                .query(rs -> {
                    String cohort = rs.getObject("cohort", LocalDate.class).toString();
                    if (cohorts.isEmpty()
                            || !cohorts.get(cohorts.size() - 1).cohort().equals(cohort)) {
                        cohorts.add(new RetentionResponse.Cohort(cohort, rs.getLong("size"), new ArrayList<>()));
                    }
                    cohorts.get(cohorts.size() - 1).retained().add(rs.getLong("n"));
                });
        return cohorts;
    }
}
