package io.activity.analytics.support;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Raw rows for the read tests, written with SQL because ingest is not what those tests are
 * about; rollups are then built with RollupRebuild. Instants are typed as ISO strings.
 */
public final class ReadsFixtures {

    private final JdbcClient jdbc;

    public ReadsFixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A heartbeat whose total activity is {@code total} (all of it from Chrome). */
    public void heartbeat(UUID company, UUID user, String at, int total) {
        jdbc.sql("""
                        insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,
                            chrome_activity_count, edge_activity_count, firefox_activity_count,
                            desktop_activity_count, web_accessibility_activity_count)
                        values (:company, :at::timestamptz, gen_random_uuid(), :user, 'laptop-1', :total, 0, 0, 0, 0)
                        """)
                .param("company", company)
                .param("at", at)
                .param("user", user)
                .param("total", total)
                .update();
    }

    public void pageView(UUID company, UUID user, String at, String path, Long durationMs) {
        jdbc.sql("""
                        insert into page_views (company_id, viewed_at, user_id, session_id, path, duration_ms)
                        values (:company, :at::timestamptz, :user, gen_random_uuid(), :path, :duration)
                        """)
                .param("company", company)
                .param("at", at)
                .param("user", user)
                .param("path", path)
                .param("duration", durationMs)
                .update();
    }

    public void session(UUID company, UUID user, String startedAt, String lastActivityAt) {
        jdbc.sql("""
                        insert into sessions (company_id, client_session_id, user_id, started_at, last_activity_at, page_count)
                        values (:company, 'tab', :user, :started::timestamptz, :last::timestamptz, 1)
                        """)
                .param("company", company)
                .param("user", user)
                .param("started", startedAt)
                .param("last", lastActivityAt)
                .update();
    }

    /** A recorded API request; {@code user} null is a service token's request. */
    public void usage(UUID company, UUID user, String at, String route, String method, double durationMs) {
        jdbc.sql("""
                        insert into usage_events (company_id, occurred_at, user_id, subject, route, method, status, duration_ms)
                        values (:company, :at::timestamptz, :user, 'test', :route, :method, 200, :duration)
                        """)
                .param("company", company)
                .param("at", at)
                .param("user", user)
                .param("route", route)
                .param("method", method)
                .param("duration", durationMs)
                .update();
    }

    /** A series as "date=value" strings, for literal expectations. */
    public static List<String> series(JsonNode data, String field) {
        List<String> out = new ArrayList<>();
        data.forEach(point -> out.add(point.get("date").asString() + "=" + text(point.get(field))));
        return out;
    }

    public static String text(JsonNode node) {
        return node == null ? "missing" : node.isNull() ? "null" : node.asString();
    }
}
