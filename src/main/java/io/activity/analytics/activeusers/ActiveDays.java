package io.activity.analytics.activeusers;

import java.time.ZoneId;

/**
 * The SQL of "member M was active on local day D" for a range of days, as a CTE named
 * {@code active_days(user_id, day)} with one row per pair, bound by {@code :company}, {@code :from}
 * and {@code :to} (dates, inclusive) and, for another zone, {@code :zone}. In the company's zone it
 * reads {@code user_active_days}; in any other zone it groups the 15-minute UTC buckets into that
 * zone's days, which is exact because every UTC offset is a multiple of 15 minutes (DST days of 23
 * or 25 hours included). Shared with the insights trends.
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

    private ActiveDays() {}

    /** The CTE for the requested zone: the rollup when it is the company's zone. */
    public static String cte(ZoneId requested, ZoneId companyZone) {
        return usesRollup(requested, companyZone) ? COMPANY_ZONE : OTHER_ZONE;
    }

    public static boolean usesRollup(ZoneId requested, ZoneId companyZone) {
        return requested.getId().equals(companyZone.getId());
    }
}
