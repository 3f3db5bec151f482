package io.activity.analytics.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.CompanyDataRefreshed;
import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.ReadsFixtures;
import io.activity.analytics.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;

/**
 * POST /query against hand-worked fixtures. The main company is in UTC; its week is Monday
 * 2026-01-05 to Sunday 2026-01-11 (the previous range is 2025-12-29 to 2026-01-04).
 *
 * <pre>
 * member  department   role    status    event (UTC)                                  device    apps
 * ada     Engineering  member  active    heartbeat 01-05 09:00, chrome 3              laptop    chrome
 *                                         heartbeat 01-05 09:10, edge 2                laptop    edge
 *                                         heartbeat 01-07 10:00, chrome 1              phone     chrome
 *                                         page view 01-07 10:05 /reports
 *                                         session   01-05 09:00-09:30 (1800 s)
 *                                         heartbeat 2025-12-30 12:00, chrome 2         laptop    (previous range)
 *                                         heartbeat 2025-01-06 12:00, chrome 10        laptop    (a year earlier)
 * bob     Engineering  admin   active    heartbeat 01-06 12:00, firefox 4             laptop-b  firefox
 *                                         heartbeat 01-06 12:05, all 0 (not active)    laptop-b  -
 *                                         heartbeat 01-11 20:00, firefox 1             laptop-b  firefox (Kolkata: 01-12)
 *                                         page views 01-09 08:00 /reports, 08:01 /home
 *                                         session   01-09 08:00-08:10 (600 s)
 * cid     Sales        member  inactive  heartbeat 01-10 23:30, desktop 5             desk-c    desktop (Kolkata: 01-11)
 * dee     (none)       member  active    page view 01-05 20:00 /Home/Settings                             (Kolkata: 01-06)
 *                                         session   01-05 20:00-20:02 (120 s)                               (Kolkata: 01-06)
 *                                         heartbeat 01-11 06:00, web-accessibility 2   tab-d     web-accessibility
 * eve     Sales        owner   pending   heartbeat 01-02 10:00, chrome 6 (previous range)
 *                                         heartbeat 01-04 19:00, chrome 1 (previous range; Kolkata: 01-05 00:30)
 * </pre>
 *
 * In the week (UTC): ada active on 01-05 and 01-07, bob on 01-06, 01-09 and 01-11, cid on 01-10,
 * dee on 01-05 and 01-11: 8 member-days but 4 distinct members. Activity 6 + 5 + 5 + 2 = 18,
 * heartbeats 3 + 3 + 1 + 1 = 8, page views 1 + 2 + 1 = 4, sessions 3 of 2520 s.
 */
class QueryTest extends IntegrationTest {

    @Autowired
    RollupRebuild rollups;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationEventPublisher events;

    ReadsFixtures rows;

    UUID company;
    UUID ada;
    UUID bob;
    UUID cid;
    UUID dee;
    UUID eve;
    String token;

    @BeforeEach
    void fixture() {
        rows = new ReadsFixtures(jdbc);
        company = company("UTC");
        ada = member(company, "Engineering", "member", "active");
        bob = member(company, "Engineering", "admin", "active");
        cid = member(company, "Sales", "member", "inactive");
        dee = member(company, null, "member", "active");
        eve = member(company, "Sales", "owner", "pending");
        beat(company, ada, "2026-01-05T09:00:00Z", "laptop", 3, 0, 0, 0, 0);
        beat(company, ada, "2026-01-05T09:10:00Z", "laptop", 0, 2, 0, 0, 0);
        beat(company, ada, "2026-01-07T10:00:00Z", "phone", 1, 0, 0, 0, 0);
        rows.pageView(company, ada, "2026-01-07T10:05:00Z", "/reports", null);
        rows.session(company, ada, "2026-01-05T09:00:00Z", "2026-01-05T09:30:00Z");
        beat(company, ada, "2025-12-30T12:00:00Z", "laptop", 2, 0, 0, 0, 0);
        beat(company, ada, "2025-01-06T12:00:00Z", "laptop", 10, 0, 0, 0, 0);
        beat(company, bob, "2026-01-06T12:00:00Z", "laptop-b", 0, 0, 4, 0, 0);
        beat(company, bob, "2026-01-06T12:05:00Z", "laptop-b", 0, 0, 0, 0, 0);
        beat(company, bob, "2026-01-11T20:00:00Z", "laptop-b", 0, 0, 1, 0, 0);
        rows.pageView(company, bob, "2026-01-09T08:00:00Z", "/reports", null);
        rows.pageView(company, bob, "2026-01-09T08:01:00Z", "/home", null);
        rows.session(company, bob, "2026-01-09T08:00:00Z", "2026-01-09T08:10:00Z");
        beat(company, cid, "2026-01-10T23:30:00Z", "desk-c", 0, 0, 0, 5, 0);
        rows.pageView(company, dee, "2026-01-05T20:00:00Z", "/Home/Settings", null);
        rows.session(company, dee, "2026-01-05T20:00:00Z", "2026-01-05T20:02:00Z");
        beat(company, dee, "2026-01-11T06:00:00Z", "tab-d", 0, 0, 0, 0, 2);
        beat(company, eve, "2026-01-02T10:00:00Z", "laptop-e", 6, 0, 0, 0, 0);
        beat(company, eve, "2026-01-04T19:00:00Z", "laptop-e", 1, 0, 0, 0, 0);
        rollups.rebuild(company);
        token = Tokens.user(ada);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private UUID member(UUID companyId, String department, String role, String status) {
        UUID userId = UUID.randomUUID();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", userId + "@example.com");
        body.put("role", role);
        body.put("status", status);
        if (department != null) {
            body.put("department", department);
        }
        var response = api.put("/api/v2/companies/" + companyId + "/members/" + userId, Tokens.provision(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return userId;
    }

    /** A heartbeat with its five per-source counts (chrome, edge, firefox, desktop, web-accessibility). */
    private void beat(
            UUID companyId,
            UUID user,
            String at,
            String device,
            int chrome,
            int edge,
            int firefox,
            int desktop,
            int webAccessibility) {
        jdbc.sql("select ensure_month_partition('heartbeats', cast(:at as timestamptz))")
                .param("at", at)
                .query()
                .singleRow();
        jdbc.sql("""
                        insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,
                            chrome_activity_count, edge_activity_count, firefox_activity_count,
                            desktop_activity_count, web_accessibility_activity_count)
                        values (:company, cast(:at as timestamptz), gen_random_uuid(), :user, :device,
                                :chrome, :edge, :firefox, :desktop, :wa)
                        """)
                .param("company", companyId)
                .param("at", at)
                .param("user", user)
                .param("device", device)
                .param("chrome", chrome)
                .param("edge", edge)
                .param("firefox", firefox)
                .param("desktop", desktop)
                .param("wa", webAccessibility)
                .update();
    }

    private Api.Response post(UUID companyId, String tokenValue, String body) {
        return api.send("POST", "/api/v2/companies/" + companyId + "/query", tokenValue, body, "application/json");
    }

    private JsonNode query(String body) {
        return query(company, body);
    }

    private JsonNode query(UUID companyId, String body) {
        var response = post(companyId, token(companyId), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String token(UUID companyId) {
        return companyId.equals(company) ? token : newYorkToken;
    }

    /**
     * Each row as "date|dimension values|metric=value,…" (date and dimensions only when present),
     * plus " vs comparison (change)" with a comparison.
     */
    private static List<String> lines(JsonNode response) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : response.get("results")) {
            StringBuilder line = new StringBuilder();
            if (row.has("date")) {
                line.append(row.get("date").asString()).append('|');
            }
            for (var d : row.get("dimensions").properties()) {
                line.append(ReadsFixtures.text(d.getValue())).append('|');
            }
            line.append(figures(row.get("metrics")));
            if (row.has("comparison")) {
                line.append(" vs ").append(figures(row.get("comparison")));
                line.append(" (").append(figures(row.get("change"))).append(')');
            }
            out.add(line.toString());
        }
        return out;
    }

    private static String figures(JsonNode metrics) {
        List<String> parts = new ArrayList<>();
        metrics.properties().forEach(m -> parts.add(m.getKey() + "=" + ReadsFixtures.text(m.getValue())));
        return String.join(",", parts);
    }

    private static final String WEEK = "\"date_range\": [\"2026-01-05\", \"2026-01-11\"]";

    // ---- metrics and dimensions --------------------------------------------------------------

    @Test
    void everyMetricOverTheWholeRangeWithoutDimensions() {
        var response = query("""
                {"metrics": ["active_users", "activity", "heartbeats", "page_views", "sessions", "session_seconds"],
                 %s}""".formatted(WEEK));
        assertThat(lines(response))
                .containsExactly(
                        "active_users=4,activity=18,heartbeats=8,page_views=4,sessions=3,session_seconds=2520");
        assertThat(response.get("total_rows").asInt()).isEqualTo(1);
        assertThat(response.get("timezone").asString()).isEqualTo("UTC");
        assertThat(response.get("results").get(0).has("date")).isFalse();
        assertThat(response.get("results").get(0).get("dimensions").isEmpty()).isTrue();
        // The normalised query, defaults filled in.
        assertThat(response.get("query").toString())
                .isEqualTo("{\"metrics\":[\"active_users\",\"activity\",\"heartbeats\",\"page_views\",\"sessions\","
                        + "\"session_seconds\"],\"date_range\":[\"2026-01-05\",\"2026-01-11\"],\"granularity\":\"none\","
                        + "\"dimensions\":[],\"filters\":[],\"timezone\":\"UTC\",\"compare\":null,"
                        + "\"order_by\":[[\"active_users\",\"desc\"]],\"limit\":100,\"offset\":0}");
    }

    @Test
    void byDepartmentCountsEachMemberOnceOverTheRangeAndKeepsMembersWithoutOne() {
        var response = query("""
                {"metrics": ["active_users", "activity", "heartbeats", "page_views", "sessions", "session_seconds"],
                 %s, "dimensions": ["department"]}""".formatted(WEEK));
        // Engineering: ada (2 days) and bob (3 days) are 2 members, not 5.
        assertThat(lines(response))
                .containsExactly(
                        "Engineering|active_users=2,activity=11,heartbeats=6,page_views=3,sessions=2,session_seconds=2400",
                        "Sales|active_users=1,activity=5,heartbeats=1,page_views=0,sessions=0,session_seconds=0",
                        "null|active_users=1,activity=2,heartbeats=1,page_views=1,sessions=1,session_seconds=120");
        assertThat(response.get("results")
                        .get(2)
                        .get("dimensions")
                        .get("department")
                        .isNull())
                .isTrue();
    }

    @Test
    void twoDimensions() {
        var response = query("""
                {"metrics": ["active_users", "sessions"], %s, "dimensions": ["department", "role"]}""".formatted(WEEK));
        assertThat(lines(response))
                .containsExactly(
                        "Engineering|admin|active_users=1,sessions=1",
                        "Engineering|member|active_users=1,sessions=1",
                        "Sales|member|active_users=1,sessions=0",
                        "null|member|active_users=1,sessions=1");
        var byStatus = query("""
                {"metrics": ["active_users"], %s, "dimensions": ["status"]}""".formatted(WEEK));
        assertThat(lines(byStatus)).containsExactly("active|active_users=3", "inactive|active_users=1");
    }

    @Test
    void dailyBucketsAreZeroFilledAndDistinctPerDay() {
        var response = query("""
                {"metrics": ["active_users", "activity"], %s, "granularity": "day"}""".formatted(WEEK));
        assertThat(lines(response))
                .containsExactly(
                        "2026-01-05|active_users=2,activity=5",
                        "2026-01-06|active_users=1,activity=4",
                        "2026-01-07|active_users=1,activity=1",
                        "2026-01-08|active_users=0,activity=0",
                        "2026-01-09|active_users=1,activity=0",
                        "2026-01-10|active_users=1,activity=5",
                        "2026-01-11|active_users=2,activity=3");
        assertThat(response.get("total_rows").asInt()).isEqualTo(7);
    }

    @Test
    void weeksStartOnMondayAndMonthsOnTheFirstInsideTheRange() {
        // 2026-01-07 is a Wednesday: buckets 01-07 (to Sunday 01-11) and Monday 01-12 (empty, zero-filled).
        var weeks = query("""
                {"metrics": ["active_users", "activity"], "date_range": ["2026-01-07", "2026-01-13"],
                 "granularity": "week"}""");
        assertThat(lines(weeks))
                .containsExactly("2026-01-07|active_users=4,activity=9", "2026-01-12|active_users=0,activity=0");
        // December 29-31: ada (2); January 1-11: eve, ada, bob, cid, dee (7 + 18).
        var months = query("""
                {"metrics": ["active_users", "activity"], "date_range": ["2025-12-29", "2026-01-11"],
                 "granularity": "month"}""");
        assertThat(lines(months))
                .containsExactly("2025-12-29|active_users=1,activity=2", "2026-01-01|active_users=5,activity=25");
        // With a dimension, every value seen gets every bucket (nobody is active in week two).
        var weeksByDepartment = query("""
                {"metrics": ["active_users"], "date_range": ["2026-01-05", "2026-01-13"], "granularity": "week",
                 "dimensions": ["department"]}""");
        assertThat(lines(weeksByDepartment))
                .containsExactly(
                        "2026-01-05|Engineering|active_users=2",
                        "2026-01-05|Sales|active_users=1",
                        "2026-01-05|null|active_users=1",
                        "2026-01-12|Engineering|active_users=0",
                        "2026-01-12|Sales|active_users=0",
                        "2026-01-12|null|active_users=0");
    }

    @Test
    void appCountsAMemberUnderEachAppTheyUsed() {
        // ada used chrome and edge: she counts under both; bob's all-zero heartbeat is under no app.
        var response = query("""
                {"metrics": ["active_users", "activity", "heartbeats"], %s, "dimensions": ["app"],
                 "order_by": [["activity", "desc"]]}""".formatted(WEEK));
        assertThat(lines(response))
                .containsExactly(
                        "desktop|active_users=1,activity=5,heartbeats=1",
                        "firefox|active_users=1,activity=5,heartbeats=2",
                        "chrome|active_users=1,activity=4,heartbeats=2",
                        "edge|active_users=1,activity=2,heartbeats=1",
                        "web-accessibility|active_users=1,activity=2,heartbeats=1");
        // Without heartbeats the day rollup answers; the same figures.
        var fromDays = query("""
                {"metrics": ["active_users", "activity"], %s, "dimensions": ["app"],
                 "order_by": [["activity", "desc"]]}""".formatted(WEEK));
        assertThat(lines(fromDays))
                .containsExactly(
                        "desktop|active_users=1,activity=5",
                        "firefox|active_users=1,activity=5",
                        "chrome|active_users=1,activity=4",
                        "edge|active_users=1,activity=2",
                        "web-accessibility|active_users=1,activity=2");
        // A filter on apps keeps a member once across them: chrome or edge is ada alone.
        var filtered = query("""
                {"metrics": ["active_users", "activity"], %s, "granularity": "day",
                 "filters": [["is", "app", ["chrome", "edge"]]]}""".formatted(WEEK));
        assertThat(lines(filtered).get(0)).isEqualTo("2026-01-05|active_users=1,activity=5");
        assertThat(lines(filtered).get(2)).isEqualTo("2026-01-07|active_users=1,activity=1");
    }

    @Test
    void devicesByDepartmentWithOrderLimitAndOffset() {
        String body = """
                {"metrics": ["active_users", "heartbeats"], %s, "dimensions": ["department", "device"]%s}""";
        var all = query(body.formatted(WEEK, ""));
        assertThat(lines(all))
                .containsExactly(
                        "Engineering|laptop|active_users=1,heartbeats=2",
                        "Engineering|laptop-b|active_users=1,heartbeats=3",
                        "Engineering|phone|active_users=1,heartbeats=1",
                        "Sales|desk-c|active_users=1,heartbeats=1",
                        "null|tab-d|active_users=1,heartbeats=1");
        var page = query(body.formatted(WEEK, ", \"limit\": 2, \"offset\": 2"));
        assertThat(page.get("total_rows").asInt()).isEqualTo(5);
        assertThat(lines(page))
                .containsExactly(
                        "Engineering|phone|active_users=1,heartbeats=1", "Sales|desk-c|active_users=1,heartbeats=1");
        var past = query(body.formatted(WEEK, ", \"offset\": 5"));
        assertThat(past.get("total_rows").asInt()).isEqualTo(5);
        assertThat(past.get("results").isEmpty()).isTrue();
        var ordered = query(body.formatted(
                WEEK, ", \"order_by\": [[\"heartbeats\", \"desc\"], [\"device\", \"desc\"]], \"limit\": 3"));
        assertThat(lines(ordered))
                .containsExactly(
                        "Engineering|laptop-b|active_users=1,heartbeats=3",
                        "Engineering|laptop|active_users=1,heartbeats=2",
                        "null|tab-d|active_users=1,heartbeats=1");
    }

    @Test
    void pathsCountViewsAndTheMembersWhoViewedThem() {
        var response = query("""
                {"metrics": ["page_views", "active_users"], %s, "dimensions": ["path"]}""".formatted(WEEK));
        assertThat(lines(response))
                .containsExactly(
                        "/reports|page_views=2,active_users=2",
                        "/Home/Settings|page_views=1,active_users=1",
                        "/home|page_views=1,active_users=1");
        var byDepartment = query("""
                {"metrics": ["active_users"], %s, "dimensions": ["path", "department"]}""".formatted(WEEK));
        assertThat(lines(byDepartment))
                .containsExactly(
                        "/reports|Engineering|active_users=2",
                        "/Home/Settings|null|active_users=1",
                        "/home|Engineering|active_users=1");
    }

    // ---- filters ---------------------------------------------------------------------------------

    @Test
    void eachFilterOp() {
        String body = """
                {"metrics": ["active_users", "activity"], %s, "filters": [%s]}""";
        assertThat(lines(query(body.formatted(WEEK, "[\"is\", \"role\", [\"admin\"]]"))))
                .containsExactly("active_users=1,activity=5");
        // is_not keeps members without a department: ada, bob, dee.
        assertThat(lines(query(body.formatted(WEEK, "[\"is_not\", \"department\", [\"Sales\"]]"))))
                .containsExactly("active_users=3,activity=13");
        assertThat(lines(query(body.formatted(WEEK, "[\"is\", \"department\", [null]]"))))
                .containsExactly("active_users=1,activity=2");
        assertThat(lines(query(body.formatted(WEEK, "[\"is_not\", \"department\", [\"Sales\", null]]"))))
                .containsExactly("active_users=2,activity=11");
        assertThat(lines(query(body.formatted(WEEK, "[\"contains\", \"department\", [\"GINEER\"]]"))))
                .containsExactly("active_users=2,activity=11");
        assertThat(lines(query(body.formatted(WEEK, "[\"is\", \"status\", [\"inactive\", \"pending\"]]"))))
                .containsExactly("active_users=1,activity=5");
        // Filters combine with AND: Engineering members who are not admins is ada.
        assertThat(lines(query(body.formatted(
                        WEEK, "[\"is\", \"department\", [\"Engineering\"]], [\"is_not\", \"role\", [\"admin\"]]"))))
                .containsExactly("active_users=1,activity=6");
        var paths = query("""
                {"metrics": ["page_views"], %s, "dimensions": ["path"],
                 "filters": [["contains", "path", ["HOME"]]]}""".formatted(WEEK));
        assertThat(lines(paths)).containsExactly("/Home/Settings|page_views=1", "/home|page_views=1");
        var devices = query("""
                {"metrics": ["active_users"], %s, "filters": [["is_not", "device", ["laptop", "laptop-b"]]]}""".formatted(WEEK));
        assertThat(lines(devices)).containsExactly("active_users=3"); // ada (phone), cid, dee
    }

    // ---- comparisons ------------------------------------------------------------------------------

    @Test
    void compareWithThePreviousRange() {
        // Previous range 2025-12-29 to 2026-01-04: ada (2) and eve (6 + 1), no sessions.
        var response = query("""
                {"metrics": ["active_users", "activity", "sessions"], %s, "compare": "previous"}""".formatted(WEEK));
        assertThat(lines(response))
                .containsExactly("active_users=4,activity=18,sessions=3 vs active_users=2,activity=9,sessions=0"
                        + " (active_users=1.0,activity=1.0,sessions=null)");
        var byDepartment = query("""
                {"metrics": ["active_users"], %s, "dimensions": ["department"], "compare": "previous"}""".formatted(WEEK));
        assertThat(lines(byDepartment))
                .containsExactly(
                        "Engineering|active_users=2 vs active_users=1 (active_users=1.0)",
                        "Sales|active_users=1 vs active_users=1 (active_users=0.0)",
                        "null|active_users=1 vs active_users=0 (active_users=null)");
        // Days line up by position: 01-05 with 01-02, 01-06 with 01-03, 01-07 with 01-04.
        var daily = query("""
                {"metrics": ["active_users"], "date_range": ["2026-01-05", "2026-01-07"], "granularity": "day",
                 "compare": "previous"}""");
        assertThat(lines(daily))
                .containsExactly(
                        "2026-01-05|active_users=2 vs active_users=1 (active_users=1.0)",
                        "2026-01-06|active_users=1 vs active_users=0 (active_users=null)",
                        "2026-01-07|active_users=1 vs active_users=1 (active_users=0.0)");
    }

    @Test
    void compareWithTheSameDatesAYearEarlier() {
        var response = query("""
                {"metrics": ["activity", "active_users"], %s, "compare": "year"}""".formatted(WEEK));
        assertThat(lines(response))
                .containsExactly("activity=18,active_users=4 vs activity=10,active_users=1"
                        + " (activity=0.8,active_users=3.0)");
        assertThat(response.get("query").get("compare").asString()).isEqualTo("year");
    }

    // ---- zones -------------------------------------------------------------------------------------

    @Test
    void asiaKolkataOverrideSumsQuarterHoursIntoItsDays() {
        // +05:30: eve's 01-04 19:00Z is 01-05 00:30, dee's 01-05 20:00Z is 01-06 01:30, cid's
        // 01-10 23:30Z is 01-11 05:00, and bob's 01-11 20:00Z is 01-12 01:30 (outside).
        var response = query("""
                {"metrics": ["active_users", "activity", "page_views", "sessions"], %s, "granularity": "day",
                 "timezone": "Asia/Kolkata"}""".formatted(WEEK));
        assertThat(response.get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(lines(response))
                .containsExactly(
                        "2026-01-05|active_users=2,activity=6,page_views=0,sessions=1",
                        "2026-01-06|active_users=2,activity=4,page_views=1,sessions=1",
                        "2026-01-07|active_users=1,activity=1,page_views=1,sessions=0",
                        "2026-01-08|active_users=0,activity=0,page_views=0,sessions=0",
                        "2026-01-09|active_users=1,activity=0,page_views=2,sessions=1",
                        "2026-01-10|active_users=0,activity=0,page_views=0,sessions=0",
                        "2026-01-11|active_users=2,activity=7,page_views=0,sessions=0");
        var whole = query("""
                {"metrics": ["active_users", "activity"], %s, "dimensions": ["department"],
                 "timezone": "Asia/Kolkata"}""".formatted(WEEK));
        // Engineering: ada (6) and bob (4, his 01-11 20:00Z falls out); Sales: eve (1) and cid (5).
        assertThat(lines(whole))
                .containsExactly(
                        "Engineering|active_users=2,activity=10",
                        "Sales|active_users=2,activity=6",
                        "null|active_users=1,activity=2");
    }

    UUID newYork;
    String newYorkToken;

    /**
     * America/New_York around the 23-hour day 2026-03-08 (EST −5 until 07:00Z, EDT −4 after).
     * Weeks: Monday 03-02 to Sunday 03-08 (holding the DST day) and 03-09 to 03-15.
     *
     * <pre>
     * gus  Engineering  chrome 1 at 03-08 04:30Z = 03-07 23:30 EST   week 1 (UTC: week 1)
     *                   chrome 2 at 03-08 05:30Z = 03-08 00:30 EST   week 1 (UTC: week 1)
     *                   chrome 3 at 03-09 03:30Z = 03-08 23:30 EDT   week 1 (UTC: Monday, week 2)
     *                   chrome 4 at 03-09 04:30Z = 03-09 00:30 EDT   week 2
     * hal  Operations   page view 03-09 03:59Z = 03-08 23:59 EDT     week 1 (UTC: week 2)
     * ivy  Sales        chrome 5 at 03-15 12:00Z                     week 2
     * </pre>
     */
    private void newYorkFixture() {
        newYork = company("America/New_York");
        UUID gus = member(newYork, "Engineering", "member", "active");
        UUID hal = member(newYork, "Operations", "member", "active");
        UUID ivy = member(newYork, "Sales", "member", "active");
        beat(newYork, gus, "2026-03-08T04:30:00Z", "g", 1, 0, 0, 0, 0);
        beat(newYork, gus, "2026-03-08T05:30:00Z", "g", 2, 0, 0, 0, 0);
        beat(newYork, gus, "2026-03-09T03:30:00Z", "g", 3, 0, 0, 0, 0);
        beat(newYork, gus, "2026-03-09T04:30:00Z", "g", 4, 0, 0, 0, 0);
        rows.pageView(newYork, hal, "2026-03-09T03:59:00Z", "/ops", null);
        beat(newYork, ivy, "2026-03-15T12:00:00Z", "i", 5, 0, 0, 0, 0);
        rollups.rebuild(newYork);
        newYorkToken = Tokens.user(gus);
    }

    @Test
    void aDstWeekInNewYorkCountsAMemberOnceUnderEitherDepartmentFilter() {
        newYorkFixture();
        String body = """
                {"metrics": ["active_users", "activity"], "date_range": ["2026-03-02", "2026-03-15"],
                 "granularity": "week", "filters": [%s]%s}""";
        // gus is active on three New York days of week 1 (03-07, 03-08 twice) and counts once.
        for (String filter :
                List.of("[\"is\", \"department\", [\"Engineering\"]]", "[\"contains\", \"department\", [\"ENG\"]]")) {
            assertThat(lines(query(newYork, body.formatted(filter, ""))))
                    .containsExactly("2026-03-02|active_users=1,activity=6", "2026-03-09|active_users=1,activity=4");
        }
        String both = "[\"is\", \"department\", [\"Engineering\", \"Operations\"]]";
        assertThat(lines(query(newYork, body.formatted(both, ""))))
                .containsExactly("2026-03-02|active_users=2,activity=6", "2026-03-09|active_users=1,activity=4");
        var byDepartment = query(newYork, body.formatted(both, ", \"dimensions\": [\"department\"]"));
        assertThat(lines(byDepartment))
                .containsExactly(
                        "2026-03-02|Engineering|active_users=1,activity=6",
                        "2026-03-02|Operations|active_users=1,activity=0",
                        "2026-03-09|Engineering|active_users=1,activity=4",
                        "2026-03-09|Operations|active_users=0,activity=0");
        // The same instants in UTC (a timezone override): gus's 03-09 03:30Z and hal's view move to week 2.
        var utc = query(newYork, body.formatted(both, ", \"timezone\": \"UTC\""));
        assertThat(lines(utc))
                .containsExactly("2026-03-02|active_users=1,activity=3", "2026-03-09|active_users=2,activity=7");
    }

    // ---- access, caching, bad input -------------------------------------------------------------------

    @Test
    void readTokensAndMembersMayQueryOutsidersMayNot() {
        String body = "{\"metrics\": [\"active_users\"], %s}".formatted(WEEK);
        var member = post(company, Tokens.user(dee), body);
        assertThat(member.status()).isEqualTo(200);
        assertThat(member.header("RateLimit-Policy"))
                .as("counts against the read limit")
                .contains("company");
        assertThat(post(company, Tokens.read(company), body).status()).isEqualTo(200);
        assertThat(post(company, Tokens.read(), body).status()).isEqualTo(200);

        UUID other = company("UTC");
        UUID stranger = member(other, "Engineering", "owner", "active");
        var refused = post(company, Tokens.user(stranger), body);
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("code").asString()).isEqualTo("company_not_found");
        // An inactive member (cid) and a removed one (dee) are no members.
        assertThat(post(company, Tokens.user(cid), body).status()).isEqualTo(404);
        var removed = api.delete("/api/v2/companies/" + company + "/members/" + dee, Tokens.provision());
        assertThat(removed.status()).isBetween(200, 204);
        assertThat(post(company, Tokens.user(dee), body).status()).isEqualTo(404);
        assertThat(post(company, null, body).status()).isEqualTo(401);
        assertThat(post(company, Tokens.ingest(), body).status()).isEqualTo(403);
        // The other company's figures are its own: nothing there.
        var empty = post(other, Tokens.user(stranger), body);
        assertThat(lines(empty.json())).containsExactly("active_users=0");
    }

    private double cache(String result) {
        return meters.get("analytics.cache.requests")
                .tag("result", result)
                .counter()
                .count();
    }

    @Test
    void theAnswerIsCachedUnderTheCanonicalBody() {
        String body = "{\"metrics\": [\"active_users\"], %s}".formatted(WEEK);
        double hits = cache("hit");
        var first = post(company, token, body);
        assertThat(lines(first.json())).containsExactly("active_users=4");
        // New data behind the service's back: only a cached answer still says 4.
        beat(company, eve, "2026-01-08T12:00:00Z", "laptop-e", 1, 0, 0, 0, 0);
        rollups.rebuild(company);
        var reordered = post(
                company,
                token,
                "{ \"date_range\" : [\"2026-01-05\",\"2026-01-11\"],\n" + " \"metrics\":[\"active_users\"] }");
        assertThat(reordered.status()).isEqualTo(200);
        assertThat(reordered.body()).isEqualTo(first.body());
        assertThat(cache("hit")).isEqualTo(hits + 1);
        // Another body is another entry; a refresh of the company (its rebuild's event) clears them all.
        assertThat(lines(query(body.replace("}", ", \"limit\": 5}")))).containsExactly("active_users=5");
        events.publishEvent(new CompanyDataRefreshed(company));
        assertThat(lines(post(company, token, body).json())).containsExactly("active_users=5");
    }

    @Test
    void badInputIsA400NamingTheOffendingField() {
        String week = WEEK;
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{%s}".formatted(week), "metrics");
        cases.put("{\"metrics\": [], %s}".formatted(week), "metrics");
        cases.put("{\"metrics\": \"active_users\", %s}".formatted(week), "metrics");
        cases.put(
                "{\"metrics\": [\"active_users\", \"activity\", \"heartbeats\", \"page_views\", \"sessions\","
                        + " \"session_seconds\", \"active_users\"], %s}".formatted(week),
                "metrics");
        cases.put("{\"metrics\": [\"active_users\", \"visits\"], %s}".formatted(week), "metrics[1]");
        cases.put("{\"metrics\": [\"activity\", \"activity\"], %s}".formatted(week), "metrics[1]");
        cases.put("{\"metrics\": [\"activity\"]}", "date_range");
        cases.put("{\"metrics\": [\"activity\"], \"date_range\": [\"2026-01-05\"]}", "date_range");
        cases.put("{\"metrics\": [\"activity\"], \"date_range\": \"2026-01-05\"}", "date_range");
        cases.put("{\"metrics\": [\"activity\"], \"date_range\": [\"2026-01-05\", \"2026-13-01\"]}", "date_range[1]");
        cases.put("{\"metrics\": [\"activity\"], \"date_range\": [\"05/01/2026\", \"2026-01-06\"]}", "date_range[0]");
        cases.put("{\"metrics\": [\"activity\"], \"date_range\": [\"2026-01-05\", \"2026-01-04\"]}", "date_range[1]");
        cases.put("{\"metrics\": [\"activity\"], \"date_range\": [\"2025-01-01\", \"2026-01-02\"]}", "date_range[1]");
        cases.put("{\"metrics\": [\"activity\"], %s, \"granularity\": \"hour\"}".formatted(week), "granularity");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"dimensions\": [\"department\", \"role\", \"status\"]}"
                        .formatted(week),
                "dimensions[2]");
        cases.put("{\"metrics\": [\"activity\"], %s, \"dimensions\": [\"team\"]}".formatted(week), "dimensions[0]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"dimensions\": [\"role\", \"role\"]}".formatted(week),
                "dimensions[1]");
        cases.put(
                "{\"metrics\": [\"sessions\"], %s, \"dimensions\": [\"department\", \"app\"]}".formatted(week),
                "dimensions[1]");
        cases.put("{\"metrics\": [\"activity\"], %s, \"dimensions\": [\"path\"]}".formatted(week), "dimensions[0]");
        cases.put("{\"metrics\": [\"page_views\"], %s, \"dimensions\": [\"device\"]}".formatted(week), "dimensions[0]");
        cases.put(
                "{\"metrics\": [\"active_users\"], %s, \"dimensions\": [\"app\", \"path\"]}".formatted(week),
                "dimensions[1]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"filters\": [[\"equals\", \"role\", [\"admin\"]]]}".formatted(week),
                "filters[0][0]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"filters\": [[\"is\", \"team\", [\"x\"]]]}".formatted(week),
                "filters[0][1]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"filters\": [[\"contains\", \"role\", [\"adm\"]]]}".formatted(week),
                "filters[0][0]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"filters\": [[\"is\", \"role\", [\"boss\"]]]}".formatted(week),
                "filters[0][2][0]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"filters\": [[\"is\", \"app\", [\"chrome\", 7]]]}".formatted(week),
                "filters[0][2][1]");
        cases.put("{\"metrics\": [\"activity\"], %s, \"filters\": [[\"is\", \"role\"]]}".formatted(week), "filters[0]");
        cases.put("{\"metrics\": [\"activity\"], %s, \"filters\": [\"role\"]}".formatted(week), "filters[0]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"filters\": [[\"is\", \"role\", []]]}".formatted(week),
                "filters[0][2]");
        cases.put(
                "{\"metrics\": [\"sessions\"], %s, \"filters\": [[\"is\", \"path\", [\"/x\"]]]}".formatted(week),
                "filters[0][1]");
        cases.put(
                ("{\"metrics\": [\"active_users\"], %s, \"dimensions\": [\"path\"],"
                                + " \"filters\": [[\"is\", \"device\", [\"d\"]]]}")
                        .formatted(week),
                "filters[0][1]");
        cases.put("{\"metrics\": [\"activity\"], %s, \"timezone\": \"Mars/Olympus\"}".formatted(week), "timezone");
        cases.put("{\"metrics\": [\"activity\"], %s, \"timezone\": \"+05:30\"}".formatted(week), "timezone");
        cases.put("{\"metrics\": [\"activity\"], %s, \"compare\": \"last_year\"}".formatted(week), "compare");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"order_by\": [[\"visits\", \"desc\"]]}".formatted(week),
                "order_by[0][0]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"order_by\": [[\"activity\", \"up\"]]}".formatted(week),
                "order_by[0][1]");
        cases.put(
                "{\"metrics\": [\"activity\"], %s, \"order_by\": [[\"date\", \"asc\"]]}".formatted(week),
                "order_by[0][0]");
        cases.put("{\"metrics\": [\"activity\"], %s, \"order_by\": [[\"activity\"]]}".formatted(week), "order_by[0]");
        cases.put("{\"metrics\": [\"activity\"], %s, \"limit\": 0}".formatted(week), "limit");
        cases.put("{\"metrics\": [\"activity\"], %s, \"limit\": 1001}".formatted(week), "limit");
        cases.put("{\"metrics\": [\"activity\"], %s, \"limit\": \"ten\"}".formatted(week), "limit");
        cases.put("{\"metrics\": [\"activity\"], %s, \"offset\": -1}".formatted(week), "offset");
        List<String> failures = new ArrayList<>();
        cases.forEach((body, field) -> {
            var response = post(company, token, body);
            JsonNode errors = response.status() == 400 ? response.json().path("errors") : null;
            List<String> keys = new ArrayList<>();
            if (errors != null && errors.isObject()) {
                errors.propertyNames().forEach(keys::add);
            }
            if (response.status() != 400
                    || !"validation_error".equals(response.json().path("code").asString(""))
                    || !keys.equals(List.of(field))) {
                failures.add(body + " -> expected 400 naming " + field + ", got " + response);
            }
        });
        assertThat(failures).isEmpty();
        // Every error at once, each where it is.
        var many = post(company, token, """
                {"metrics": ["visits"], "date_range": ["2026-01-05", "x"], "dimensions": ["team"], "limit": 0}""");
        List<String> keys = new ArrayList<>();
        many.json().get("errors").propertyNames().forEach(keys::add);
        assertThat(keys).containsExactly("metrics[0]", "date_range[1]", "dimensions[0]", "limit");
        var notJson = post(company, token, "{\"metrics\": [");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("code").asString()).isEqualTo("invalid_json");
    }
}
