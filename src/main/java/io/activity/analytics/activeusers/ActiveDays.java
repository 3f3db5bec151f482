package io.activity.analytics.activeusers;

import java.time.ZoneId;

/**
 * The SQL of "member M was active on local day D" for a range of days, as a CTE named
 * {@code active_days(user_id, day)} with one row per pair, bound by {@code :company}, {@code :from}
 * and {@code :to} (dates, inclusive) and, for another zone, {@code :zone}. In the company's zone it
 * reads {@code user_active_days}; in any other zone it groups the 15-minute UTC buckets into that
 * zone's days, which is exact because every UTC offset is a multiple of 15 minutes (DST days of 23
 * or 25 hours included). Shared with the insights trends and the lifecycle and cohorts reads.
 *
 * <p>{@link #firstDaysCte} adds each member's first active day ever in the same zone.
 */
public final class ActiveDays {

    private static final String COMPANY_ZONE = """
            active_days as (
                select user_id, day
                from user_active_days
                where company_id = :company and day between :from and :to
            )""";

    private static final String OTHER_ZONE = """
            active_days as (
                select distinct q.user_id, local_day(q.bucket_start, :zone) as day
                from (
                    select user_id, bucket_start
                    from quarter_hour_activity
                    where company_id = :company and total_activity_count > 0
                      and bucket_start >= local_midnight(cast(:from as date), :zone)
                      and bucket_start < local_midnight(cast(:to as date) + 1, :zone)
                    union all
                    select user_id, bucket_start
                    from quarter_hour_page_views
                    where company_id = :company and page_views > 0
                      and bucket_start >= local_midnight(cast(:from as date), :zone)
                      and bucket_start < local_midnight(cast(:to as date) + 1, :zone)
                ) q
            )""";

    // Each member's first active day ever: one probe of user_active_days_member_idx (V106) per
    // member; in another zone the member's earliest active quarter hour (the primary keys of the
    // quarter-hour rollups lead with company and member), whose local day is the first day there.
    // Materialized: once per member, even where the planner would rather probe per joined row.
    private static final String FIRST_COMPANY_ZONE = """
            first_days as materialized (
                select m.user_id, f.day as first_day
                from (select distinct user_id from %s) m
                cross join lateral (
                    select min(u.day) as day from user_active_days u
                    where u.company_id = :company and u.user_id = m.user_id
                ) f
            )""";

    private static final String FIRST_OTHER_ZONE = """
            first_days as materialized (
                select m.user_id, local_day(least(
                    (select min(q.bucket_start) from quarter_hour_activity q
                     where q.company_id = :company and q.user_id = m.user_id and q.total_activity_count > 0),
                    (select min(p.bucket_start) from quarter_hour_page_views p
                     where p.company_id = :company and p.user_id = m.user_id and p.page_views > 0)
                ), :zone) as first_day
                from (select distinct user_id from %s) m
            )""";

    private ActiveDays() {}

    /** The CTE for the requested zone: the rollup when it is the company's zone. */
    public static String cte(ZoneId requested, ZoneId companyZone) {
        return usesRollup(requested, companyZone) ? COMPANY_ZONE : OTHER_ZONE;
    }

    /**
     * A CTE {@code first_days(user_id, first_day)}: the first day ever on which each member of the
     * relation {@code members} (any CTE or table with a {@code user_id} column) was active, in the
     * requested zone, within the data kept (retention). Bound by {@code :company} and, for another
     * zone, {@code :zone}. Deleted members are members here as in {@link #cte}.
     */
    public static String firstDaysCte(ZoneId requested, ZoneId companyZone, String members) {
        return (usesRollup(requested, companyZone) ? FIRST_COMPANY_ZONE : FIRST_OTHER_ZONE).formatted(members);
    }

    public static boolean usesRollup(ZoneId requested, ZoneId companyZone) {
        return requested.getId().equals(companyZone.getId());
    }
}
