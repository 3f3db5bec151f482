package io.activity.analytics.ingest;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.web.SqlFiles;
import java.util.Arrays;
import java.util.List;

/**
 * The incremental upkeep of the rollups at ingest, in one place: the heartbeat batch statement
 * ({@code heartbeat-batch.sql}; on Citus the same as plain statements, {@code
 * heartbeat-batch-split.sql}) and the page view statements ({@code page-view.sql}) beside this
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

    /**
     * A heartbeat batch's new events and their rollups in one statement of data-modifying CTEs
     * (plain PostgreSQL), after the event-id guard's round trip.
     */
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

    /**
     * The batch as rows ("fresh" in heartbeat-batch-split.sql): the company's row joined to the
     * unnested arrays, so that on Citus every statement reads and writes one shard group; each event
     * with its total and its local day and quarter hour in the company's timezone.
     */
    private static final String FRESH = """
            select c.company_id, i.event_id, i.user_id, i.device_id, i.generated_at, %s,
                   %s as total,
                   local_day(i.generated_at, c.timezone) as day, quarter_hour(i.generated_at) as bucket
            from companies c cross join unnest(:event_ids::uuid[], :user_ids::uuid[], :device_ids::text[],
                    :generated_at::timestamptz[], %s)
                as i(event_id, user_id, device_id, generated_at, %s)
            where c.company_id = :company::uuid""".formatted(
                    ActivitySource.each("i.{alias}"),
                    ActivitySource.each("i.{alias}::bigint").replace(", ", " + "),
                    ActivitySource.each(":{alias}::int4[]"),
                    ActivitySource.each("{alias}"));

    /** The same batch as plain single-company statements in five round trips (Citus). */
    static final String HEARTBEAT_BATCH_SPLIT = SqlFiles.text(RollupUpkeep.class, "heartbeat-batch-split.sql")
            .formatted(
                    COUNT_COLUMNS,
                    SUMS,
                    ADD_COUNTS,
                    FRESH,
                    ActivitySource.each("{alias}"),
                    ActivitySource.each("{column}"),
                    ActivitySource.each("f.{alias}"),
                    ActivitySource.each("{alias}_heartbeats"),
                    ActivitySource.each("count(*) filter (where {alias} > 0)"),
                    ActivitySource.each("{alias}_heartbeats = t.{alias}_heartbeats + excluded.{alias}_heartbeats"));

    /** A statement file's round trips: the text between its "-- round trip N" lines. */
    static List<String> roundTrips(String sql) {
        return Arrays.stream(sql.split("(?m)^-- round trip \\d+$"))
                .skip(1) // the file's header comment
                .map(String::strip)
                .toList();
    }

    private RollupUpkeep() {}
}
