package io.activity.analytics.ingest;

import io.activity.analytics.support.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the ingest tests. Retention is widened to 36500 days so fixtures can sit on fixed dates
 * such as the 2026-03-08 DST change without ever ageing out; the retention rule itself is tested
 * at its edge. This context keeps a small pool: the shared PostgreSQL has few connections to spare.
 */
@TestPropertySource(
        properties = {
            "analytics.retention.period=36500d",
            "analytics.rate-limit.ingest.enabled=false",
            "spring.datasource.hikari.maximum-pool-size=6"
        })
public abstract class IngestTestSupport extends IntegrationTest {

    public static Map<String, Object> beat(
            UUID eventId,
            UUID user,
            String device,
            String at,
            int chrome,
            int edge,
            int firefox,
            int desktop,
            int web) {
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("event_id", eventId.toString());
        beat.put("user_id", user.toString());
        beat.put("device_id", device);
        beat.put("generated_at", at);
        beat.put("chrome_activity_count", chrome);
        beat.put("edge_activity_count", edge);
        beat.put("firefox_activity_count", firefox);
        beat.put("desktop_activity_count", desktop);
        beat.put("web_accessibility_activity_count", web);
        return beat;
    }

    public static Map<String, Object> batch(List<Map<String, Object>> beats) {
        return Map.of("heartbeats", beats);
    }

    public static Map<String, Object> batch(Map<String, Object>... beats) {
        return Map.of("heartbeats", List.of(beats));
    }

    String heartbeats(UUID company) {
        return "/api/v2/companies/" + company + "/heartbeats";
    }

    /** Every rollup row of the company as text, table by table, in key order. */
    List<String> rollups(UUID company) {
        List<String> rows = new ArrayList<>();
        String[][] tables = {
            {"daily_user_activity", "user_id, day"},
            {"daily_device_activity", "device_id, day"},
            {"daily_company_activity", "day"},
            {"quarter_hour_activity", "user_id, bucket_start, device_id"},
            {"quarter_hour_page_views", "user_id, bucket_start"},
            {"quarter_hour_company_activity", "bucket_start"},
            {"user_active_days", "day, user_id"},
            {"member_activity", "user_id"},
            {"daily_page_stats", "day, path"},
            {"page_member_ordinals", "user_id"},
            {"page_day_users", "day, path"},
            {"daily_company_sessions", "day"}
        };
        for (String[] table : tables) {
            rows.addAll(jdbc.sql("select '" + table[0] + "' || ':' || t::text from " + table[0]
                            + " t where company_id = :company order by " + table[1])
                    .param("company", company)
                    .query(String.class)
                    .list());
        }
        return rows;
    }

    long count(String table, UUID company) {
        return jdbc.sql("select count(*) from " + table + " where company_id = :company")
                .param("company", company)
                .query(Long.class)
                .single();
    }
}
