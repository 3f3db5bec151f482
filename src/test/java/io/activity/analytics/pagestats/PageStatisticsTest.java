package io.activity.analytics.pagestats;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.ReadsFixtures;
import io.activity.analytics.support.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class PageStatisticsTest extends IntegrationTest {

    @Autowired
    RollupRebuild rollups;

    private static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    private static List<String> paths(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("page_statistics")
                .forEach(p -> out.add(p.get("path").asString() + " views="
                        + p.get("page_views").asLong()
                        + " users=" + p.get("unique_users").asLong()
                        + " avg=" + ReadsFixtures.text(p.get("avg_duration_ms"))));
        return out;
    }

    private JsonNode ok(UUID company, String query, String token) {
        return getOk(company, "/page-statistics?" + query, token);
    }

    /**
     * Asia/Kolkata (+05:30): local day D runs from D−1 18:30Z to D 18:30Z. Day numbers since
     * 1970-01-01: 06-02 = 20606 (block 321, bit 62), 06-03 = 20607 (bit 63, the sign bit), 06-04 =
     * 20608 (block 322, bit 0), so whole days span two blocks.
     *
     * <pre>
     * #  user  path       UTC                IST               duration
     * 1  ada   /home      06-01 04:00        06-01 09:30       1000   before the start
     * 2  ada   /home      06-01 05:00        06-01 10:30       -      head edge (raw)
     * 3  bob   /home      06-02 10:00        06-02 15:30       3000   whole day
     * 4  cid   /settings  06-03 06:00        06-03 11:30       200    whole day
     * 5  cid   /settings  06-03 07:00        06-03 12:30       301    whole day (same user twice)
     * 6  bob   /reports   06-03 20:00        06-04 01:30       500    whole day
     * 7  bob   /home      06-05 10:00        06-05 15:30       1000   tail edge (raw); bob also in bits
     * 8  cid   /reports   06-05 13:00        06-05 18:30       1500   tail edge, exactly end_timestamp
     * 9  cid   /settings  06-05 14:00        06-05 19:30       -      after the end
     * 10 eve   /home      05-31 12:00        05-31 17:30       -      before; same bit block
     * </pre>
     */
    private UUID fixture() {
        UUID company = company("Asia/Kolkata");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID cid = member(company);
        UUID eve = member(company);
        var rows = new ReadsFixtures(jdbc);
        rows.pageView(company, ada, "2026-06-01T04:00:00Z", "/home", 1000L);
        rows.pageView(company, ada, "2026-06-01T05:00:00Z", "/home", null);
        rows.pageView(company, bob, "2026-06-02T10:00:00Z", "/home", 3000L);
        rows.pageView(company, cid, "2026-06-03T06:00:00Z", "/settings", 200L);
        rows.pageView(company, cid, "2026-06-03T07:00:00Z", "/settings", 301L);
        rows.pageView(company, bob, "2026-06-03T20:00:00Z", "/reports", 500L);
        rows.pageView(company, bob, "2026-06-05T10:00:00Z", "/home", 1000L);
        rows.pageView(company, cid, "2026-06-05T13:00:00Z", "/reports", 1500L);
        rows.pageView(company, cid, "2026-06-05T14:00:00Z", "/settings", null);
        rows.pageView(company, eve, "2026-05-31T12:00:00Z", "/home", null);
        rollups.rebuild(company);
        return company;
    }

    /**
     * Edge views written after the rollups were built: fay has no bit position (ordinal) yet, bob
     * has one but is not among /settings' whole-day viewers (only cid is). Both must still count, and
     * bob only once in the totals.
     */
    @Test
    void edgeViewersOutsideTheWholeDayBitsAreCountedOnce() {
        UUID company = fixture();
        UUID fay = member(company);
        UUID bob = jdbc.sql(
                        "select user_id from page_views where company_id = ? and viewed_at = '2026-06-02T10:00:00Z'")
                .param(company)
                .query(UUID.class)
                .single();
        var rows = new ReadsFixtures(jdbc);
        rows.pageView(company, fay, "2026-06-05T12:00:00Z", "/home", null);
        rows.pageView(company, bob, "2026-06-05T12:30:00Z", "/settings", null);
        String token = Tokens.user(member(company));
        long start = epoch("2026-06-01T04:30:00Z");
        long end = epoch("2026-06-05T13:00:00Z");

        // By hand: /home #2 #3 #7 + fay = 4 views, ada+bob+fay, avg (3000+1000)/2; /settings #4 #5 + bob
        // = 3 views, cid+bob, 251; /reports as before. Totals 9 views; ada, bob, cid, fay.
        var body = ok(company, "start_timestamp=" + start + "&end_timestamp=" + end, token);
        assertThat(body.get("total_page_views").asLong()).isEqualTo(9);
        assertThat(body.get("total_unique_users").asLong()).isEqualTo(4);
        assertThat(paths(body))
                .containsExactly(
                        "/home views=4 users=3 avg=2000",
                        "/settings views=3 users=2 avg=251",
                        "/reports views=2 users=2 avg=1000");
    }

    @Test
    void midDayRangeCombinesWholeDayRollupsWithRawEdges() {
        UUID company = fixture();
        String token = Tokens.user(member(company));
        long start = epoch("2026-06-01T04:30:00Z"); // 10:00 IST
        long end = epoch("2026-06-05T13:00:00Z"); // 18:30 IST, included
        // Proof that whole days come from the rollups: drop their raw rows (IST 06-02 … 06-04).
        jdbc.sql("delete from page_views where company_id = ? and viewed_at >= '2026-06-01T18:30:00Z'"
                        + " and viewed_at < '2026-06-04T18:30:00Z'")
                .param(company)
                .update();

        // By hand: /home #2 #3 #7 = 3 views, ada+bob, avg (3000+1000)/2; /reports #6 #8, bob+cid,
        // (500+1500)/2; /settings #4 #5, cid, (200+301)/2 = 250.5 → 251. Totals 7 views; ada, bob, cid.
        var body = ok(company, "start_timestamp=" + start + "&end_timestamp=" + end, token);
        assertThat(body.get("start_date").asLong()).isEqualTo(start);
        assertThat(body.get("end_date").asLong()).isEqualTo(end);
        assertThat(body.get("total_page_views").asLong()).isEqualTo(7);
        assertThat(body.get("total_unique_users").asLong()).isEqualTo(3);
        assertThat(paths(body))
                .containsExactly(
                        "/home views=3 users=2 avg=2000",
                        "/reports views=2 users=2 avg=1000",
                        "/settings views=2 users=1 avg=251");

        // limit caps the list, not the totals.
        var limited = ok(company, "start_timestamp=" + start + "&end_timestamp=" + end + "&limit=1", token);
        assertThat(limited.get("total_page_views").asLong()).isEqualTo(7);
        assertThat(limited.get("total_unique_users").asLong()).isEqualTo(3);
        assertThat(paths(limited)).containsExactly("/home views=3 users=2 avg=2000");
    }

    @Test
    void wholeDaysOnlyAndNoWholeDayAtAll() {
        UUID company = fixture();
        String token = Tokens.user(member(company));

        // Exactly IST 06-02 00:00 … 06-04 23:59:59: #3, #4, #5, #6 from the rollups alone.
        var whole = ok(
                company,
                "start_timestamp=" + epoch("2026-06-01T18:30:00Z") + "&end_timestamp=" + epoch("2026-06-04T18:29:59Z"),
                token);
        assertThat(whole.get("total_page_views").asLong()).isEqualTo(4);
        assertThat(whole.get("total_unique_users").asLong()).isEqualTo(2);
        assertThat(paths(whole))
                .containsExactly(
                        "/settings views=2 users=1 avg=251",
                        "/home views=1 users=1 avg=3000",
                        "/reports views=1 users=1 avg=500");

        // Inside one IST day (06-05 14:30 … 17:30): raw rows only, #7 and #8 (on the end second).
        var partial = ok(
                company,
                "start_timestamp=" + epoch("2026-06-05T09:00:00Z") + "&end_timestamp=" + epoch("2026-06-05T13:00:00Z"),
                token);
        assertThat(partial.get("total_page_views").asLong()).isEqualTo(2);
        assertThat(partial.get("total_unique_users").asLong()).isEqualTo(2);
        assertThat(paths(partial))
                .containsExactly("/home views=1 users=1 avg=1000", "/reports views=1 users=1 avg=1500");

        // A single second with one view without a duration: avg is present and null.
        var second = ok(
                company,
                "start_timestamp=" + epoch("2026-06-01T05:00:00Z") + "&end_timestamp=" + epoch("2026-06-01T05:00:00Z"),
                token);
        assertThat(paths(second)).containsExactly("/home views=1 users=1 avg=null");

        // Nothing in range: zeros and an empty list.
        var none = ok(
                company,
                "start_timestamp=" + epoch("2026-07-01T00:00:00Z") + "&end_timestamp=" + epoch("2026-07-10T00:00:00Z"),
                token);
        assertThat(none.get("total_page_views").asLong()).isZero();
        assertThat(none.get("total_unique_users").asLong()).isZero();
        assertThat(none.get("page_statistics")).isEmpty();
    }

    @Test
    void badParametersAreRefusedNamingTheField() {
        UUID company = company("UTC");
        String token = Tokens.user(member(company));
        String[][] cases = {
            {"end_timestamp=1767225600", "start_timestamp"},
            {"start_timestamp=abc&end_timestamp=1767225600", "start_timestamp"},
            {"start_timestamp=-5&end_timestamp=1767225600", "start_timestamp"},
            {"start_timestamp=2026-01-01&end_timestamp=1767225600", "start_timestamp"},
            {"start_timestamp=1767225600", "end_timestamp"},
            {"start_timestamp=1767225600&end_timestamp=1.5", "end_timestamp"},
            {"start_timestamp=1767225600&end_timestamp=1767225599", "end_timestamp"},
            {"start_timestamp=1767225600&end_timestamp=" + (1767225600L + 366 * 86400 + 1), "end_timestamp"},
            {"start_timestamp=1767225600&end_timestamp=1767225600&limit=0", "limit"},
            {"start_timestamp=1767225600&end_timestamp=1767225600&limit=501", "limit"},
            {"start_timestamp=1767225600&end_timestamp=1767225600&limit=ten", "limit"},
        };
        for (String[] bad : cases) {
            var response = api.get("/api/v2/companies/" + company + "/page-statistics?" + bad[0], token);
            assertThat(response.status()).as(bad[0]).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").has(bad[1])).as(bad[0]).isTrue();
        }
        var longest = ok(
                company,
                "start_timestamp=1767225600&end_timestamp=" + (1767225600L + 366 * 86400) + "&limit=500",
                token);
        assertThat(longest.get("page_statistics")).isEmpty();
    }

    @Test
    void onlyActiveMembersOfTheCompanyMayRead() {
        UUID company = fixture();
        UUID pending = member(company, "member", "pending");
        UUID outsider = member(company("Asia/Kolkata"), "admin", "active");
        String url = "/api/v2/companies/" + company + "/page-statistics?start_timestamp="
                + epoch("2026-05-01T00:00:00Z") + "&end_timestamp=" + epoch("2026-07-01T00:00:00Z");
        var service = api.get(url, Tokens.provision());
        assertThat(service.status()).isEqualTo(403);
        assertThat(service.json().get("code").asString()).isEqualTo("permission_denied");
        var foreign = api.get(url, Tokens.user(outsider));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        assertThat(foreign.body()).doesNotContain("/home").doesNotContain("page_statistics");
        assertThat(api.get(url, Tokens.user(pending)).status()).isEqualTo(404);
    }
}
