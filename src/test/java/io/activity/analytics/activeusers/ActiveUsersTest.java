package io.activity.analytics.activeusers;

import static io.activity.analytics.support.ReadsFixtures.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.ReadsFixtures;
import io.activity.analytics.support.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ActiveUsersTest extends IntegrationTest {

    @Autowired
    RollupRebuild rollups;

    ReadsFixtures rows;

    @BeforeEach
    void fixtures() {
        rows = new ReadsFixtures(jdbc);
    }

    /**
     * America/New_York: 2026-03-08 is the 23-hour DST day, 05:00Z to 2026-03-09T04:00Z (EST −5
     * before, EDT −4 after). Asia/Kolkata is +05:30 all year.
     *
     * <pre>
     * member  event (UTC)                     New York day   UTC day     Kolkata day
     * ada     heartbeats 03-08 05:30, 06:10   03-08 (00:30)  03-08       03-08
     * ada     heartbeat  03-20 15:00          03-20          03-20       03-20
     * bob     page view  03-09 03:30          03-08 (23:30)  03-09       03-09
     * cid     heartbeat, total 0, 03-08 12:00 not active     -           -
     * dee     heartbeat  03-09 04:15          03-09 (00:15)  03-09       03-09
     * eve     heartbeat  03-07 18:45          03-07 (13:45)  03-07       03-08 (00:15)
     * fay     heartbeat  04-01 02:00          03-31 (22:00)  04-01       04-01
     * </pre>
     */
    private UUID newYorkFixture() {
        UUID company = company("America/New_York");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID cid = member(company);
        UUID dee = member(company);
        UUID eve = member(company);
        UUID fay = member(company);
        rows.heartbeat(company, ada, "2026-03-08T05:30:00Z", 3);
        rows.heartbeat(company, ada, "2026-03-08T06:10:00Z", 2);
        rows.heartbeat(company, ada, "2026-03-20T15:00:00Z", 1);
        rows.pageView(company, bob, "2026-03-09T03:30:00Z", "/home", null);
        rows.heartbeat(company, cid, "2026-03-08T12:00:00Z", 0);
        rows.heartbeat(company, dee, "2026-03-09T04:15:00Z", 7);
        rows.heartbeat(company, eve, "2026-03-07T18:45:00Z", 1);
        rows.heartbeat(company, fay, "2026-04-01T02:00:00Z", 4);
        rollups.rebuild(company);
        return company;
    }

    @Test
    void dailyCountsFollowTheDayOfTheZoneIncludingTheDstDayAndOverrides() {
        UUID company = newYorkFixture();
        String token = Tokens.user(member(company));
        String base = "/active-users?type=daily&date_from=2026-03-06&date_to=2026-03-09";

        var newYork = getOk(company, base, token);
        assertThat(newYork.get("type").asString()).isEqualTo("daily");
        assertThat(newYork.get("timezone").asString()).isEqualTo("America/New_York");
        assertThat(series(newYork.get("data"), "active_users"))
                .containsExactly("2026-03-06=0", "2026-03-07=1", "2026-03-08=2", "2026-03-09=1");

        var utc = getOk(company, base + "&timezone=UTC", token);
        assertThat(utc.get("timezone").asString()).isEqualTo("UTC");
        assertThat(series(utc.get("data"), "active_users"))
                .containsExactly("2026-03-06=0", "2026-03-07=1", "2026-03-08=1", "2026-03-09=2");

        var kolkata = getOk(company, base + "&timezone=Asia/Kolkata", token);
        assertThat(kolkata.get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(series(kolkata.get("data"), "active_users"))
                .containsExactly("2026-03-06=0", "2026-03-07=0", "2026-03-08=2", "2026-03-09=2");

        // The company's own zone named explicitly gives the same answer as the rollup.
        var explicit = getOk(company, base + "&timezone=America/New_York", token);
        assertThat(series(explicit.get("data"), "active_users"))
                .containsExactly("2026-03-06=0", "2026-03-07=1", "2026-03-08=2", "2026-03-09=1");
    }

    @Test
    void monthlyCountsDistinctMembersPerCalendarMonth() {
        UUID company = newYorkFixture();
        String token = Tokens.user(member(company));

        // New York: March has ada (twice), bob, dee, eve and fay (03-31 22:00 local) = 5.
        var newYork = getOk(company, "/active-users?type=monthly&date_from=2026-02&date_to=2026-04", token);
        assertThat(newYork.get("type").asString()).isEqualTo("monthly");
        assertThat(series(newYork.get("data"), "active_users")).containsExactly("2026-02=0", "2026-03=5", "2026-04=0");

        // UTC: fay's heartbeat falls on April 1st.
        var utc = getOk(company, "/active-users?type=monthly&date_from=2026-02&date_to=2026-04&timezone=UTC", token);
        assertThat(series(utc.get("data"), "active_users")).containsExactly("2026-02=0", "2026-03=4", "2026-04=1");
    }

    /** The service's clock, far from midnight: 12:00 UTC, 08:00 in New York, on 2026-07-15. */
    private static final String NOON = "2026-07-15T12:00:00Z";

    @Test
    void dateToDefaultsToTodayAndThisMonth() {
        clock.fix(NOON);
        UUID company = company("UTC");
        UUID reader = member(company);
        rows.heartbeat(company, reader, "2026-07-15T11:59:00Z", 1);
        rows.heartbeat(company, reader, "2026-07-13T08:00:00Z", 1);
        rollups.rebuild(company);
        String token = Tokens.user(reader);

        var daily = getOk(company, "/active-users?type=daily&date_from=2026-07-13", token);
        assertThat(series(daily.get("data"), "active_users"))
                .containsExactly("2026-07-13=1", "2026-07-14=0", "2026-07-15=1");
        var monthly = getOk(company, "/active-users?type=monthly&date_from=2026-06", token);
        assertThat(series(monthly.get("data"), "active_users")).containsExactly("2026-06=0", "2026-07=1");
        var stickiness = getOk(company, "/active-users/stickiness?date_from=2026-07-14", token);
        assertThat(series(stickiness.get("data"), "dau")).containsExactly("2026-07-14=0", "2026-07-15=1");
    }

    /**
     * "Today" turns at midnight in the zone of the request: ada is active in the last second of
     * July (UTC), bob at the first instant of August; in New York both are on 07-31 (19:59:59 and
     * 20:00 EDT). Each clock position reads URLs of its own, so no cached answer is reused.
     */
    @Test
    void todayAndThisMonthTurnAtMidnightInTheZone() {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID bob = member(company);
        rows.heartbeat(company, ada, "2026-07-31T23:59:59Z", 1);
        rows.heartbeat(company, bob, "2026-08-01T00:00:00Z", 1);
        rollups.rebuild(company);
        String token = Tokens.user(ada);

        // The last microsecond of July in UTC: today is 07-31, this month July.
        clock.fix("2026-07-31T23:59:59.999999Z");
        assertThat(series(
                        getOk(company, "/active-users?type=daily&date_from=2026-07-30", token)
                                .get("data"),
                        "active_users"))
                .containsExactly("2026-07-30=0", "2026-07-31=1");
        assertThat(series(
                        getOk(company, "/active-users?type=monthly&date_from=2026-06", token)
                                .get("data"),
                        "active_users"))
                .containsExactly("2026-06=0", "2026-07=1");
        assertThat(series(
                        getOk(company, "/active-users/stickiness?date_from=2026-07-30", token)
                                .get("data"),
                        "dau"))
                .containsExactly("2026-07-30=0", "2026-07-31=1");

        // Midnight UTC exactly: today is 08-01 and this month August.
        clock.fix("2026-08-01T00:00:00Z");
        assertThat(series(
                        getOk(company, "/active-users?type=daily&date_from=2026-07-31", token)
                                .get("data"),
                        "active_users"))
                .containsExactly("2026-07-31=1", "2026-08-01=1");
        assertThat(series(
                        getOk(company, "/active-users?type=monthly&date_from=2026-07", token)
                                .get("data"),
                        "active_users"))
                .containsExactly("2026-07=1", "2026-08=1");
        assertThat(series(
                        getOk(company, "/active-users/stickiness?date_from=2026-07-31", token)
                                .get("data"),
                        "dau"))
                .containsExactly("2026-07-31=1", "2026-08-01=1");

        // Same instant, New York (20:00 EDT on 07-31): today is still 07-31, this month July.
        String ny = "&timezone=America/New_York";
        assertThat(series(
                        getOk(company, "/active-users?type=daily&date_from=2026-07-30" + ny, token)
                                .get("data"),
                        "active_users"))
                .containsExactly("2026-07-30=0", "2026-07-31=2");
        assertThat(series(
                        getOk(company, "/active-users?type=monthly&date_from=2026-06" + ny, token)
                                .get("data"),
                        "active_users"))
                .containsExactly("2026-06=0", "2026-07=2");
        assertThat(series(
                        getOk(company, "/active-users/stickiness?date_from=2026-07-30" + ny, token)
                                .get("data"),
                        "dau"))
                .containsExactly("2026-07-30=0", "2026-07-31=2");
    }

    /**
     * UTC company; range 2026-01-01 … 01-12. ada active 01-01 and 01-05, bob 01-03, cid 2025-12-20
     * (before the range, still inside the 30 days of every shown day up to 01-18).
     * wau: ada covers 01-01…01-07 and 01-05…01-11, bob 01-03…01-09.
     */
    @Test
    void stickinessUsesRollingSevenAndThirtyDayWindows() {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID cid = member(company);
        rows.heartbeat(company, ada, "2026-01-01T09:00:00Z", 1);
        rows.pageView(company, ada, "2026-01-05T09:00:00Z", "/a", null);
        rows.heartbeat(company, bob, "2026-01-03T23:59:00Z", 2);
        rows.heartbeat(company, cid, "2025-12-20T00:00:00Z", 5);
        rollups.rebuild(company);

        var body = getOk(company, "/active-users/stickiness?date_from=2026-01-01&date_to=2026-01-12", Tokens.user(ada));
        assertThat(body.get("timezone").asString()).isEqualTo("UTC");
        var data = body.get("data");
        assertThat(series(data, "dau"))
                .containsExactly(
                        "2026-01-01=1",
                        "2026-01-02=0",
                        "2026-01-03=1",
                        "2026-01-04=0",
                        "2026-01-05=1",
                        "2026-01-06=0",
                        "2026-01-07=0",
                        "2026-01-08=0",
                        "2026-01-09=0",
                        "2026-01-10=0",
                        "2026-01-11=0",
                        "2026-01-12=0");
        assertThat(series(data, "wau"))
                .containsExactly(
                        "2026-01-01=1",
                        "2026-01-02=1",
                        "2026-01-03=2",
                        "2026-01-04=2",
                        "2026-01-05=2",
                        "2026-01-06=2",
                        "2026-01-07=2",
                        "2026-01-08=2",
                        "2026-01-09=2",
                        "2026-01-10=1",
                        "2026-01-11=1",
                        "2026-01-12=0");
        assertThat(series(data, "mau"))
                .containsExactly(
                        "2026-01-01=2",
                        "2026-01-02=2",
                        "2026-01-03=3",
                        "2026-01-04=3",
                        "2026-01-05=3",
                        "2026-01-06=3",
                        "2026-01-07=3",
                        "2026-01-08=3",
                        "2026-01-09=3",
                        "2026-01-10=3",
                        "2026-01-11=3",
                        "2026-01-12=3");
        assertThat(data.get(0).get("dau_mau_ratio").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(data.get(1).get("dau_mau_ratio").decimalValue()).isEqualByComparingTo("0");
        assertThat(data.get(2).get("dau_mau_ratio").decimalValue()).isEqualByComparingTo("0.3333");

        // Nobody active in the 30 days up to 2026-06-01: the ratio is present and null.
        var empty =
                getOk(company, "/active-users/stickiness?date_from=2026-06-01&date_to=2026-06-01", Tokens.user(ada));
        var point = empty.get("data").get(0);
        assertThat(point.get("date").asString()).isEqualTo("2026-06-01");
        assertThat(point.get("mau").asLong()).isZero();
        assertThat(point.has("dau_mau_ratio")).isTrue();
        assertThat(point.get("dau_mau_ratio").isNull()).isTrue();
    }

    /** The New York fixture: 03-08 shows ada, bob (and eve the day before in the week). */
    @Test
    void stickinessHonoursTheTimezoneOverride() {
        UUID company = newYorkFixture();
        String token = Tokens.user(member(company));

        var newYork = getOk(company, "/active-users/stickiness?date_from=2026-03-08&date_to=2026-03-09", token);
        // 03-08: dau ada+bob, wau/mau + eve (03-07); 03-09: dee, wau/mau 4.
        assertThat(series(newYork.get("data"), "dau")).containsExactly("2026-03-08=2", "2026-03-09=1");
        assertThat(series(newYork.get("data"), "wau")).containsExactly("2026-03-08=3", "2026-03-09=4");
        assertThat(series(newYork.get("data"), "mau")).containsExactly("2026-03-08=3", "2026-03-09=4");
        assertThat(newYork.get("data").get(0).get("dau_mau_ratio").decimalValue())
                .isEqualByComparingTo("0.6667");
        assertThat(newYork.get("data").get(1).get("dau_mau_ratio").decimalValue())
                .isEqualByComparingTo("0.25");

        // Kolkata: ada and eve on 03-08, bob and dee on 03-09.
        var kolkata = getOk(
                company,
                "/active-users/stickiness?date_from=2026-03-08&date_to=2026-03-09&timezone=Asia/Kolkata",
                token);
        assertThat(kolkata.get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(series(kolkata.get("data"), "dau")).containsExactly("2026-03-08=2", "2026-03-09=2");
        assertThat(series(kolkata.get("data"), "wau")).containsExactly("2026-03-08=2", "2026-03-09=4");
        assertThat(series(kolkata.get("data"), "mau")).containsExactly("2026-03-08=2", "2026-03-09=4");
        assertThat(kolkata.get("data").get(0).get("dau_mau_ratio").decimalValue())
                .isEqualByComparingTo("1");
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        UUID company = company("UTC");
        String token = Tokens.user(member(company));
        String[][] cases = {
            {"/active-users?date_from=2026-01-01", "type"},
            {"/active-users?type=weekly&date_from=2026-01-01", "type"},
            {"/active-users?type=daily", "date_from"},
            {"/active-users?type=daily&date_from=2026-02-30", "date_from"},
            {"/active-users?type=daily&date_from=2026-01", "date_from"},
            {"/active-users?type=monthly&date_from=2026-01-01", "date_from"},
            {"/active-users?type=monthly&date_from=2026-13", "date_from"},
            {"/active-users?type=daily&date_from=2026-01-01&date_to=yesterday", "date_to"},
            {"/active-users?type=daily&date_from=2026-01-02&date_to=2026-01-01", "date_to"},
            {"/active-users?type=daily&date_from=2025-01-01&date_to=2026-01-02", "date_to"}, // 367 days
            {"/active-users?type=monthly&date_from=2026-02&date_to=2026-01", "date_to"},
            {"/active-users?type=monthly&date_from=2023-01&date_to=2026-01", "date_to"}, // 37 months
            {"/active-users?type=monthly&date_from=2026-01&date_to=2026-01-31", "date_to"},
            {"/active-users?type=daily&date_from=2026-01-01&timezone=Mars/Olympus", "timezone"},
            {"/active-users?type=daily&date_from=2026-01-01&timezone=%2B05:30", "timezone"},
            {"/active-users?type=daily&date_from=%2B10000-01-01&date_to=%2B10000-01-02", "date_from"},
            {"/active-users?type=monthly&date_from=2026-01&date_to=%2B10000-01", "date_to"},
            {"/active-users/stickiness", "date_from"},
            {"/active-users/stickiness?date_from=01/01/2026", "date_from"},
            {"/active-users/stickiness?date_from=2026-01-01&date_to=2026-1-5", "date_to"},
            {"/active-users/stickiness?date_from=2025-01-01&date_to=2026-01-02", "date_to"},
            {"/active-users/stickiness?date_from=2026-01-01&date_to=2025-12-31", "date_to"},
            {"/active-users/stickiness?date_from=2026-01-01&timezone=Nowhere", "timezone"},
        };
        for (String[] bad : cases) {
            var response = api.get("/api/v2/companies/" + company + bad[0], token);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").has(bad[1]))
                    .as(bad[0] + " " + response.body())
                    .isTrue();
        }
        // Exactly at the limits is fine.
        assertThat(getOk(company, "/active-users?type=daily&date_from=2025-01-02&date_to=2026-01-02", token)
                        .get("data"))
                .hasSize(366);
        assertThat(getOk(company, "/active-users?type=monthly&date_from=2023-02&date_to=2026-01", token)
                        .get("data"))
                .hasSize(36);
        assertThat(getOk(company, "/active-users/stickiness?date_from=2025-01-02&date_to=2026-01-02", token)
                        .get("data"))
                .hasSize(366);
    }

    @Test
    void onlyActiveMembersOfTheCompanyMayRead() {
        UUID company = newYorkFixture();
        UUID pending = member(company, "member", "pending");
        UUID outsider = member(company("UTC"), "owner", "active");
        for (String path : new String[] {
            "/active-users?type=daily&date_from=2026-03-01&date_to=2026-03-31",
            "/active-users/stickiness?date_from=2026-03-01&date_to=2026-03-31"
        }) {
            String url = "/api/v2/companies/" + company + path;
            var service = api.get(url, Tokens.provision());
            assertThat(service.status()).as(path).isEqualTo(403);
            assertThat(service.json().get("code").asString()).isEqualTo("permission_denied");
            var foreign = api.get(url, Tokens.user(outsider));
            assertThat(foreign.status()).as(path).isEqualTo(404);
            assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
            assertThat(foreign.body()).doesNotContain("data").doesNotContain("2026-03-08");
            assertThat(api.get(url, Tokens.user(pending)).status()).as(path).isEqualTo(404);
            assertThat(api.get(url, null).status()).as(path).isEqualTo(401);
        }
    }
}
