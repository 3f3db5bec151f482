package io.activity.analytics.cohorts;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.ReadsFixtures;
import io.activity.analytics.support.Tokens;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The lifecycle and the retention cohorts over hand-worked fixtures. Expected figures are worked
 * out in the comments from the raw events alone. Weeks start on Monday: 2025-12-15, 12-22, 12-29,
 * 2026-01-05, 01-12, 01-19, …; 2026-02-23, 03-02, 03-09, 03-16.
 */
class CohortsTest extends IntegrationTest {

    @Autowired
    RollupRebuild rollups;

    ReadsFixtures rows;

    @BeforeEach
    void fixtures() {
        rows = new ReadsFixtures(jdbc);
    }

    /** Lifecycle points as "date new/returning/resurrecting/dormant". */
    private static List<String> lifecycle(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("data")
                .forEach(p ->
                        out.add(p.get("date").asString() + " " + p.get("new").asLong() + "/"
                                + p.get("returning").asLong() + "/"
                                + p.get("resurrecting").asLong() + "/"
                                + p.get("dormant").asLong()));
        return out;
    }

    /** Cohorts as "cohort size [retained…]". */
    private static List<String> cohorts(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("cohorts").forEach(c -> {
            List<Long> retained = new ArrayList<>();
            c.get("retained").forEach(n -> retained.add(n.asLong()));
            out.add(c.get("cohort").asString() + " " + c.get("size").asLong() + " " + retained);
        });
        return out;
    }

    record Utc(UUID company, UUID ada, UUID bob, UUID cid, UUID dee, UUID eve, UUID fay, UUID gus, UUID hal) {}

    /**
     * A UTC company; every event at 12:00Z unless noted (hb = heartbeat, pv = page view).
     *
     * <pre>
     * member  active days (week of)                                   joined (created_at)
     * ada     hb 2025-12-30 (12-29), hb 01-06 (01-05), hb 01-13 and    2025-12-01 10:00Z
     *         pv 01-14 (01-12)
     * bob     hb 2026-01-07 (01-05)                                   2025-12-31 23:30Z (Kolkata: 01-01 05:00)
     * cid     hb 2025-12-15 (12-15), hb 2026-01-14 (01-12)            2025-11-20
     * dee     hb 2026-01-20 (01-19)                                   2026-01-19
     * eve     hb 2025-12-31 (12-29), hb 2026-02-02 (02-02)            2025-12-20
     * fay     pv 2026-01-12 (01-12)                                   2026-01-10 (a Saturday: week 01-05)
     * gus     hb with total 0 on 2026-01-06: never active             2026-01-05
     * hal     hb 2026-02-03 (02-02)                                   2026-02-02 00:10Z
     * </pre>
     */
    private Utc utcFixture() {
        UUID company = company("UTC");
        Utc f = new Utc(
                company,
                member(company),
                member(company),
                member(company),
                member(company),
                member(company),
                member(company),
                member(company),
                member(company));
        rows.heartbeat(company, f.ada(), "2025-12-30T12:00:00Z", 2);
        rows.heartbeat(company, f.ada(), "2026-01-06T12:00:00Z", 1);
        rows.heartbeat(company, f.ada(), "2026-01-13T12:00:00Z", 5);
        rows.pageView(company, f.ada(), "2026-01-14T12:00:00Z", "/a", null);
        rows.heartbeat(company, f.bob(), "2026-01-07T12:00:00Z", 3);
        rows.heartbeat(company, f.cid(), "2025-12-15T12:00:00Z", 1);
        rows.heartbeat(company, f.cid(), "2026-01-14T12:00:00Z", 1);
        rows.heartbeat(company, f.dee(), "2026-01-20T12:00:00Z", 4);
        rows.heartbeat(company, f.eve(), "2025-12-31T12:00:00Z", 1);
        rows.heartbeat(company, f.eve(), "2026-02-02T12:00:00Z", 1);
        rows.pageView(company, f.fay(), "2026-01-12T12:00:00Z", "/b", 1000L);
        rows.heartbeat(company, f.gus(), "2026-01-06T12:00:00Z", 0);
        rows.heartbeat(company, f.hal(), "2026-02-03T12:00:00Z", 2);
        joined(company, f.ada(), "2025-12-01T10:00:00Z");
        joined(company, f.bob(), "2025-12-31T23:30:00Z");
        joined(company, f.cid(), "2025-11-20T12:00:00Z");
        joined(company, f.dee(), "2026-01-19T12:00:00Z");
        joined(company, f.eve(), "2025-12-20T12:00:00Z");
        joined(company, f.fay(), "2026-01-10T12:00:00Z");
        joined(company, f.gus(), "2026-01-05T12:00:00Z");
        joined(company, f.hal(), "2026-02-02T00:10:00Z");
        rollups.rebuild(company);
        return f;
    }

    private void joined(UUID company, UUID user, String at) {
        jdbc.sql(
                        "update company_members set created_at = :at::timestamptz where company_id = :company and user_id = :user")
                .param("at", at)
                .param("company", company)
                .param("user", user)
                .update();
    }

    /**
     * Weeks shown: 01-05, 01-12, 01-19 (date_from 01-07 is a Wednesday: its whole week is shown),
     * each against the week before.
     *
     * <pre>
     * week   active          new        returning  resurrecting        dormant
     * 12-29  ada, eve        (the period before the first shown)
     * 01-05  ada, bob        bob        ada        -                   eve
     * 01-12  ada, cid, fay   fay        ada        cid (12-15 before)  bob
     * 01-19  dee             dee        -          -                   ada, cid, fay
     * </pre>
     */
    @Test
    void weeklyLifecycleSortsEveryActiveMemberIntoOneClass() {
        Utc f = utcFixture();
        var body = getOk(
                f.company(),
                "/active-users/lifecycle?date_from=2026-01-07&date_to=2026-01-21&period=week",
                Tokens.user(f.gus()));
        assertThat(body.get("period").asString()).isEqualTo("week");
        assertThat(body.get("timezone").asString()).isEqualTo("UTC");
        assertThat(lifecycle(body)).containsExactly("2026-01-05 1/1/0/1", "2026-01-12 1/1/1/1", "2026-01-19 1/0/0/3");

        // week is the default
        var byDefault =
                getOk(f.company(), "/active-users/lifecycle?date_from=2026-01-07&date_to=2026-01-21", Tokens.read());
        assertThat(byDefault.get("period").asString()).isEqualTo("week");
        assertThat(lifecycle(byDefault)).isEqualTo(lifecycle(body));
    }

    /**
     * <pre>
     * day    active     new   returning  resurrecting                dormant
     * 01-11  nobody
     * 01-12  fay        fay   -          -                           -
     * 01-13  ada        -     -          ada (not 01-12, 12-30 yes)  fay
     * 01-14  ada, cid   -     ada        cid (first 12-15)           -
     * </pre>
     */
    @Test
    void dailyLifecycle() {
        Utc f = utcFixture();
        var body = getOk(
                f.company(),
                "/active-users/lifecycle?date_from=2026-01-12&date_to=2026-01-14&period=day",
                Tokens.user(f.ada()));
        assertThat(body.get("period").asString()).isEqualTo("day");
        assertThat(lifecycle(body)).containsExactly("2026-01-12 1/0/0/0", "2026-01-13 0/0/1/1", "2026-01-14 0/1/1/0");
    }

    /**
     * <pre>
     * month    active                         new             returning  resurrecting  dormant
     * 2025-12  ada, cid, eve                  (the period before the first shown)
     * 2026-01  ada, bob, cid, dee, fay        bob, dee, fay   ada, cid   -             eve
     * 2026-02  eve, hal                       hal             -          eve           ada, bob, cid, dee, fay
     * </pre>
     * new + returning + resurrecting is the monthly active-users count (5, 2), and the same
     * members still count after eve is deleted (activity of members later deleted still counts).
     */
    @Test
    void monthlyLifecycleMatchesMonthlyActiveUsersAndKeepsDeletedMembers() {
        Utc f = utcFixture();
        String token = Tokens.user(f.ada());
        String url = "/active-users/lifecycle?date_from=2026-01-15&date_to=2026-02-10&period=month";
        assertThat(lifecycle(getOk(f.company(), url, token)))
                .containsExactly("2026-01-01 3/2/0/1", "2026-02-01 1/0/1/5");
        var monthly = getOk(f.company(), "/active-users?type=monthly&date_from=2026-01&date_to=2026-02", token);
        assertThat(monthly.get("data").get(0).get("active_users").asLong()).isEqualTo(5);
        assertThat(monthly.get("data").get(1).get("active_users").asLong()).isEqualTo(2);

        var deleted = api.delete("/api/v2/companies/" + f.company() + "/members/" + f.eve(), Tokens.provision());
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(lifecycle(getOk(f.company(), url, token)))
                .containsExactly("2026-01-01 3/2/0/1", "2026-02-01 1/0/1/5");
        assertThat(cohorts(getOk(
                        f.company(),
                        "/cohorts/retention?date_from=2025-12-01&date_to=2026-02-15&period=month&cohort_by=joined",
                        token)))
                .containsExactly("2025-12-01 3 [2, 2, 1]", "2026-01-01 3 [2, 0]", "2026-02-01 1 [1]");
    }

    /**
     * First active days: ada 12-30, eve 12-31 (week 12-29), bob 01-07 (01-05), fay 01-12 (01-12),
     * dee 01-20 (01-19); cid's (12-15) lies before the range and hal's (02-03) after it; gus none.
     *
     * <pre>
     * cohort  members   12-29  01-05  01-12  01-19
     * 12-29   ada, eve  2      1      1      0       (eve's 02-02 lies after the last period)
     * 01-05   bob              1      0      0
     * 01-12   fay                     1      0
     * 01-19   dee                            1
     * </pre>
     */
    @Test
    void weeklyCohortsByFirstActiveDay() {
        Utc f = utcFixture();
        String token = Tokens.user(f.bob());
        var body = getOk(f.company(), "/cohorts/retention?date_from=2025-12-29&date_to=2026-01-21", token);
        assertThat(body.get("period").asString()).isEqualTo("week");
        assertThat(body.get("cohort_by").asString()).isEqualTo("first_active");
        assertThat(body.get("timezone").asString()).isEqualTo("UTC");
        assertThat(cohorts(body))
                .containsExactly(
                        "2025-12-29 2 [2, 1, 1, 0]",
                        "2026-01-05 1 [1, 0, 0]",
                        "2026-01-12 1 [1, 0]",
                        "2026-01-19 1 [1]");

        // date_to on the Monday: its whole week is still followed (dee is active on the Tuesday).
        assertThat(cohorts(getOk(
                        f.company(),
                        "/cohorts/retention?date_from=2025-12-29&date_to=2026-01-19&period=week&cohort_by=first_active",
                        token)))
                .isEqualTo(cohorts(body));

        // date_from on a Tuesday: the week of 12-29 does not start in the range, so ada and eve are
        // in no cohort. (The requests above read the company's days from its first, 12-15, in one
        // pass; this one, 21 days of history before 20 days of range, probes each member's first
        // day: CohortsQuery.onePass.)
        assertThat(cohorts(getOk(f.company(), "/cohorts/retention?date_from=2025-12-30&date_to=2026-01-21", token)))
                .containsExactly("2026-01-05 1 [1, 0, 0]", "2026-01-12 1 [1, 0]", "2026-01-19 1 [1]");

        // No period starts in a range from Tuesday to Saturday of one week.
        assertThat(getOk(f.company(), "/cohorts/retention?date_from=2026-01-13&date_to=2026-01-17", token)
                        .get("cohorts"))
                .isEmpty();
    }

    @Test
    void onePassWhenTheDaysBeforeTheRangeAreNoMoreThanTheRange() {
        LocalDate origin = LocalDate.parse("2026-01-05");
        LocalDate to = LocalDate.parse("2026-01-25"); // 20 days after origin
        assertThat(CohortsQuery.onePass(null, origin, to)).isTrue();
        assertThat(CohortsQuery.onePass(LocalDate.parse("2026-01-10"), origin, to))
                .isTrue();
        assertThat(CohortsQuery.onePass(LocalDate.parse("2025-12-16"), origin, to))
                .isTrue(); // 20 days
        assertThat(CohortsQuery.onePass(LocalDate.parse("2025-12-15"), origin, to))
                .isFalse(); // 21 days
    }

    /**
     * <pre>
     * cohort   first active in it   2025-12  2026-01  2026-02
     * 2025-12  ada, cid, eve        3        2 (ada, cid)  1 (eve)
     * 2026-01  bob, dee, fay                 3        0
     * 2026-02  hal                                    1
     * </pre>
     */
    @Test
    void monthlyCohortsByFirstActiveDay() {
        Utc f = utcFixture();
        var body = getOk(
                f.company(),
                "/cohorts/retention?date_from=2025-12-01&date_to=2026-02-15&period=month",
                Tokens.read(f.company()));
        assertThat(body.get("period").asString()).isEqualTo("month");
        assertThat(cohorts(body)).containsExactly("2025-12-01 3 [3, 2, 1]", "2026-01-01 3 [3, 0]", "2026-02-01 1 [1]");
    }

    /**
     * Joined (created_at in the zone). UTC:
     *
     * <pre>
     * cohort   joined           2025-12        2026-01        2026-02
     * 2025-12  ada, bob, eve    2 (ada, eve)   2 (ada, bob)   1 (eve)
     * 2026-01  dee, fay, gus                   2 (dee, fay)   0
     * 2026-02  hal                                            1
     * </pre>
     *
     * Asia/Kolkata (+05:30): bob joined at 2026-01-01 05:00 there, so he moves to January's cohort
     * (activity at 12:00Z or 00:10Z stays on the same dates there): December {ada, eve} [2, 1, 1],
     * January {bob, dee, fay, gus} [3, 0], February {hal} [1].
     *
     * <p>Weekly (UTC): 12-29 {bob} [0, 1, 0, 0]; 01-05 {fay (Saturday 01-10), gus} [0, 1, 0];
     * 01-12 nobody [0, 0]; 01-19 {dee} [1]. For joined cohorts retained[0] need not be the size.
     */
    @Test
    void cohortsByJoiningInTheCompanyZoneAndInKolkata() {
        Utc f = utcFixture();
        String token = Tokens.user(f.ada());
        String monthly = "/cohorts/retention?date_from=2025-12-01&date_to=2026-02-15&period=month&cohort_by=joined";
        var utc = getOk(f.company(), monthly, token);
        assertThat(utc.get("cohort_by").asString()).isEqualTo("joined");
        assertThat(cohorts(utc)).containsExactly("2025-12-01 3 [2, 2, 1]", "2026-01-01 3 [2, 0]", "2026-02-01 1 [1]");

        var kolkata = getOk(f.company(), monthly + "&timezone=Asia/Kolkata", token);
        assertThat(kolkata.get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(cohorts(kolkata))
                .containsExactly("2025-12-01 2 [2, 1, 1]", "2026-01-01 4 [3, 0]", "2026-02-01 1 [1]");

        var weekly = getOk(
                f.company(), "/cohorts/retention?date_from=2025-12-29&date_to=2026-01-21&cohort_by=joined", token);
        assertThat(cohorts(weekly))
                .containsExactly(
                        "2025-12-29 1 [0, 1, 0, 0]",
                        "2026-01-05 2 [0, 1, 0]",
                        "2026-01-12 0 [0, 0]",
                        "2026-01-19 1 [1]");
    }

    /**
     * America/New_York; DST starts on Sunday 2026-03-08 (EST −5 before, EDT −4 after).
     *
     * <pre>
     * member  event (UTC)        New York              UTC                Kolkata (+05:30)
     * cat     pv 03-02 04:30     Sun 03-01 23:30 (02-23)  Mon 03-02 (03-02)  Mon 03-02 10:00 (03-02)
     * cat     hb 03-10 12:00     Tue 03-10 (03-09)        (03-09)            (03-09)
     * dan     hb 03-03 12:00     Tue 03-03 (03-02)        (03-02)            (03-02)
     * dan     hb 03-08 18:45     Sun 03-08 14:45 (03-02)  Sun 03-08 (03-02)  Mon 03-09 00:15 (03-09)
     * ann     hb 03-09 03:30     Sun 03-08 23:30 (03-02)  Mon 03-09 (03-09)  Mon 03-09 09:00 (03-09)
     * ann     hb 03-16 03:30     Sun 03-15 23:30 (03-09)  Mon 03-16 (03-16)  Mon 03-16 (03-16)
     * ben     hb 03-09 04:15     Mon 03-09 00:15 (03-09)  Mon 03-09 (03-09)  Mon 03-09 (03-09)
     * </pre>
     */
    private UUID newYorkFixture() {
        UUID company = company("America/New_York");
        UUID cat = member(company);
        UUID dan = member(company);
        UUID ann = member(company);
        UUID ben = member(company);
        rows.pageView(company, cat, "2026-03-02T04:30:00Z", "/home", null);
        rows.heartbeat(company, cat, "2026-03-10T12:00:00Z", 1);
        rows.heartbeat(company, dan, "2026-03-03T12:00:00Z", 1);
        rows.heartbeat(company, dan, "2026-03-08T18:45:00Z", 1);
        rows.heartbeat(company, ann, "2026-03-09T03:30:00Z", 1);
        rows.heartbeat(company, ann, "2026-03-16T03:30:00Z", 1);
        rows.heartbeat(company, ben, "2026-03-09T04:15:00Z", 1);
        rollups.rebuild(company);
        return company;
    }

    /**
     * Weeks 03-02 and 03-09 (and 02-23 before them).
     *
     * <pre>
     * zone      02-23  03-02      03-09                 → 03-02            → 03-09
     * New York  cat    dan, ann   cat, ann, ben         new 2, dormant 1   new ben, returning ann, resurrecting cat, dormant dan
     * UTC       -      cat, dan   ann, ben, cat         new 2              new ann, ben, returning cat, dormant dan
     * Kolkata   -      cat, dan   ann, ben, cat, dan    new 2              new ann, ben, returning cat, dan
     * </pre>
     * Days in New York: 03-07 nobody; 03-08 (23 hours) dan (first 03-03: resurrecting) and ann (new);
     * 03-09 ben (new), ann and dan dormant.
     */
    @Test
    void lifecycleFollowsLocalDaysAcrossTheDstWeekAndInKolkata() {
        UUID company = newYorkFixture();
        String token = Tokens.user(member(company));
        String weeks = "/active-users/lifecycle?date_from=2026-03-02&date_to=2026-03-15&period=week";

        var newYork = getOk(company, weeks, token);
        assertThat(newYork.get("timezone").asString()).isEqualTo("America/New_York");
        assertThat(lifecycle(newYork)).containsExactly("2026-03-02 2/0/0/1", "2026-03-09 1/1/1/1");
        // The company's zone named explicitly: the same answer.
        assertThat(lifecycle(getOk(company, weeks + "&timezone=America/New_York", token)))
                .isEqualTo(lifecycle(newYork));

        var utc = getOk(company, weeks + "&timezone=UTC", token);
        assertThat(utc.get("timezone").asString()).isEqualTo("UTC");
        assertThat(lifecycle(utc)).containsExactly("2026-03-02 2/0/0/0", "2026-03-09 2/1/0/1");

        var kolkata = getOk(company, weeks + "&timezone=Asia/Kolkata", token);
        assertThat(kolkata.get("timezone").asString()).isEqualTo("Asia/Kolkata");
        assertThat(lifecycle(kolkata)).containsExactly("2026-03-02 2/0/0/0", "2026-03-09 2/2/0/0");

        var days = getOk(company, "/active-users/lifecycle?date_from=2026-03-08&date_to=2026-03-09&period=day", token);
        assertThat(lifecycle(days)).containsExactly("2026-03-08 1/0/1/0", "2026-03-09 1/0/0/2");
    }

    /**
     * First active weeks. New York: cat 02-23 (Sunday 03-01 23:30), dan and ann 03-02, ben 03-09;
     * UTC: cat and dan 03-02, ann and ben 03-09; Kolkata likewise, but dan is active on 03-09 too.
     *
     * <pre>
     * zone      02-23        03-02             03-09
     * New York  {cat} [1,0,1] {dan, ann} [2,1]  {ben} [1]
     * UTC       {} [0,0,0]    {cat, dan} [2,1]  {ann, ben} [2]
     * Kolkata   {} [0,0,0]    {cat, dan} [2,2]  {ann, ben} [2]
     * </pre>
     */
    @Test
    void weeklyCohortsAcrossTheDstWeekAndInKolkata() {
        UUID company = newYorkFixture();
        String token = Tokens.user(member(company));
        String url = "/cohorts/retention?date_from=2026-02-23&date_to=2026-03-15&period=week";
        assertThat(cohorts(getOk(company, url, token)))
                .containsExactly("2026-02-23 1 [1, 0, 1]", "2026-03-02 2 [2, 1]", "2026-03-09 1 [1]");
        assertThat(cohorts(getOk(company, url + "&timezone=UTC", token)))
                .containsExactly("2026-02-23 0 [0, 0, 0]", "2026-03-02 2 [2, 1]", "2026-03-09 2 [2]");
        assertThat(cohorts(getOk(company, url + "&timezone=Asia/Kolkata", token)))
                .containsExactly("2026-02-23 0 [0, 0, 0]", "2026-03-02 2 [2, 2]", "2026-03-09 2 [2]");
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        UUID company = company("UTC");
        String token = Tokens.user(member(company));
        String[][] cases = {
            {"/active-users/lifecycle?date_to=2026-01-31", "date_from"},
            {"/active-users/lifecycle?date_from=2026-01-01", "date_to"},
            {"/active-users/lifecycle?date_from=2026-01-31&date_to=2026-01-01", "date_to"},
            {"/active-users/lifecycle?date_from=2025-01-01&date_to=2026-01-02", "date_to"}, // 367 days
            {"/active-users/lifecycle?date_from=2026-01-01&date_to=2026-01-31&period=year", "period"},
            {"/active-users/lifecycle?date_from=2026-01-01&date_to=2026-01-31&period=WEEK", "period"},
            {"/active-users/lifecycle?date_from=2026-01-01&date_to=2026-01-31&timezone=%2B05:30", "timezone"},
            {"/active-users/lifecycle?date_from=2026-1-1&date_to=2026-01-31", "date_from"},
            {"/cohorts/retention?date_to=2026-01-31", "date_from"},
            {"/cohorts/retention?date_from=2026-01-01", "date_to"},
            {"/cohorts/retention?date_from=2026-01-31&date_to=2026-01-30", "date_to"},
            {"/cohorts/retention?date_from=2025-01-01&date_to=2026-01-02", "date_to"},
            {"/cohorts/retention?date_from=2026-01-01&date_to=2026-01-31&period=day", "period"},
            {"/cohorts/retention?date_from=2026-01-01&date_to=2026-01-31&cohort_by=signup", "cohort_by"},
            {"/cohorts/retention?date_from=2026-01-01&date_to=2026-01-31&timezone=Mars/Olympus", "timezone"},
        };
        for (String[] bad : cases) {
            var response = api.get("/api/v2/companies/" + company + bad[0], token);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").propertyNames())
                    .as(bad[0] + " " + response.body())
                    .containsExactly(bad[1]);
        }
        // Exactly 366 days is fine: 2025-01-02 … 2026-01-02 holds 53 Monday-based weeks.
        assertThat(getOk(company, "/active-users/lifecycle?date_from=2025-01-02&date_to=2026-01-02", token)
                        .get("data"))
                .hasSize(53);
        assertThat(getOk(company, "/cohorts/retention?date_from=2025-01-02&date_to=2026-01-02&period=month", token)
                        .get("cohorts"))
                .hasSize(12); // 2025-02-01 … 2026-01-01
    }

    @Test
    void onlyActiveMembersOfTheCompanyAndReadTokensMayRead() {
        Utc f = utcFixture();
        UUID pending = member(f.company(), "member", "pending");
        UUID outsider = member(company("UTC"), "owner", "active");
        for (String path : new String[] {
            "/active-users/lifecycle?date_from=2026-01-07&date_to=2026-01-21",
            "/cohorts/retention?date_from=2025-12-29&date_to=2026-01-21"
        }) {
            String url = "/api/v2/companies/" + f.company() + path;
            assertThat(api.get(url, Tokens.read()).status()).as(path).isEqualTo(200);
            assertThat(api.get(url, Tokens.read(f.company())).status()).as(path).isEqualTo(200);
            var otherCompanyRead = api.get(url, Tokens.read(UUID.randomUUID()));
            assertThat(otherCompanyRead.status()).as(path).isEqualTo(404);
            assertThat(otherCompanyRead.json().get("code").asString()).isEqualTo("company_not_found");
            var service = api.get(url, Tokens.provision());
            assertThat(service.status()).as(path).isEqualTo(403);
            assertThat(service.json().get("code").asString()).isEqualTo("permission_denied");
            var foreign = api.get(url, Tokens.user(outsider));
            assertThat(foreign.status()).as(path).isEqualTo(404);
            assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
            assertThat(foreign.body()).doesNotContain("2026-01-05");
            assertThat(api.get(url, Tokens.user(pending)).status()).as(path).isEqualTo(404);
            assertThat(api.get(url, null).status()).as(path).isEqualTo(401);
        }
    }
}
