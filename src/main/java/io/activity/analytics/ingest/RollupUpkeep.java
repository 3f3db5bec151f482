package io.activity.analytics.ingest;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.web.SqlFiles;
import java.util.List;

/**
 * The incremental upkeep of the rollups at ingest, in one place: the heartbeat batch statement
 * ({@code heartbeat-batch.sql}) and the page view statement ({@code page-view.sql}) beside this
 * class, and the order in which they touch the rollup tables.
 *
 * <p>The order is the lock order. Every statement that upserts rollup rows takes its tables in
 * {@link #TABLE_ORDER} (and, within a table, its keys sorted), so two writes of one company never
 * wait on each other in a cycle; the company-wide rows (today's {@code daily_company_activity},
 * the current quarter hour) come last, so their row locks are held only for the end of the
 * statement and the commit. {@code RollupUpkeepTest} fails when a statement leaves the order. All
 * of them run under the company's shared advisory lock ({@link #LOCK_SHARED}), which a rebuild or
 * a retention run takes exclusively, so neither ever sees half a batch.
 */
final class RollupUpkeep {

    static final List<String> TABLE_ORDER = List.of(
            "daily_company_sessions", // by Tracking's session statements, before its page view statement
            "daily_user_activity",
            "daily_device_activity",
            "quarter_hour_activity",
            "quarter_hour_page_views",
            "user_active_days",
            "member_activity",
            "daily_page_stats",
            "page_day_users",
            "quarter_hour_company_activity",
            "daily_company_activity");

    static final String LOCK_SHARED = "select pg_advisory_xact_lock_shared(hashtextextended(:company::text, 0))";

    // The activity sources' lists: "sum(chrome) as chrome, …", "chrome_activity_count = t.… + …".
    private static final String SUMS = ActivitySource.each("sum({alias}) as {alias}") + ", sum(total) as total";
    private static final String ADD_COUNTS = "heartbeats = t.heartbeats + excluded.heartbeats, "
            + ActivitySource.each("{column} = t.{column} + excluded.{column}")
            + ", total_activity_count = t.total_activity_count + excluded.total_activity_count";
    private static final String COUNT_COLUMNS =
            "heartbeats, " + ActivitySource.each("{column}") + ", " + ActivitySource.TOTAL;

    static final String HEARTBEAT_BATCH = SqlFiles.text(RollupUpkeep.class, "heartbeat-batch.sql")
            .formatted(
                    COUNT_COLUMNS,
                    SUMS,
                    ADD_COUNTS,
                    ActivitySource.each(":{alias}"),
                    ActivitySource.each("{alias}"),
                    ActivitySource.each("{column}"),
                    ActivitySource.each("i.{alias}"),
                    ActivitySource.each("{column} as {alias}"),
                    ActivitySource.each("f.{alias}"),
                    // quarter_hour_activity only: heartbeats that carried activity of each source.
                    ActivitySource.each("{alias}_heartbeats"),
                    ActivitySource.each("count(*) filter (where {alias} > 0)"),
                    ActivitySource.each("{alias}_heartbeats = t.{alias}_heartbeats + excluded.{alias}_heartbeats"));

    private RollupUpkeep() {}
}
