package io.activity.analytics.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.ReadsFixtures;
import io.activity.analytics.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class InsightsTest extends IntegrationTest {

    private static final String METRICS = "/api/v2/companies/{companyId}/user-metrics/";
    private static final String ACTIVITY = "/api/v2/companies/{companyId}/users/{userId}/activity";
    private static final String HEARTBEATS = "/api/v2/companies/{companyId}/heartbeats";

    @Autowired
    RollupRebuild rollups;

    ReadsFixtures rows;

    @BeforeEach
    void fixtures() {
        rows = new ReadsFixtures(jdbc);
    }

    private JsonNode ok(UUID company, String pathAndQuery, String token) {
        return getOk(company, "/insights/" + pathAndQuery, token);
    }

    /**
     * Window 2026-04-01 10:00Z … 12:00Z (7200 s).
     *
     * <pre>
     * ada  09:30–10:30 and 10:15–11:00 overlap → 10:00–11:00 (3600) + 11:30–13:00 → 11:30–12:00 (1800) = 5400
     * bob  09:00–13:00 and 08:00–14:00 (two devices) → the whole window once = 7200, not 14400
     * cid  10:00:00–10:00:30.9 → 30 (whole seconds, rounded down)
     * dee  12:00–12:30 starts at the (excluded) end → left out
     * eve  10:10–10:10, zero seconds → left out
     * fay  10:00–11:00 but soft-deleted → left out
     * </pre>
     */
    @Test
    void userActivityMergesOverlappingSessionsAndClipsToTheWindow() {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID cid = member(company);
        UUID dee = member(company);
        UUID eve = member(company);
        UUID fay = member(company);
        rows.session(company, ada, "2026-04-01T09:30:00Z", "2026-04-01T10:30:00Z");
        rows.session(company, ada, "2026-04-01T10:15:00Z", "2026-04-01T11:00:00Z");
        rows.session(company, ada, "2026-04-01T11:30:00Z", "2026-04-01T13:00:00Z");
        rows.session(company, bob, "2026-04-01T09:00:00Z", "2026-04-01T13:00:00Z");
        rows.session(company, bob, "2026-04-01T08:00:00Z", "2026-04-01T14:00:00Z");
        rows.session(company, cid, "2026-04-01T10:00:00Z", "2026-04-01T10:00:30.900Z");
        rows.session(company, dee, "2026-04-01T12:00:00Z", "2026-04-01T12:30:00Z");
        rows.session(company, eve, "2026-04-01T10:10:00Z", "2026-04-01T10:10:00Z");
        rows.session(company, fay, "2026-04-01T10:00:00Z", "2026-04-01T11:00:00Z");
        assertThat(api.delete("/api/v2/companies/" + company + "/members/" + fay, Tokens.provision())
                        .status())
                .isEqualTo(204);

        var report = ok(
                        company,
                        "user-activity?start_time=2026-04-01T10:00:00Z&end_time=2026-04-01T12:00:00Z",
                        Tokens.user(ada))
                .get("report");
        assertThat(report.get("start_time").asString()).isEqualTo("2026-04-01T10:00:00Z");
        assertThat(report.get("end_time").asString()).isEqualTo("2026-04-01T12:00:00Z");
        List<String> users = new ArrayList<>();
        report.get("users")
                .forEach(u -> users.add(
                        u.get("user_id").asString() + " " + u.get("seconds").asLong()));
        assertThat(users).containsExactly(bob + " 7200", ada + " 5400", cid + " 30");
        var first = report.get("users").get(0);
        assertThat(first.get("email").asString()).isEqualTo(bob + "@example.com");
        assertThat(first.get("first_name").asString()).isEqualTo("First");
        assertThat(first.get("last_name").asString()).isEqualTo("Last");
    }

    /**
     * Usage events (UTC company), all on 2026-04-01 unless said otherwise.
     *
     * <pre>
     * ada      GET  user-metrics  08:00 10 ms, 09:00 20, 10:00 30, 11:00 40
     * bob      GET  activity      12:00 100
     * service  GET  activity      13:00 5000
     * service  POST heartbeats    14:00 7, 15:00 9, 16:00 11
     * service  GET  /api/v2/unknown 17:00 1
     * ada      GET  user-metrics  04-02 00:00 1000 (after the window / range)
     * cid      GET  user-metrics  03-31 23:59:59 500 (before)
     * </pre>
     */
    private UUID usageFixture(UUID[] users) {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID cid = member(company);
        users[0] = ada;
        users[1] = bob;
        rows.usage(company, ada, "2026-04-01T08:00:00Z", METRICS, "GET", 10);
        rows.usage(company, ada, "2026-04-01T09:00:00Z", METRICS, "GET", 20);
        rows.usage(company, ada, "2026-04-01T10:00:00Z", METRICS, "GET", 30);
        rows.usage(company, ada, "2026-04-01T11:00:00Z", METRICS, "GET", 40);
        rows.usage(company, bob, "2026-04-01T12:00:00Z", ACTIVITY, "GET", 100);
        rows.usage(company, null, "2026-04-01T13:00:00Z", ACTIVITY, "GET", 5000);
        rows.usage(company, null, "2026-04-01T14:00:00Z", HEARTBEATS, "POST", 7);
        rows.usage(company, null, "2026-04-01T15:00:00Z", HEARTBEATS, "POST", 9);
        rows.usage(company, null, "2026-04-01T16:00:00Z", HEARTBEATS, "POST", 11);
        rows.usage(company, null, "2026-04-01T17:00:00Z", "/api/v2/unknown", "GET", 1);
        rows.usage(company, ada, "2026-04-02T00:00:00Z", METRICS, "GET", 1000);
        rows.usage(company, cid, "2026-03-31T23:59:59Z", METRICS, "GET", 500);
        return company;
    }

    @Test
    void userLatencyHasContinuousPercentilesPerMember() {
        UUID[] users = new UUID[2];
        UUID company = usageFixture(users);
        var report = ok(
                        company,
                        "user-latency?start_time=2026-04-01T00:00:00Z&end_time=2026-04-02T00:00:00Z",
                        Tokens.user(users[0]))
                .get("report");
        // ada 10,20,30,40: p50 = 25, p95 at rank 0.95 × 3 = 2.85 → 30 + 0.85 × 10 = 38.5.
        // bob 100 alone. Highest p95 first; the service token's requests have no member.
        var list = report.get("users");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("user_id").asString()).isEqualTo(users[1].toString());
        assertThat(list.get(0).get("email").asString()).isEqualTo(users[1] + "@example.com");
        assertThat(list.get(0).get("latency_ms").get("p50").decimalValue()).isEqualByComparingTo("100");
        assertThat(list.get(0).get("latency_ms").get("p95").decimalValue()).isEqualByComparingTo("100");
        assertThat(list.get(1).get("user_id").asString()).isEqualTo(users[0].toString());
        assertThat(list.get(1).get("latency_ms").get("p50").decimalValue()).isEqualByComparingTo("25");
        assertThat(list.get(1).get("latency_ms").get("p95").decimalValue()).isEqualByComparingTo("38.5");
    }

    @Test
    void endpointsAreGroupedByRouteAndMethodWithTheirFeature() {
        UUID[] users = new UUID[2];
        UUID company = usageFixture(users);
        String token = Tokens.user(users[0]);
        // user-metrics 4 (avg 25, p95 38.5); heartbeats 3 (7, 9, 11: avg 9, p95 at 1.9 → 9 + 0.9 × 2 =
        // 10.8); activity 2 (100, 5000: avg 2550, p95 100 + 0.95 × 4900 = 4755); unknown 1.
        var items = ok(company, "endpoints?start_date=2026-04-01&end_date=2026-04-01", token)
                .get("items");
        List<String> lines = new ArrayList<>();
        items.forEach(i ->
                lines.add(i.get("method").asString() + " " + i.get("endpoint").asString() + " "
                        + i.get("feature").asString() + " " + i.get("count").asLong() + " "
                        + i.get("avg_response_time_ms")
                                .decimalValue()
                                .stripTrailingZeros()
                                .toPlainString() + " "
                        + i.get("p95_response_time_ms")
                                .decimalValue()
                                .stripTrailingZeros()
                                .toPlainString()));
        assertThat(lines)
                .containsExactly(
                        "GET " + METRICS + " user-metrics 4 25 38.5",
                        "POST " + HEARTBEATS + " ingest 3 9 10.8",
                        "GET " + ACTIVITY + " activity 2 2550 4755",
                        "GET /api/v2/unknown other 1 1 1");

        var limited = ok(company, "endpoints?start_date=2026-04-01&end_date=2026-04-01&limit=2", token)
                .get("items");
        assertThat(limited).hasSize(2);
        assertThat(limited.get(1).get("endpoint").asString()).isEqualTo(HEARTBEATS);
    }

    /**
     * UTC company, 2026-03-04 (Wednesday) … 03-17 (Tuesday).
     *
     * <pre>
     * ada  heartbeat 03-05 10:00, page view 03-10 10:00, heartbeat 03-11 10:00
     * bob  heartbeat 03-08 23:30 (Sunday in UTC; 03-09 05:00 Monday in Kolkata), page view 03-16 12:00
     * requests: ada 03-05 10:00 10 ms, ada 03-09 10:00 20, service 03-09 11:00 40,
     *           ada 03-17 23:59 5 (03-18 in Kolkata), ada 03-18 00:00 100 (after)
     * </pre>
     */
    private UUID trendsFixture(UUID[] reader) {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID bob = member(company);
        reader[0] = ada;
        rows.heartbeat(company, ada, "2026-03-05T10:00:00Z", 1);
        rows.pageView(company, ada, "2026-03-10T10:00:00Z", "/a", null);
        rows.heartbeat(company, ada, "2026-03-11T10:00:00Z", 2);
        rows.heartbeat(company, bob, "2026-03-08T23:30:00Z", 3);
        rows.pageView(company, bob, "2026-03-16T12:00:00Z", "/b", null);
        rows.usage(company, ada, "2026-03-05T10:00:00Z", METRICS, "GET", 10);
        rows.usage(company, ada, "2026-03-09T10:00:00Z", METRICS, "GET", 20);
        rows.usage(company, null, "2026-03-09T11:00:00Z", HEARTBEATS, "POST", 40);
        rows.usage(company, ada, "2026-03-17T23:59:00Z", METRICS, "GET", 5);
        rows.usage(company, ada, "2026-03-18T00:00:00Z", METRICS, "GET", 100);
        rollups.rebuild(company);
        return company;
    }

    private static List<String> trend(JsonNode data) {
        List<String> out = new ArrayList<>();
        data.forEach(p -> out.add(
                p.get("date").asString() + " users=" + p.get("active_users").asLong()
                        + " requests=" + p.get("requests").asLong()
                        + " avg="
                        + (p.get("avg_response_time_ms").isNull()
                                ? "null"
                                : p.get("avg_response_time_ms")
                                        .decimalValue()
                                        .stripTrailingZeros()
                                        .toPlainString())
                        + " views=" + p.get("page_views").asLong()));
        return out;
    }

    @Test
    void trendsBucketByMondayWeeksAndCalendarMonths() {
        UUID[] reader = new UUID[1];
        UUID company = trendsFixture(reader);
        String token = Tokens.user(reader[0]);
        String range = "trends?start_date=2026-03-04&end_date=2026-03-17";

        var weeks = ok(company, range + "&granularity=week", token);
        assertThat(weeks.get("granularity").asString()).isEqualTo("week");
        assertThat(weeks.get("timezone").asString()).isEqualTo("UTC");
        assertThat(trend(weeks.get("data")))
                .containsExactly(
                        "2026-03-04 users=2 requests=1 avg=10 views=0",
                        "2026-03-09 users=1 requests=2 avg=30 views=1",
                        "2026-03-16 users=1 requests=1 avg=5 views=1");

        var months = ok(company, range + "&granularity=month", token);
        assertThat(trend(months.get("data"))).containsExactly("2026-03-04 users=2 requests=4 avg=18.75 views=2");

        var days = ok(company, range, token); // granularity defaults to day
        assertThat(days.get("granularity").asString()).isEqualTo("day");
        assertThat(trend(days.get("data")))
                .hasSize(14)
                .startsWith(
                        "2026-03-04 users=0 requests=0 avg=null views=0",
                        "2026-03-05 users=1 requests=1 avg=10 views=0",
                        "2026-03-06 users=0 requests=0 avg=null views=0",
                        "2026-03-07 users=0 requests=0 avg=null views=0",
                        "2026-03-08 users=1 requests=0 avg=null views=0",
                        "2026-03-09 users=0 requests=2 avg=30 views=0",
                        "2026-03-10 users=1 requests=0 avg=null views=1")
                .endsWith(
                        "2026-03-16 users=1 requests=0 avg=null views=1",
                        "2026-03-17 users=0 requests=1 avg=5 views=0");

        // Kolkata: bob's Sunday-night heartbeat is Monday 03-09; the 03-17 23:59Z request is 03-18.
        var kolkata = ok(company, range + "&granularity=week&timezone=Asia/Kolkata", token);
        assertThat(kolkata.get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(trend(kolkata.get("data")))
                .containsExactly(
                        "2026-03-04 users=1 requests=1 avg=10 views=0",
                        "2026-03-09 users=2 requests=2 avg=30 views=1",
                        "2026-03-16 users=1 requests=0 avg=null views=1");
    }

    /**
     * The trends fixture read without an end date: it defaults to today in the zone of the request,
     * which turns at midnight there. 2026-03-18 00:00 UTC is 05:30 on 03-18 in Kolkata. Each clock
     * position reads URLs of its own, so no cached answer is reused.
     */
    @Test
    void theDefaultEndDateIsTodayInTheZoneAndTurnsAtMidnight() {
        UUID[] reader = new UUID[1];
        UUID company = trendsFixture(reader);
        String token = Tokens.user(reader[0]);

        // The last microsecond of 03-17 in UTC; already 03-18 in Kolkata.
        clock.fix("2026-03-17T23:59:59.999999Z");
        assertThat(trend(ok(company, "trends?start_date=2026-03-16", token).get("data")))
                .containsExactly(
                        "2026-03-16 users=1 requests=0 avg=null views=1",
                        "2026-03-17 users=0 requests=1 avg=5 views=0");
        assertThat(trend(ok(company, "trends?start_date=2026-03-17&timezone=Asia/Kolkata", token)
                        .get("data")))
                .containsExactly(
                        "2026-03-17 users=0 requests=0 avg=null views=0",
                        "2026-03-18 users=0 requests=2 avg=52.5 views=0");
        var before = ok(company, "endpoints?start_date=2026-03-17", token).get("items");
        assertThat(before).hasSize(1);
        assertThat(before.get(0).get("count").asLong()).isEqualTo(1);

        // Midnight UTC: today is 03-18 for the UTC company too.
        clock.fix("2026-03-18T00:00:00Z");
        assertThat(trend(ok(company, "trends?start_date=2026-03-17", token).get("data")))
                .containsExactly(
                        "2026-03-17 users=0 requests=1 avg=5 views=0", "2026-03-18 users=0 requests=1 avg=100 views=0");
        var at = ok(company, "endpoints?start_date=2026-03-17&limit=5", token).get("items");
        assertThat(at).hasSize(1);
        assertThat(at.get(0).get("count").asLong()).isEqualTo(2);
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        UUID company = company("UTC");
        String token = Tokens.user(member(company));
        String window = "start_time=2026-04-01T00:00:00Z&end_time=2026-04-02T00:00:00Z";
        List<String[]> cases = new ArrayList<>();
        for (String report : new String[] {"user-activity", "user-latency"}) {
            cases.add(new String[] {report + "?end_time=2026-04-02T00:00:00Z", "start_time"});
            cases.add(new String[] {report + "?start_time=2026-04-01&end_time=2026-04-02T00:00:00Z", "start_time"});
            cases.add(new String[] {report + "?start_time=2026-04-01T00:00:00Z", "end_time"});
            cases.add(new String[] {report + "?start_time=2026-04-01T00:00:00Z&end_time=tomorrow", "end_time"});
            cases.add(
                    new String[] {report + "?start_time=2026-04-01T00:00:00Z&end_time=2026-04-01T00:00:00Z", "end_time"
                    });
            cases.add(
                    new String[] {report + "?start_time=2026-04-01T00:00:00Z&end_time=2026-03-01T00:00:00Z", "end_time"
                    });
            cases.add(
                    new String[] {report + "?start_time=2025-04-01T00:00:00Z&end_time=2026-04-02T00:00:01Z", "end_time"
                    });
        }
        cases.add(new String[] {
            "user-activity?start_time=%2B10000-01-01T00:00:00Z&end_time=%2B10000-01-02T00:00:00Z", "start_time"
        });
        cases.add(new String[] {"trends?start_date=%2B10000-01-01&end_date=%2B10000-01-02", "start_date"});
        cases.add(new String[] {"endpoints", "start_date"});
        cases.add(new String[] {"endpoints?start_date=2026-04-31", "start_date"});
        cases.add(new String[] {"endpoints?start_date=2026-04-01&end_date=04/02/2026", "end_date"});
        cases.add(new String[] {"endpoints?start_date=2026-04-02&end_date=2026-04-01", "end_date"});
        cases.add(new String[] {"endpoints?start_date=2025-04-01&end_date=2026-04-02", "end_date"});
        cases.add(new String[] {"endpoints?start_date=2026-04-01&end_date=2026-04-02&limit=0", "limit"});
        cases.add(new String[] {"endpoints?start_date=2026-04-01&end_date=2026-04-02&limit=101", "limit"});
        cases.add(new String[] {"endpoints?start_date=2026-04-01&end_date=2026-04-02&limit=all", "limit"});
        cases.add(new String[] {"trends", "start_date"});
        cases.add(new String[] {"trends?start_date=20260401", "start_date"});
        cases.add(new String[] {"trends?start_date=2026-04-01&end_date=2026-02-29", "end_date"});
        cases.add(new String[] {"trends?start_date=2026-04-02&end_date=2026-04-01", "end_date"});
        cases.add(new String[] {"trends?start_date=2025-04-01&end_date=2026-04-02", "end_date"});
        cases.add(new String[] {"trends?start_date=2026-04-01&end_date=2026-04-02&granularity=hour", "granularity"});
        cases.add(new String[] {"trends?start_date=2026-04-01&end_date=2026-04-02&granularity=weekly", "granularity"});
        cases.add(new String[] {"trends?start_date=2026-04-01&end_date=2026-04-02&timezone=Moon/Base", "timezone"});
        for (String[] bad : cases) {
            var response = api.get("/api/v2/companies/" + company + "/insights/" + bad[0], token);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").has(bad[1]))
                    .as(bad[0] + " " + response.body())
                    .isTrue();
        }
        // At the limits.
        assertThat(ok(company, "user-activity?start_time=2025-04-01T00:00:00Z&end_time=2026-04-02T00:00:00Z", token)
                        .get("report")
                        .get("users"))
                .isEmpty();
        assertThat(ok(company, "trends?start_date=2025-04-02&end_date=2026-04-02", token)
                        .get("data"))
                .hasSize(366);
        assertThat(ok(company, "endpoints?start_date=2025-04-02&end_date=2026-04-02&limit=100", token)
                        .get("items"))
                .isEmpty();
        assertThat(ok(company, "user-latency?" + window, token).get("report").get("users"))
                .isEmpty();
    }

    @Test
    void onlyActiveMembersOfTheCompanyMayRead() {
        UUID[] users = new UUID[2];
        UUID company = usageFixture(users);
        UUID pending = member(company, "member", "pending");
        UUID outsider = member(company("UTC"), "owner", "active");
        for (String path : new String[] {
            "user-activity?start_time=2026-04-01T00:00:00Z&end_time=2026-04-02T00:00:00Z",
            "user-latency?start_time=2026-04-01T00:00:00Z&end_time=2026-04-02T00:00:00Z",
            "endpoints?start_date=2026-04-01&end_date=2026-04-01",
            "trends?start_date=2026-04-01&end_date=2026-04-01"
        }) {
            String url = "/api/v2/companies/" + company + "/insights/" + path;
            var service = api.get(url, Tokens.provision());
            assertThat(service.status()).as(path).isEqualTo(403);
            assertThat(service.json().get("code").asString()).isEqualTo("permission_denied");
            var foreign = api.get(url, Tokens.user(outsider));
            assertThat(foreign.status()).as(path).isEqualTo(404);
            assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
            assertThat(foreign.body())
                    .doesNotContain(users[0].toString())
                    .doesNotContain("user-metrics")
                    .doesNotContain("report");
            assertThat(api.get(url, Tokens.user(pending)).status()).as(path).isEqualTo(404);
        }
    }
}
