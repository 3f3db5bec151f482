package io.activity.analytics.cohorts;

import io.activity.analytics.activeusers.ActiveDays;
import io.activity.analytics.cohorts.CohortRequests.CohortBy;
import io.activity.analytics.replica.ReadStore;
import io.activity.analytics.security.Caller;
import io.activity.analytics.web.SqlFiles;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The lifecycle and the retention cohorts, each one statement over the active days of the zone
 * ({@link ActiveDays}: {@code user_active_days} in the company's zone, the quarter-hour rollups in
 * another) and each member's first active day ever ({@link ActiveDays#firstDaysCte}). Periods are
 * numbered in SQL (integer arithmetic from the first period's first day) and named in Java, which
 * also zero-fills.
 *
 * <ul>
 *   <li>Lifecycle: active days become the set of (member, period number) pairs; for each pair,
 *       whether the member was active in the period before ({@code lag}) and is in the one after
 *       ({@code lead}). An active member is new when the first active day ever lies in the
 *       period, else returning when active in the period before, else resurrecting; a pair
 *       without a successor makes the member dormant in the next period. The active days start
 *       one period before the first shown, so its returning and dormant are right.
 *   <li>Retention: each member's active periods become one {@code bigint} of bits (at most 53
 *       weekly or 13 monthly periods); SQL counts the members of each cohort per pattern of
 *       bits, and each pattern is tested here against each period from the cohort's own to the
 *       one holding date_to (joining every member with every period in SQL took half as long
 *       again on the 2,000 members of the {@code large} dataset's biggest company).
 * </ul>
 *
 * Members later (soft-)deleted count on the days they were active, as in the active-users series.
 */
@Component
class CohortsQuery {

    private static final String LIFECYCLE = SqlFiles.text(CohortsQuery.class, "lifecycle.sql");
    private static final String RETENTION = SqlFiles.text(CohortsQuery.class, "retention.sql");
    private static final String RETENTION_ONE_PASS = SqlFiles.text(CohortsQuery.class, "retention-one-pass.sql");

    // Members whose first active day ever lies in a cohort (on or after the first cohort's first day).
    private static final String BY_FIRST_ACTIVE = """
            %s,
            cohort_members as (
                select user_id, %s as cohort
                from first_days
                where first_day >= :origin
            )""";

    // The local day the membership was created, in the zone of the request; every status, deleted or not.
    private static final String BY_JOINED = """
            cohort_members as (
                select user_id, %s as cohort
                from company_members
                where company_id = :company
                  and created_at >= local_midnight(cast(:origin as date), :zone)
                  and created_at < local_midnight(cast(:to as date) + 1, :zone)
            )""";

    private final ReadStore reads;

    CohortsQuery(ReadStore reads) {
        this.reads = reads;
    }

    /** Lifecycle points for the periods starting on {@code first} … {@code last} (first days). */
    List<LifecycleResponse.Point> lifecycle(Caller caller, ZoneId zone, Period unit, LocalDate first, LocalDate last) {
        ZoneId own = caller.companyZone();
        LocalDate origin = unit.plus(first, -1);
        int periods = (int) unit.between(first, last) + 1; // numbered 1 … periods
        String sql = LIFECYCLE.formatted(
                ActiveDays.cte(zone, own),
                ActiveDays.firstDaysCte(zone, own, "member_periods"),
                unit.indexSql("day"),
                unit.indexSql("first_day"));
        long[][] counts = new long[periods + 1][4];
        reads.jdbc()
                .sql(sql)
                .param("company", caller.companyId())
                .param("zone", zone.getId())
                .param("from", origin)
                .param("origin", origin)
                .param("to", unit.plus(last, 1).minusDays(1))
                .param("last", periods)
                .query(rs -> {
                    long[] point = counts[rs.getInt("period")];
                    point[0] = rs.getLong("new_members");
                    point[1] = rs.getLong("returning_members");
                    point[2] = rs.getLong("resurrecting_members");
                    point[3] = rs.getLong("dormant_members");
                });
        List<LifecycleResponse.Point> points = new ArrayList<>(periods);
        for (int i = 1; i <= periods; i++) {
            long[] c = counts[i];
            points.add(new LifecycleResponse.Point(unit.plus(origin, i).toString(), c[0], c[1], c[2], c[3]));
        }
        return points;
    }

    /**
     * Cohorts starting on {@code first} … {@code last} (first days), each followed up to the end of
     * {@code last}'s period; none when {@code first} is after {@code last}.
     */
    List<RetentionResponse.Cohort> retention(
            Caller caller, ZoneId zone, Period unit, CohortBy by, LocalDate first, LocalDate last) {
        if (first.isAfter(last)) {
            return List.of(); // no period starts inside the range
        }
        ZoneId own = caller.companyZone();
        int periods = (int) unit.between(first, last) + 1; // numbered 0 … periods - 1
        LocalDate to = unit.plus(last, 1).minusDays(1);
        String sql;
        boolean onePass = by == CohortBy.FIRST_ACTIVE
                && ActiveDays.usesRollup(zone, own)
                && onePass(firstActiveDay(caller), first, to);
        if (onePass) {
            sql = RETENTION_ONE_PASS.formatted(unit.indexSql("day"), unit.indexSql("first_day"));
        } else {
            String members = by == CohortBy.JOINED
                    ? BY_JOINED.formatted(unit.indexSql("local_day(created_at, :zone)"))
                    : BY_FIRST_ACTIVE.formatted(
                            ActiveDays.firstDaysCte(zone, own, "member_bits"), unit.indexSql("first_day"));
            sql = RETENTION.formatted(ActiveDays.cte(zone, own), members, unit.indexSql("day"));
        }
        long[] sizes = new long[periods];
        long[][] retained = new long[periods][];
        for (int c = 0; c < periods; c++) {
            retained[c] = new long[periods - c];
        }
        // The one pass streams each member's rows from user_active_days_member_idx in member
        // order; only a plan for the actual range sees that it is cheaper than hashing (29 ms
        // against 38-41 ms in psql), while the range-and-probes statement is best left generic.
        Function<JdbcClient, Void> read = jdbc -> {
            jdbc.sql(sql)
                    .param("company", caller.companyId())
                    .param("zone", zone.getId())
                    .param("from", first)
                    .param("origin", first)
                    .param("to", to)
                    .query(rs -> {
                        int cohort = rs.getInt("cohort");
                        long bits = rs.getLong("bits");
                        long count = rs.getLong("members");
                        sizes[cohort] += count;
                        for (int period = cohort; period < periods; period++) {
                            if ((bits >>> period & 1) != 0) {
                                retained[cohort][period - cohort] += count;
                            }
                        }
                    });
            return null;
        };
        if (onePass) {
            reads.withCustomPlans(read);
        } else {
            read.apply(reads.jdbc());
        }
        List<RetentionResponse.Cohort> cohorts = new ArrayList<>(periods);
        for (int c = 0; c < periods; c++) {
            cohorts.add(new RetentionResponse.Cohort(
                    unit.plus(first, c).toString(),
                    sizes[c],
                    Arrays.stream(retained[c]).boxed().toList()));
        }
        return cohorts;
    }

    /**
     * Whether the cohorts by first active day (company zone) read the company's active days from
     * its first one on in one pass ({@code retention-one-pass.sql}: each member's first day and
     * active periods from the same rows) rather than the range's days and one index probe per
     * member for the first day ({@code retention.sql}): when the days before the range are no
     * more than the range's own, reading them costs less than the probes (on the {@code large}
     * dataset's 2,000-member company, 26 weeks: 29 ms against 53 ms in psql).
     */
    static boolean onePass(LocalDate companyFirstDay, LocalDate origin, LocalDate to) {
        return companyFirstDay == null
                || ChronoUnit.DAYS.between(companyFirstDay, origin) <= ChronoUnit.DAYS.between(origin, to);
    }

    /** The company's first active day in its zone, null before any (the primary key of user_active_days leads with company and day). */
    private LocalDate firstActiveDay(Caller caller) {
        return reads.jdbc()
                .sql("select day from user_active_days where company_id = :company order by day limit 1")
                .param("company", caller.companyId())
                .query(LocalDate.class)
                .optional()
                .orElse(null);
    }
}
