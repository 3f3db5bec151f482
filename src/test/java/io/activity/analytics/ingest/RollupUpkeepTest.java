package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain unit test: every upkeep statement takes the rollup tables in the one lock order. */
class RollupUpkeepTest {

    private static final Pattern INSERT = Pattern.compile("insert into (\\w+)");
    private static final List<String> RAW = List.of("heartbeat_event_ids", "heartbeats", "page_views", "sessions");

    /** The rollup tables a statement writes, in the order it names them. */
    private static List<String> rollups(String sql) {
        List<String> tables = new ArrayList<>();
        var m = INSERT.matcher(sql);
        while (m.find()) {
            if (!RAW.contains(m.group(1))) {
                tables.add(m.group(1));
            }
        }
        return tables;
    }

    private static void inLockOrder(String sql, List<String> expected) {
        List<String> tables = rollups(sql);
        assertThat(tables).isEqualTo(expected); // the statement writes exactly these …
        List<Integer> positions =
                tables.stream().map(RollupUpkeep.TABLE_ORDER::indexOf).toList();
        assertThat(positions).doesNotContain(-1).isSorted(); // … in the lock order
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theHeartbeatBatchTakesItsTablesInTheLockOrder(boolean split) {
        inLockOrder(
                split ? RollupUpkeep.HEARTBEAT_BATCH_SPLIT : RollupUpkeep.HEARTBEAT_BATCH,
                List.of(
                        "daily_user_activity",
                        "daily_device_activity",
                        "quarter_hour_activity",
                        "user_active_days",
                        "member_activity",
                        "quarter_hour_company_activity",
                        "daily_company_activity"));
    }

    @Test
    void thePageViewTakesItsTablesInTheLockOrder() {
        inLockOrder(
                PageViewWriter.SQL,
                List.of(
                        "daily_user_activity",
                        "quarter_hour_page_views",
                        "user_active_days",
                        "member_activity",
                        "daily_page_stats",
                        "page_day_users",
                        "quarter_hour_company_activity",
                        "daily_company_activity"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theBatchStatementHasEveryActivitySourceFilledIn(boolean split) {
        assertThat(split ? RollupUpkeep.HEARTBEAT_BATCH_SPLIT : RollupUpkeep.HEARTBEAT_BATCH)
                .doesNotContain("%")
                .contains("web_accessibility_activity_count = t.web_accessibility_activity_count"
                        + " + excluded.web_accessibility_activity_count")
                .contains(":web_accessibility");
    }
}
