package io.activity.analytics.activeusers;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.ReadsFixtures;
import io.activity.analytics.support.Tokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GET active-users/now against hand-placed raw rows around a fixed clock. The service's clock
 * reads 12:00:40.250 on 2026-07-15 (UTC), so as_of is 12:00:40 (whole seconds), the 5-minute
 * window is (11:55:40, 12:00:40] and per_minute covers the minutes 11:31 … 12:00.
 */
class ActiveNowTest extends IntegrationTest {

    private static final String CLOCK = "2026-07-15T12:00:40.250Z";
    private static final String AS_OF = "2026-07-15T12:00:40Z";

    ReadsFixtures rows;

    @BeforeEach
    void fixtures() {
        rows = new ReadsFixtures(jdbc);
    }

    /** A heartbeat with the five sources' counts in ActivitySource order. */
    private void heartbeat(
            UUID company, UUID user, String at, int chrome, int edge, int firefox, int desktop, int web) {
        jdbc.sql("""
                        insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,
                            chrome_activity_count, edge_activity_count, firefox_activity_count,
                            desktop_activity_count, web_accessibility_activity_count)
                        values (:company, :at::timestamptz, gen_random_uuid(), :user, 'laptop-1',
                                :chrome, :edge, :firefox, :desktop, :web)
                        """)
                .param("company", company)
                .param("user", user)
                .param("at", at)
                .param("chrome", chrome)
                .param("edge", edge)
                .param("firefox", firefox)
                .param("desktop", desktop)
                .param("web", web)
                .update();
    }

    private UUID company;
    private UUID reader;

    /**
     * <pre>
     * member  rows (2026-07-15, UTC)                              5-min window   minutes
     * ada     heartbeat 11:58:00 chrome 2, web-accessibility 1     yes            11:58
     * bob     heartbeat 12:00:40 (= as_of) desktop 3               yes            12:00
     * cid     heartbeat 11:55:40 (= window start) chrome 1, edge 1 no (excluded)  11:55
     * dee     page view 11:59:59.999 only                           yes            11:59
     * eve     session only, 11:20:00 – 11:56:00                     yes            11:31 … 11:56
     * fay     session only, 11:45:00 – 11:50:00                     no             11:45 … 11:50
     * gus     heartbeat 11:59 and page view 11:59, then deleted     never          never
     * hal     heartbeat 11:59 with total 0                          no             no
     * ivy     heartbeats 11:30:59 and 12:00:41 (after as_of), chrome 60-min only    no
     * jay     heartbeat 11:10:00 firefox 4                          60-min only    no
     * kim     page view 11:55:41                                    yes            11:55
     * other   another company's member, heartbeat 11:59             never          never
     * </pre>
     */
    private void fixture() {
        company = company("America/New_York");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID cid = member(company);
        UUID dee = member(company);
        UUID eve = member(company);
        UUID fay = member(company);
        UUID gus = member(company);
        UUID hal = member(company);
        UUID ivy = member(company);
        UUID jay = member(company);
        UUID kim = member(company);
        reader = member(company, "admin", "active");
        heartbeat(company, ada, "2026-07-15T11:58:00Z", 2, 0, 0, 0, 1);
        heartbeat(company, bob, "2026-07-15T12:00:40Z", 0, 0, 0, 3, 0);
        heartbeat(company, cid, "2026-07-15T11:55:40Z", 1, 1, 0, 0, 0);
        rows.pageView(company, dee, "2026-07-15T11:59:59.999Z", "/home", null);
        rows.session(company, eve, "2026-07-15T11:20:00Z", "2026-07-15T11:56:00Z");
        rows.session(company, fay, "2026-07-15T11:45:00Z", "2026-07-15T11:50:00Z");
        heartbeat(company, gus, "2026-07-15T11:59:00Z", 5, 0, 0, 0, 0);
        rows.pageView(company, gus, "2026-07-15T11:59:00Z", "/home", null);
        heartbeat(company, hal, "2026-07-15T11:59:00Z", 0, 0, 0, 0, 0);
        heartbeat(company, ivy, "2026-07-15T11:30:59Z", 1, 0, 0, 0, 0);
        heartbeat(company, ivy, "2026-07-15T12:00:41Z", 1, 0, 0, 0, 0);
        heartbeat(company, jay, "2026-07-15T11:10:00Z", 0, 0, 4, 0, 0);
        rows.pageView(company, kim, "2026-07-15T11:55:41Z", "/reports", null);
        var gone = api.delete("/api/v2/companies/" + company + "/members/" + gus, Tokens.provision());
        assertThat(gone.status()).as(gone.toString()).isEqualTo(204);

        UUID other = company("UTC");
        heartbeat(other, member(other), "2026-07-15T11:59:00Z", 1, 1, 1, 1, 1);
    }

    private JsonNode now(String query, String token) {
        var response = api.get("/api/v2/companies/" + company + "/active-users/now" + query, token);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static Map<String, Long> byApp(JsonNode body) {
        Map<String, Long> apps = new LinkedHashMap<>();
        body.get("by_app")
                .properties()
                .forEach(e -> apps.put(e.getKey(), e.getValue().asLong()));
        return apps;
    }

    private static List<String> perMinute(JsonNode body) {
        List<String> out = new ArrayList<>();
        body.get("per_minute")
                .forEach(p -> out.add(p.get("minute").asString().substring(11, 16) + "="
                        + p.get("active_users").asLong()));
        return out;
    }

    /** The 30 minutes 11:31 … 12:00 as worked out in the fixture's table. */
    private static List<String> expectedMinutes() {
        List<String> out = new ArrayList<>();
        for (int m = 31; m <= 60; m++) {
            String label = m == 60 ? "12:00" : "11:" + m;
            int n;
            if (m <= 44) n = 1; // eve
            else if (m <= 50) n = 2; // eve, fay
            else if (m <= 54) n = 1; // eve
            else if (m == 55) n = 3; // eve, cid, kim
            else if (m == 56) n = 1; // eve (last activity 11:56:00)
            else if (m == 57) n = 0;
            else n = 1; // 11:58 ada, 11:59 dee, 12:00 bob
            out.add(label + "=" + n);
        }
        return out;
    }

    @Test
    void countsMembersActiveInTheWindowPerAppAndPerMinute() {
        fixture();
        clock.fix(CLOCK);
        var body = now("", Tokens.user(reader));

        assertThat(body.get("as_of").asString()).isEqualTo(AS_OF);
        assertThat(body.get("window_minutes").asInt()).isEqualTo(5);
        // ada, bob, dee (page view only), eve (session only), kim; not cid (at the window's start).
        assertThat(body.get("active_users").asLong()).isEqualTo(5);
        assertThat(byApp(body))
                .containsExactly(
                        Map.entry("chrome", 1L),
                        Map.entry("edge", 0L),
                        Map.entry("firefox", 0L),
                        Map.entry("desktop", 1L),
                        Map.entry("web-accessibility", 1L));
        assertThat(perMinute(body)).containsExactlyElementsOf(expectedMinutes());
        assertThat(body.get("per_minute").get(0).get("minute").asString()).isEqualTo("2026-07-15T11:31:00Z");
        assertThat(body.get("per_minute").get(29).get("minute").asString()).isEqualTo("2026-07-15T12:00:00Z");
        List<String> keys = new ArrayList<>();
        body.properties().forEach(e -> keys.add(e.getKey()));
        assertThat(keys).containsExactly("as_of", "window_minutes", "active_users", "by_app", "per_minute");
    }

    @Test
    void windowBoundsFollowWindowMinutes() {
        fixture();
        clock.fix(CLOCK);
        String token = Tokens.user(reader);

        // (11:59:40, 12:00:40]: dee's view at 11:59:59.999 and bob's heartbeat at as_of.
        var one = now("?window_minutes=1", token);
        assertThat(one.get("window_minutes").asInt()).isEqualTo(1);
        assertThat(one.get("active_users").asLong()).isEqualTo(2);
        assertThat(byApp(one)).containsEntry("desktop", 1L).containsEntry("chrome", 0L);

        // (11:00:40, 12:00:40]: everyone but gus (deleted), hal (total 0) and the other company;
        // ivy by her 11:30:59 heartbeat (not the one after as_of), jay by 11:10.
        var hour = now("?window_minutes=60", token);
        assertThat(hour.get("active_users").asLong()).isEqualTo(9);
        assertThat(byApp(hour))
                .containsExactly(
                        Map.entry("chrome", 3L), // ada, cid, ivy
                        Map.entry("edge", 1L), // cid
                        Map.entry("firefox", 1L), // jay
                        Map.entry("desktop", 1L), // bob
                        Map.entry("web-accessibility", 1L)); // ada
        // per_minute does not depend on the window.
        assertThat(perMinute(hour)).containsExactlyElementsOf(expectedMinutes());

        // The window's start is excluded, the instant after it included: cid at 11:55:40 with a
        // window that starts then (5 min) is out; at 12:00:39 as_of the window starts 11:55:39.
        clock.fix("2026-07-15T12:00:39Z");
        var earlier = now("?window_minutes=5", token); // a URL not asked before in this test: not cached
        assertThat(earlier.get("as_of").asString()).isEqualTo("2026-07-15T12:00:39Z");
        // ada, cid, dee, eve, kim; bob's heartbeat at 12:00:40 is after as_of.
        assertThat(earlier.get("active_users").asLong()).isEqualTo(5);
        assertThat(byApp(earlier)).containsEntry("desktop", 0L).containsEntry("edge", 1L);
        assertThat(perMinute(earlier).get(29)).isEqualTo("12:00=0");
    }

    @Test
    void aCompanyWithoutRecentActivityIsZeroFilled() {
        clock.fix(CLOCK);
        company = company("Asia/Kolkata");
        UUID user = member(company);
        rows.heartbeat(company, user, "2026-07-14T12:00:00Z", 3); // a day earlier
        var body = now("?window_minutes=60", Tokens.read());
        assertThat(body.get("active_users").asLong()).isZero();
        assertThat(byApp(body)).hasSize(5).allSatisfy((app, n) -> assertThat(n).isZero());
        assertThat(body.get("per_minute")).hasSize(30);
        body.get("per_minute")
                .forEach(p -> assertThat(p.get("active_users").asLong()).isZero());
    }

    @Test
    void badWindowMinutesAreRefusedNamingTheParameter() {
        company = company("UTC");
        String token = Tokens.user(member(company));
        for (String bad : List.of("0", "61", "x", "-1", "5.5", "99999999999")) {
            var response = api.get("/api/v2/companies/" + company + "/active-users/now?window_minutes=" + bad, token);
            assertThat(response.status()).as(bad + " " + response).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").properties())
                    .as(bad + " " + response.body())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("window_minutes");
        }
    }

    @Test
    void onlyTheCompanysMembersAndReadTokensMayAsk() {
        company = company("UTC");
        UUID outsider = member(company("UTC"));
        var refused = api.get("/api/v2/companies/" + company + "/active-users/now", Tokens.user(outsider));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
        assertThat(refused.json().get("code").asString()).isEqualTo("company_not_found");

        var read = api.get("/api/v2/companies/" + company + "/active-users/now", Tokens.read(company));
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        var ingest = api.get("/api/v2/companies/" + company + "/active-users/now", Tokens.ingest());
        assertThat(ingest.status()).as(ingest.toString()).isEqualTo(403);
    }

    /**
     * Cached for at most 10 s (ActiveNowController.MAX_AGE_SECONDS), not the cache's 120 s: a second
     * call within the TTL gets the first answer although the clock moved on; once the entry's 10 s
     * have passed (Redis's own expiry, in real time) the answer is computed again. The bounds are
     * checked from the requests' own timings, so a slow machine cannot make the test pass wrongly.
     */
    @Test
    void theAnswerIsCachedForAtMostTenSeconds() throws InterruptedException {
        company = company("UTC");
        UUID user = member(company);
        String token = Tokens.user(user);
        String url = "/api/v2/companies/" + company + "/active-users/now";

        clock.fix(AS_OF);
        long firstStart = System.nanoTime();
        var first = api.get(url, token);
        long firstEnd = System.nanoTime();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().get("as_of").asString()).isEqualTo(AS_OF);
        assertThat(first.header("Cache-Control")).isEqualTo("private, max-age=10");

        clock.fix("2026-07-15T12:00:43Z");
        var second = api.get(url, token);
        assertThat(second.json().get("as_of").asString()).as("a cache hit").isEqualTo(AS_OF);
        assertThat(second.header("Cache-Control")).matches("private, max-age=(10|[0-9])");

        long lastHitStart = firstStart;
        long changedEnd = 0;
        long deadline = firstEnd + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            var poll = api.get(url, token);
            long end = System.nanoTime();
            assertThat(poll.status()).isEqualTo(200);
            String asOf = poll.json().get("as_of").asString();
            if (asOf.equals(AS_OF)) {
                lastHitStart = start;
            } else {
                assertThat(asOf).isEqualTo("2026-07-15T12:00:43Z");
                changedEnd = end;
                break;
            }
            Thread.sleep(200);
        }
        assertThat(changedEnd).as("the answer changed within 20 s").isPositive();
        // Stored after the first call began, kept 10 s: no fresh answer before that.
        assertThat((changedEnd - firstStart) / 1_000_000).isGreaterThanOrEqualTo(9_990);
        // Stored before the first call ended: no hit later than 10 s after that (+ 100 ms slack).
        assertThat((lastHitStart - firstEnd) / 1_000_000).isLessThanOrEqualTo(10_100);
    }
}
