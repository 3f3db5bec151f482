package io.activity.analytics.activity;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Activity series end to end, from raw heartbeats through the rebuilt rollups; numbers by hand. */
class ActivitySeriesTest extends IntegrationTest {

    @Autowired
    RollupRebuild rebuild;

    private void heartbeat(UUID company, UUID user, String device, String at, int chrome, int edge, int desktop) {
        jdbc.sql("""
                        insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,
                            chrome_activity_count, edge_activity_count, firefox_activity_count,
                            desktop_activity_count, web_accessibility_activity_count)
                        values (:company, cast(:at as timestamptz), gen_random_uuid(), :user, :device,
                            :chrome, :edge, 0, :desktop, 0)
                        """)
                .param("company", company)
                .param("at", at)
                .param("user", user)
                .param("device", device)
                .param("chrome", chrome)
                .param("edge", edge)
                .param("desktop", desktop)
                .update();
    }

    /** "date=value" pairs of a series, in order. */
    private static List<String> points(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode point : response.json().get("data")) {
            out.add(point.get("date").asString() + "=" + point.get("value").asLong());
        }
        return out;
    }

    private static String field(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
        return response.json().get("errors").propertyNames().iterator().next();
    }

    /** The DST week of 2026 in America/New_York: 2026-03-08 has 23 hours (02:00 EST → 03:00 EDT at 07:00Z). */
    private void dstFixture(UUID company, UUID user) {
        heartbeat(company, user, "d1", "2026-03-08T04:30:00Z", 0, 0, 1); // 03-07 23:30 EST
        heartbeat(company, user, "d1", "2026-03-08T05:00:00Z", 0, 0, 2); // 03-08 00:00 EST
        heartbeat(company, user, "d1", "2026-03-09T03:59:00Z", 0, 0, 4); // 03-08 23:59 EDT
        heartbeat(company, user, "d1", "2026-03-09T04:00:00Z", 0, 0, 8); // 03-09 00:00 EDT
        rebuild.rebuild(company);
    }

    @Test
    void dstDayInTheCompanyZoneAndThroughAnOverride() {
        UUID ny = company("America/New_York");
        UUID nyUser = member(ny);
        dstFixture(ny, nyUser);
        String path = "/api/v2/companies/" + ny + "/users/" + nyUser + "/activity?metric=activity-count";

        var daily = api.get(path + "&start_date=2026-03-07&end_date=2026-03-09", Tokens.user(nyUser));
        assertThat(points(daily)).containsExactly("2026-03-07=1", "2026-03-08=6", "2026-03-09=8");
        var body = daily.json();
        assertThat(body.get("metric").asString()).isEqualTo("activity-count");
        assertThat(body.get("label").asString()).isEqualTo("Total Activity");
        assertThat(body.get("granularity").asString()).isEqualTo("daily");
        assertThat(body.get("timezone").asString()).isEqualTo("America/New_York");
        assertThat(body.get("period").get("start").asString()).isEqualTo("2026-03-07");
        assertThat(body.get("period").get("end").asString()).isEqualTo("2026-03-09");

        // Weeks start on Monday: 03-04 (Wed) … 03-08 (Sun), then 03-09 … 03-15.
        var weekly =
                api.get(path + "&start_date=2026-03-04&end_date=2026-03-15&granularity=weekly", Tokens.user(nyUser));
        assertThat(points(weekly)).containsExactly("2026-03-04=7", "2026-03-09=8");

        // The same rows read in UTC days: 04:30Z and 05:00Z fall on 03-08, 03:59Z and 04:00Z on 03-09.
        var utc = api.get(path + "&start_date=2026-03-07&end_date=2026-03-09&timezone=UTC", Tokens.user(nyUser));
        assertThat(points(utc)).containsExactly("2026-03-07=0", "2026-03-08=3", "2026-03-09=12");
        assertThat(utc.json().get("timezone").asString()).isEqualTo("UTC");

        // A UTC company read in New York days comes out as the New York company does, DST included.
        UUID utcCompany = company("UTC");
        UUID utcUser = member(utcCompany);
        dstFixture(utcCompany, utcUser);
        var override = api.get(
                "/api/v2/companies/" + utcCompany + "/users/" + utcUser
                        + "/activity?metric=activity-count&start_date=2026-03-07&end_date=2026-03-09"
                        + "&timezone=America/New_York",
                Tokens.user(utcUser));
        assertThat(points(override)).containsExactly("2026-03-07=1", "2026-03-08=6", "2026-03-09=8");
        assertThat(override.json().get("timezone").asString()).isEqualTo("America/New_York");
    }

    @Test
    void halfAndQuarterHourOffsetsAndTheApps() {
        // Asia/Kolkata is +05:30 (day starts 18:30Z), Asia/Kathmandu +05:45 (day starts 18:15Z).
        UUID company = company("Asia/Kolkata");
        UUID user = member(company);
        UUID other = member(company);
        heartbeat(company, user, "pc", "2026-01-01T18:14:00Z", 1, 0, 2); // Kolkata 01-01, Kathmandu 01-01
        heartbeat(company, user, "pc", "2026-01-01T18:15:00Z", 0, 11, 0); // Kolkata 01-01, Kathmandu 01-02
        heartbeat(company, user, "pc", "2026-01-01T18:29:00Z", 5, 0, 0); // Kolkata 01-01, Kathmandu 01-02
        heartbeat(company, other, "pc", "2026-01-01T18:30:00Z", 0, 0, 7); // Kolkata 01-02, Kathmandu 01-02
        rebuild.rebuild(company);
        String base = "/api/v2/companies/" + company;
        String range = "&start_date=2026-01-01&end_date=2026-01-03";
        String token = Tokens.user(user);

        String userPath = base + "/users/" + user + "/activity?metric=";
        assertThat(points(api.get(userPath + "activity-count" + range, token)))
                .containsExactly("2026-01-01=19", "2026-01-02=0", "2026-01-03=0");
        var kathmandu = api.get(userPath + "activity-count" + range + "&timezone=Asia/Kathmandu", token);
        assertThat(points(kathmandu)).containsExactly("2026-01-01=3", "2026-01-02=16", "2026-01-03=0");
        assertThat(kathmandu.json().get("timezone").asString()).isEqualTo("Asia/Kathmandu");
        var chrome = api.get(userPath + "chrome-activity-count" + range, token);
        assertThat(points(chrome)).containsExactly("2026-01-01=6", "2026-01-02=0", "2026-01-03=0");
        assertThat(chrome.json().get("label").asString()).isEqualTo("Chrome Activity");
        assertThat(points(api.get(userPath + "chrome-activity-count" + range + "&timezone=Asia/Kathmandu", token)))
                .containsExactly("2026-01-01=1", "2026-01-02=5", "2026-01-03=0");

        // The device: both users' heartbeats.
        String devicePath = base + "/devices/pc/activity?metric=activity-count";
        assertThat(points(api.get(devicePath + range, token)))
                .containsExactly("2026-01-01=19", "2026-01-02=7", "2026-01-03=0");
        assertThat(points(api.get(devicePath + range + "&timezone=Asia/Kathmandu", token)))
                .containsExactly("2026-01-01=3", "2026-01-02=23", "2026-01-03=0");
        var desktopOnDevice = api.get(base + "/devices/pc/activity?metric=desktop-activity-count" + range, token);
        assertThat(points(desktopOnDevice)).containsExactly("2026-01-01=2", "2026-01-02=7", "2026-01-03=0");
        assertThat(desktopOnDevice.json().get("label").asString()).isEqualTo("Desktop Activity");
        // A device seen on other days gets zeros; one never seen is not found.
        assertThat(points(api.get(devicePath + "&start_date=2026-02-01&end_date=2026-02-02", token)))
                .containsExactly("2026-02-01=0", "2026-02-02=0");
        var unseen = api.get(base + "/devices/nope/activity?metric=activity-count" + range, token);
        assertThat(unseen.status()).isEqualTo(404);
        assertThat(unseen.json().get("code").asString()).isEqualTo("device_not_found");
        var unseenOverride =
                api.get(base + "/devices/nope/activity?metric=activity-count" + range + "&timezone=UTC", token);
        assertThat(unseenOverride.status()).isEqualTo(404);

        // Apps count their own source for the whole company.
        assertThat(points(api.get(base + "/apps/chrome/activity?metric=activity-count" + range, token)))
                .containsExactly("2026-01-01=6", "2026-01-02=0", "2026-01-03=0");
        var edge = api.get(base + "/apps/edge/activity?metric=edge-activity-count" + range, token);
        assertThat(points(edge)).containsExactly("2026-01-01=11", "2026-01-02=0", "2026-01-03=0");
        assertThat(edge.json().get("label").asString()).isEqualTo("Edge Activity");
        assertThat(points(api.get(
                        base + "/apps/edge/activity?metric=edge-activity-count" + range + "&timezone=Asia/Kathmandu",
                        token)))
                .containsExactly("2026-01-01=0", "2026-01-02=11", "2026-01-03=0");
        assertThat(points(api.get(base + "/apps/desktop/activity?metric=activity-count" + range, token)))
                .containsExactly("2026-01-01=2", "2026-01-02=7", "2026-01-03=0");
        assertThat(points(api.get(base + "/apps/web-accessibility/activity?metric=activity-count" + range, token)))
                .containsExactly("2026-01-01=0", "2026-01-02=0", "2026-01-03=0");
        assertThat(field(api.get(base + "/apps/chrome/activity?metric=edge-activity-count" + range, token)))
                .isEqualTo("metric");
    }

    @Test
    void weeklyMonthlyAndQuarterlyBucketsStartingMidPeriod() {
        UUID company = company("UTC");
        UUID user = member(company);
        heartbeat(company, user, "d", "2026-02-10T12:00:00Z", 0, 0, 1); // before the range
        heartbeat(company, user, "d", "2026-02-18T12:00:00Z", 0, 0, 2); // Wednesday, first day
        heartbeat(company, user, "d", "2026-02-23T12:00:00Z", 0, 0, 4); // Monday
        heartbeat(company, user, "d", "2026-03-31T12:00:00Z", 0, 0, 8); // Tuesday, end of Q1
        heartbeat(company, user, "d", "2026-04-01T12:00:00Z", 0, 0, 16); // Wednesday, start of Q2
        heartbeat(company, user, "d", "2026-05-20T12:00:00Z", 0, 0, 32); // after the range
        rebuild.rebuild(company);
        String path = "/api/v2/companies/" + company + "/users/" + user
                + "/activity?metric=activity-count&start_date=2026-02-18&end_date=2026-05-19&granularity=";
        String token = Tokens.user(user);

        assertThat(points(api.get(path + "weekly", token)))
                .containsExactly(
                        "2026-02-18=2",
                        "2026-02-23=4",
                        "2026-03-02=0",
                        "2026-03-09=0",
                        "2026-03-16=0",
                        "2026-03-23=0",
                        "2026-03-30=24",
                        "2026-04-06=0",
                        "2026-04-13=0",
                        "2026-04-20=0",
                        "2026-04-27=0",
                        "2026-05-04=0",
                        "2026-05-11=0",
                        "2026-05-18=0");
        assertThat(points(api.get(path + "monthly", token)))
                .containsExactly("2026-02-18=6", "2026-03-01=8", "2026-04-01=16", "2026-05-01=0");
        var quarterly = api.get(path + "quarterly", token);
        assertThat(points(quarterly)).containsExactly("2026-02-18=14", "2026-04-01=16");
        assertThat(quarterly.json().get("granularity").asString()).isEqualTo("quarterly");
        // The same through the 15-minute rollups (another zone with the same days: UTC+0 in winter).
        assertThat(points(api.get(path + "quarterly&timezone=Africa/Abidjan", token)))
                .containsExactly("2026-02-18=14", "2026-04-01=16");
    }

    @Test
    void membersAndDevicesMustBelongToTheCompany() {
        UUID company = company("UTC");
        UUID user = member(company);
        UUID gone = member(company);
        heartbeat(company, gone, "d", "2026-01-01T12:00:00Z", 0, 0, 1);
        rebuild.rebuild(company);
        assertThat(api.delete("/api/v2/companies/" + company + "/members/" + gone, Tokens.provision())
                        .status())
                .isEqualTo(204);
        UUID otherCompany = company("UTC");
        UUID stranger = member(otherCompany);
        String query = "/activity?metric=activity-count&start_date=2026-01-01&end_date=2026-01-02";
        String base = "/api/v2/companies/" + company;

        for (UUID missing : List.of(gone, stranger, UUID.randomUUID())) {
            for (String zone : List.of("", "&timezone=Europe/Paris")) {
                var response = api.get(base + "/users/" + missing + query + zone, Tokens.user(user));
                assertThat(response.status()).as(response.toString()).isEqualTo(404);
                assertThat(response.json().get("code").asString()).isEqualTo("user_not_found");
            }
        }
        // A member without activity gets zeros.
        assertThat(points(api.get(base + "/users/" + user + query, Tokens.user(user))))
                .containsExactly("2026-01-01=0", "2026-01-02=0");
        // A member of another company learns nothing about this one.
        for (String path : List.of("/users/" + user + query, "/devices/d" + query, "/apps/chrome" + query)) {
            var foreign = api.get(base + path, Tokens.user(stranger));
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        }
    }

    @Test
    void everyParameterIsValidated() {
        UUID company = company("UTC");
        UUID user = member(company);
        String token = Tokens.user(user);
        String path = "/api/v2/companies/" + company + "/users/" + user + "/activity?";
        String ok = "metric=activity-count&start_date=2026-01-01&end_date=2026-01-02";

        assertThat(field(api.get(path + "metric=activity-count&end_date=2026-01-02", token)))
                .isEqualTo("start_date");
        assertThat(field(api.get(path + "metric=activity-count&start_date=2026-01-32&end_date=2026-02-02", token)))
                .isEqualTo("start_date");
        assertThat(field(api.get(path + "metric=activity-count&start_date=2026-01-01", token)))
                .isEqualTo("end_date");
        assertThat(field(api.get(path + "metric=activity-count&start_date=2026-01-01&end_date=02/01/2026", token)))
                .isEqualTo("end_date");
        assertThat(field(api.get(path + "metric=activity-count&start_date=2026-01-02&end_date=2026-01-01", token)))
                .isEqualTo("end_date");
        assertThat(field(api.get(path + "start_date=2026-01-01&end_date=2026-01-02", token)))
                .isEqualTo("metric");
        assertThat(field(api.get(path + ok.replace("activity-count", "clicks"), token)))
                .isEqualTo("metric");
        assertThat(field(api.get(path + ok + "&granularity=hourly", token))).isEqualTo("granularity");
        assertThat(field(api.get(path + ok + "&timezone=Mars/Olympus", token))).isEqualTo("timezone");
        assertThat(field(api.get(path + ok + "&timezone=%2B05:30", token))).isEqualTo("timezone");
        assertThat(field(api.get("/api/v2/companies/" + company + "/users/not-a-uuid/activity?" + ok, token)))
                .isEqualTo("user_id");
        assertThat(field(api.get("/api/v2/companies/" + company + "/apps/safari/activity?" + ok, token)))
                .isEqualTo("app");

        // 90 days daily (2026-01-01 … 2026-03-31) is fine, 91 is not.
        assertThat(api.get(path + "metric=activity-count&start_date=2026-01-01&end_date=2026-03-31", token)
                        .status())
                .isEqualTo(200);
        var tooLong = api.get(path + "metric=activity-count&start_date=2026-01-01&end_date=2026-04-01", token);
        assertThat(field(tooLong)).isEqualTo("end_date");
        assertThat(tooLong.json().get("errors").get("end_date").get(0).asString())
                .isEqualTo("Date range cannot exceed 90 days");
        // 731 days otherwise (2025-01-01 … 2026-12-31 is 730 days; … 2027-01-02 is 732).
        assertThat(api.get(
                                path
                                        + "metric=activity-count&granularity=monthly&start_date=2025-01-01&end_date=2026-12-31",
                                token)
                        .status())
                .isEqualTo(200);
        var tooLongMonthly = api.get(
                path + "metric=activity-count&granularity=weekly&start_date=2025-01-01&end_date=2027-01-02", token);
        assertThat(field(tooLongMonthly)).isEqualTo("end_date");
        assertThat(tooLongMonthly.json().get("errors").get("end_date").get(0).asString())
                .isEqualTo("Date range cannot exceed 731 days");
    }
}
