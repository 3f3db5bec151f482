package io.activity.analytics.activeusers;

import static io.activity.analytics.support.ReadsFixtures.series;
import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.ReadsFixtures;
import io.activity.analytics.support.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** active-users with compare=previous: the equally long range just before, aligned by position. */
class ActiveUsersCompareTest extends IntegrationTest {

    @Autowired
    RollupRebuild rollups;

    ReadsFixtures rows;

    @BeforeEach
    void fixtures() {
        rows = new ReadsFixtures(jdbc);
    }

    private static List<String> keys(JsonNode body) {
        List<String> keys = new ArrayList<>();
        body.properties().forEach(e -> keys.add(e.getKey()));
        return keys;
    }

    /**
     * America/New_York. 2026-03-08 is the 23-hour DST day (EST −5 until 07:00Z, EDT −4 after), so
     * the previous week 03-02 … 03-08 of the range 03-09 … 03-15 holds it.
     *
     * <pre>
     * member  event (UTC)                         New York day   UTC day
     * ada     heartbeat 03-08 04:30               03-07 (23:30)  03-08
     * ada     heartbeat 03-09 03:30               03-08 (23:30)  03-09
     * bob     page view 03-09 04:30               03-09 (00:30)  03-09
     * cid     heartbeat 03-02 05:00               03-02 (00:00)  03-02
     * dee     heartbeat 03-02 04:59:59            03-01 (23:59)  03-02
     * eve     heartbeats 03-05 12:00, 03-15 12:00 03-05, 03-15   03-05, 03-15
     * gil     heartbeat 02-01 04:59:59            01-31          02-01
     * gil     heartbeat 02-20 12:00               02-20          02-20
     * hat     heartbeat 02-15 12:00               02-15          02-15
     * </pre>
     */
    private UUID newYork() {
        UUID company = company("America/New_York");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID cid = member(company);
        UUID dee = member(company);
        UUID eve = member(company);
        UUID gil = member(company);
        UUID hat = member(company);
        rows.heartbeat(company, ada, "2026-03-08T04:30:00Z", 2);
        rows.heartbeat(company, ada, "2026-03-09T03:30:00Z", 1);
        rows.pageView(company, bob, "2026-03-09T04:30:00Z", "/home", null);
        rows.heartbeat(company, cid, "2026-03-02T05:00:00Z", 1);
        rows.heartbeat(company, dee, "2026-03-02T04:59:59Z", 1);
        rows.heartbeat(company, eve, "2026-03-05T12:00:00Z", 1);
        rows.heartbeat(company, eve, "2026-03-15T12:00:00Z", 1);
        rows.heartbeat(company, gil, "2026-02-01T04:59:59Z", 1);
        rows.heartbeat(company, gil, "2026-02-20T12:00:00Z", 1);
        rows.heartbeat(company, hat, "2026-02-15T12:00:00Z", 1);
        rollups.rebuild(company);
        return company;
    }

    @Test
    void dailyPreviousIsTheWeekBeforeOverTheDstDayInTheZoneAndInAnOverride() {
        UUID company = newYork();
        String token = Tokens.user(member(company));
        String base = "/active-users?type=daily&date_from=2026-03-09&date_to=2026-03-15&compare=previous";

        var newYork = getOk(company, base, token);
        assertThat(keys(newYork)).containsExactly("type", "timezone", "data", "previous");
        assertThat(series(newYork.get("data"), "active_users"))
                .containsExactly(
                        "2026-03-09=1",
                        "2026-03-10=0",
                        "2026-03-11=0",
                        "2026-03-12=0",
                        "2026-03-13=0",
                        "2026-03-14=0",
                        "2026-03-15=1");
        // cid at the first instant of 03-02; ada on 03-07 and again on 03-08 (23:30 EDT); dee is 03-01.
        assertThat(series(newYork.get("previous"), "active_users"))
                .containsExactly(
                        "2026-03-02=1",
                        "2026-03-03=0",
                        "2026-03-04=0",
                        "2026-03-05=1",
                        "2026-03-06=0",
                        "2026-03-07=1",
                        "2026-03-08=1");

        var utc = getOk(company, base + "&timezone=UTC", token);
        assertThat(series(utc.get("data"), "active_users"))
                .containsExactly(
                        "2026-03-09=2",
                        "2026-03-10=0",
                        "2026-03-11=0",
                        "2026-03-12=0",
                        "2026-03-13=0",
                        "2026-03-14=0",
                        "2026-03-15=1");
        assertThat(series(utc.get("previous"), "active_users"))
                .containsExactly(
                        "2026-03-02=2",
                        "2026-03-03=0",
                        "2026-03-04=0",
                        "2026-03-05=1",
                        "2026-03-06=0",
                        "2026-03-07=0",
                        "2026-03-08=1");

        // Without compare the body is exactly the old one: no "previous" key at all.
        var plain = getOk(company, "/active-users?type=daily&date_from=2026-03-09&date_to=2026-03-15", token);
        assertThat(keys(plain)).containsExactly("type", "timezone", "data");
        assertThat(plain.get("data")).isEqualTo(newYork.get("data"));
    }

    @Test
    void monthlyPreviousIsTheSameNumberOfMonthsBefore() {
        UUID company = newYork();
        String token = Tokens.user(member(company));

        // March: ada, bob, cid, dee (03-01 local), eve; January: gil (01-31 23:59:59 EST);
        // February: gil, hat.
        var two =
                getOk(company, "/active-users?type=monthly&date_from=2026-03&date_to=2026-04&compare=previous", token);
        assertThat(series(two.get("data"), "active_users")).containsExactly("2026-03=5", "2026-04=0");
        assertThat(series(two.get("previous"), "active_users")).containsExactly("2026-01=1", "2026-02=2");

        // UTC: gil's first heartbeat is on February 1st, and counts once in February.
        var utc = getOk(
                company,
                "/active-users?type=monthly&date_from=2026-03&date_to=2026-04&compare=previous&timezone=UTC",
                token);
        assertThat(series(utc.get("previous"), "active_users")).containsExactly("2026-01=0", "2026-02=2");

        var one =
                getOk(company, "/active-users?type=monthly&date_from=2026-03&date_to=2026-03&compare=previous", token);
        assertThat(series(one.get("previous"), "active_users")).containsExactly("2026-02=2");

        var plain = getOk(company, "/active-users?type=monthly&date_from=2026-03&date_to=2026-04", token);
        assertThat(keys(plain)).containsExactly("type", "timezone", "data");
    }

    /**
     * Asia/Kolkata (+05:30): local midnight is 18:30Z the day before. Range 06-10 … 06-12, so the
     * previous range is 06-07 … 06-09.
     *
     * <pre>
     * member  event (UTC)               Kolkata day          UTC day
     * ann     heartbeat 06-09 18:29:59  06-09 (23:59:59)     06-09
     * ann     heartbeat 06-12 10:00     06-12                06-12
     * ben     heartbeat 06-09 18:30     06-10 (00:00)        06-09
     * cal     page view 06-06 18:30     06-07 (00:00)        06-06
     * dan     heartbeat 06-06 18:29:59  06-06 (23:59:59)     06-06
     * </pre>
     */
    @Test
    void previousDaysAreCutAtKolkataMidnight() {
        UUID company = company("Asia/Kolkata");
        UUID ann = member(company);
        UUID ben = member(company);
        UUID cal = member(company);
        UUID dan = member(company);
        rows.heartbeat(company, ann, "2026-06-09T18:29:59Z", 1);
        rows.heartbeat(company, ann, "2026-06-12T10:00:00Z", 1);
        rows.heartbeat(company, ben, "2026-06-09T18:30:00Z", 1);
        rows.pageView(company, cal, "2026-06-06T18:30:00Z", "/home", null);
        rows.heartbeat(company, dan, "2026-06-06T18:29:59Z", 1);
        rollups.rebuild(company);
        String token = Tokens.read(company);
        String base = "/active-users?type=daily&date_from=2026-06-10&date_to=2026-06-12&compare=previous";

        var kolkata = getOk(company, base, token);
        assertThat(series(kolkata.get("data"), "active_users"))
                .containsExactly("2026-06-10=1", "2026-06-11=0", "2026-06-12=1");
        assertThat(series(kolkata.get("previous"), "active_users"))
                .containsExactly("2026-06-07=1", "2026-06-08=0", "2026-06-09=1");

        // The same rows cut in UTC (quarter hours, not the company's day rollup).
        var utc = getOk(company, base + "&timezone=UTC", token);
        assertThat(series(utc.get("data"), "active_users"))
                .containsExactly("2026-06-10=0", "2026-06-11=0", "2026-06-12=1");
        assertThat(series(utc.get("previous"), "active_users"))
                .containsExactly("2026-06-07=0", "2026-06-08=0", "2026-06-09=2");
    }

    /** The earliest dates accepted still compare: the range before year 1 is empty, never an error. */
    @Test
    void theRangeBeforeTheFirstAcceptedDayIsZeros() {
        UUID company = company("UTC");
        String token = Tokens.user(member(company));
        var daily = getOk(
                company, "/active-users?type=daily&date_from=0001-01-01&date_to=0001-01-02&compare=previous", token);
        assertThat(series(daily.get("previous"), "active_users")).containsExactly("0000-12-30=0", "0000-12-31=0");
        var monthly =
                getOk(company, "/active-users?type=monthly&date_from=0001-01&date_to=0001-01&compare=previous", token);
        assertThat(series(monthly.get("previous"), "active_users")).containsExactly("0000-12=0");
        var trends =
                getOk(company, "/insights/trends?start_date=0001-01-01&end_date=0001-01-02&compare=previous", token);
        assertThat(series(trends.get("previous"), "active_users")).containsExactly("0000-12-30=0", "0000-12-31=0");
    }

    @Test
    void anyOtherCompareIsRefusedNamingCompare() {
        UUID company = company("UTC");
        String token = Tokens.user(member(company));
        for (String query : List.of(
                "type=daily&date_from=2026-03-01&date_to=2026-03-02&compare=next",
                "type=daily&date_from=2026-03-01&date_to=2026-03-02&compare=PREVIOUS",
                "type=monthly&date_from=2026-03&compare=year",
                "type=monthly&date_from=2026-03&compare=previous,previous")) {
            var response = api.get("/api/v2/companies/" + company + "/active-users?" + query, token);
            assertThat(response.status()).as(query + " " + response).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").properties())
                    .as(query + " " + response.body())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("compare");
        }
    }
}
