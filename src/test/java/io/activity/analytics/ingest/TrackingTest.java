package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.Tokens;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class TrackingTest extends IngestTestSupport {

    @Autowired
    RollupRebuild rebuild;

    private String pageview(UUID company) {
        return "/api/v2/companies/" + company + "/track/pageview";
    }

    private String heartbeat(UUID company) {
        return "/api/v2/companies/" + company + "/track/heartbeat";
    }

    private void view(UUID company, UUID user, String session, String path, String at, Long duration) {
        Map<String, Object> body = new HashMap<>(Map.of("path", path, "session_id", session, "viewed_at", at));
        if (duration != null) {
            body.put("duration_ms", duration);
        }
        var response = api.post(pageview(company), Tokens.user(user), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
    }

    private List<String> sessions(UUID company, String client) {
        return jdbc.sql("""
                        select to_char(started_at at time zone 'UTC', 'HH24:MI') || '-'
                            || to_char(last_activity_at at time zone 'UTC', 'HH24:MI') || ' ' || page_count
                        from sessions where company_id = :company and client_session_id = :client order by started_at
                        """)
                .param("company", company)
                .param("client", client)
                .query(String.class)
                .list();
    }

    private List<String> select(String sql, UUID company) {
        return jdbc.sql(sql).param("company", company).query(String.class).list();
    }

    @Test
    void viewsOpenExtendAndSplitSessionsAndFeedThePageRollups() {
        UUID company = company("UTC");
        UUID ada = member(company);
        view(company, ada, "tab-1", "/home", "2026-06-09T10:00:00Z", 1000L);
        assertThat(sessions(company, "tab-1")).containsExactly("10:00-10:00 1");
        view(company, ada, "tab-1", "/reports", "2026-06-09T10:20:00Z", 500L);
        assertThat(sessions(company, "tab-1")).containsExactly("10:00-10:20 2");
        // 31 minutes idle: a new session under the same client session id.
        view(company, ada, "tab-1", "/home", "2026-06-09T10:51:00Z", null);
        assertThat(sessions(company, "tab-1")).containsExactly("10:00-10:20 2", "10:51-10:51 1");
        // A late view 10 minutes before the first session's start joins it and moves its start.
        view(company, ada, "tab-1", "/home", "2026-06-09T09:50:00Z", 250L);
        assertThat(sessions(company, "tab-1")).containsExactly("09:50-10:20 3", "10:51-10:51 1");

        assertThat(select("""
                        select path || ' ' || page_views || ' ' || duration_sum_ms || ' ' || duration_count
                        from daily_page_stats where company_id = :company and day = '2026-06-09' order by path
                        """, company)).containsExactly("/home 3 1250 2", "/reports 1 500 1");
        // Ada is the company's first viewer, so ordinal 0: the first bit of each path's day string.
        assertThat(select(
                        "select day || ' ' || path || ' ' || users::text from page_day_users where company_id = :company order by path",
                        company))
                .containsExactly("2026-06-09 /home 1", "2026-06-09 /reports 1");
        assertThat(select(
                        "select day || ' ' || page_views || ' ' || heartbeats from daily_user_activity where company_id = :company",
                        company))
                .containsExactly("2026-06-09 4 0");
        assertThat(select(
                        "select day || ' ' || page_views || ' ' || active_users from daily_company_activity where company_id = :company",
                        company))
                .containsExactly("2026-06-09 4 1");
        assertThat(select("""
                        select to_char(bucket_start at time zone 'UTC', 'HH24:MI') || ' ' || page_views
                        from quarter_hour_page_views where company_id = :company order by bucket_start
                        """, company)).containsExactly("09:45 1", "10:00 1", "10:15 1", "10:45 1");
        assertThat(select("""
                        select to_char(bucket_start at time zone 'UTC', 'HH24:MI') || ' ' || page_views || ' ' || heartbeats
                        from quarter_hour_company_activity where company_id = :company order by bucket_start
                        """, company)).containsExactly("09:45 1 0", "10:00 1 0", "10:15 1 0", "10:45 1 0");
        assertThat(select("select day::text from user_active_days where company_id = :company", company))
                .containsExactly("2026-06-09");
        assertThat(select("""
                        select coalesce(last_heartbeat_at::text, '-') || ' '
                            || to_char(last_session_at at time zone 'UTC', 'HH24:MI') || ' '
                            || to_char(last_login_at at time zone 'UTC', 'HH24:MI')
                        from member_activity where company_id = :company
                        """, company)).containsExactly("- 10:51 10:51");
        assertThat(count("page_views", company)).isEqualTo(4);
        // Two sessions started that day: 09:50-10:20 (30 min) and 10:51-10:51.
        assertThat(select(
                        "select day || ' ' || sessions || ' ' || duration_micros from daily_company_sessions where company_id = :company",
                        company))
                .containsExactly("2026-06-09 2 1800000000");
    }

    @Test
    void aLateViewThatMovesASessionsStartToTheDayBeforeMovesItsCount() {
        UUID company = company("Asia/Kolkata"); // +05:30: 18:30Z is local midnight
        UUID ada = member(company);
        view(company, ada, "tab-k", "/home", "2026-06-09T18:40:00Z", null); // 00:10 on 10 June
        view(company, ada, "tab-k", "/home", "2026-06-09T18:55:00Z", null); // 00:25
        String days = "select day || ' ' || sessions || ' ' || duration_micros from daily_company_sessions"
                + " where company_id = :company order by day";
        assertThat(select(days, company)).containsExactly("2026-06-10 1 900000000");

        view(company, ada, "tab-k", "/home", "2026-06-09T18:20:00Z", null); // 23:50 on 9 June, joins
        assertThat(sessions(company, "tab-k")).containsExactly("18:20-18:55 3");
        assertThat(select(days, company)).containsExactly("2026-06-09 1 2100000000"); // the emptied day leaves no row

        rebuild.rebuild(company); // the definition: the same figures, without the emptied day
        assertThat(select(days, company)).containsExactly("2026-06-09 1 2100000000");
    }

    @Test
    void aSessionHeartbeatMovesLastActivityToNow() {
        UUID company = company("America/New_York");
        UUID ada = member(company);
        Instant fiveMinutesAgo = Instant.now().minus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        view(company, ada, "tab-2", "/home", fiveMinutesAgo.toString(), null);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var response = api.post(heartbeat(company), Tokens.user(ada), Map.of("session_id", "tab-2"));
        Instant after = Instant.now();
        assertThat(response.status()).as(response.toString()).isEqualTo(202);
        record Session(Instant started, Instant last, int pages) {}
        var rows = jdbc.sql("""
                        select started_at, last_activity_at, page_count from sessions
                        where company_id = :company and client_session_id = 'tab-2'
                        """)
                .param("company", company)
                .query((rs, n) -> new Session(
                        rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant(), rs.getInt(3)))
                .list();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).started()).isEqualTo(fiveMinutesAgo);
        assertThat(rows.get(0).last()).isBetween(before, after);
        assertThat(rows.get(0).pages()).isEqualTo(1);
        Timestamp lastSession = jdbc.sql(
                        "select last_session_at from member_activity where company_id = :company and user_id = :user")
                .param("company", company)
                .param("user", ada)
                .query(Timestamp.class)
                .single();
        assertThat(lastSession.toInstant()).isEqualTo(rows.get(0).last());

        // A heartbeat of a session never seen opens one without pages.
        assertThat(api.post(heartbeat(company), Tokens.user(ada), Map.of("session_id", "tab-3"))
                        .status())
                .isEqualTo(202);
        assertThat(jdbc.sql(
                                "select page_count from sessions where company_id = :company and client_session_id = 'tab-3'")
                        .param("company", company)
                        .query(Integer.class)
                        .list())
                .containsExactly(0);
        // Nothing counts as a page view or an active day.
        assertThat(count("page_views", company)).isEqualTo(1);
    }

    @Test
    void onlyActiveMembersWithTheirOwnTokenMayTrack() {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID inactive = member(company, "member", "inactive");
        UUID outsider = member(company("UTC"));
        var body = Map.of("path", "/home", "session_id", "s");
        for (UUID user : List.of(inactive, outsider)) {
            var response = api.post(pageview(company), Tokens.user(user), body);
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.json().get("code").asString()).isEqualTo("company_not_found");
            assertThat(api.post(heartbeat(company), Tokens.user(user), Map.of("session_id", "s"))
                            .status())
                    .isEqualTo(404);
        }
        var service = api.post(pageview(company), Tokens.ingest(), body);
        assertThat(service.status()).isEqualTo(403);
        assertThat(service.json().get("code").asString()).isEqualTo("permission_denied");
        assertThat(api.post(heartbeat(company), Tokens.ingest(), Map.of("session_id", "s"))
                        .status())
                .isEqualTo(403);
        assertThat(api.post(pageview(company), null, body).status()).isEqualTo(401);
        assertThat(count("page_views", company) + count("sessions", company)).isZero();

        // Default viewed_at is now; the view belongs to the caller.
        assertThat(api.post(pageview(company), Tokens.user(ada), body).status()).isEqualTo(202);
        assertThat(jdbc.sql("select user_id from page_views where company_id = :company")
                        .param("company", company)
                        .query(UUID.class)
                        .list())
                .containsExactly(ada);
    }

    @Test
    void badPageViewsAndHeartbeatsAreRefusedNamingTheField() {
        UUID company = company("UTC");
        UUID ada = member(company);
        String future = Instant.now().plus(6, ChronoUnit.MINUTES).toString();
        String tooOld = Instant.now().minus(36501, ChronoUnit.DAYS).toString();
        Object[][] cases = {
            {Map.of("session_id", "s"), "path"},
            {Map.of("path", "", "session_id", "s"), "path"},
            {Map.of("path", "/" + "x".repeat(2048), "session_id", "s"), "path"},
            {Map.of("path", 5, "session_id", "s"), "path"},
            {Map.of("path", "/home"), "session_id"},
            {Map.of("path", "/home", "session_id", " "), "session_id"},
            {Map.of("path", "/home", "session_id", "s".repeat(201)), "session_id"},
            {Map.of("path", "/home", "session_id", 7), "session_id"},
            {Map.of("path", "/home", "session_id", "s", "referrer", 1), "referrer"},
            {Map.of("path", "/home", "session_id", "s", "duration_ms", -1), "duration_ms"},
            {Map.of("path", "/home", "session_id", "s", "duration_ms", 2.5), "duration_ms"},
            {Map.of("path", "/home", "session_id", "s", "duration_ms", 86_400_001L), "duration_ms"},
            {Map.of("path", "/home", "session_id", "s", "duration_ms", Long.MAX_VALUE), "duration_ms"},
            {Map.of("path", "/home", "session_id", "s", "viewed_at", future), "viewed_at"},
            {Map.of("path", "/home", "session_id", "s", "viewed_at", tooOld), "viewed_at"},
            {Map.of("path", "/home", "session_id", "s", "viewed_at", "yesterday"), "viewed_at"},
            {List.of(1), "body"}
        };
        for (Object[] c : cases) {
            var response = api.post(pageview(company), Tokens.user(ada), c[0]);
            assertThat(response.status()).as(c[1] + " " + response).isEqualTo(400);
            assertThat(response.json().get("errors").has((String) c[1]))
                    .as(c[1] + " " + response)
                    .isTrue();
        }
        var noSession = api.post(heartbeat(company), Tokens.user(ada), Map.of());
        assertThat(noSession.status()).isEqualTo(400);
        assertThat(noSession.json().get("errors").has("session_id")).isTrue();
        var notJson = api.send("POST", pageview(company), Tokens.user(ada), "{", "application/json");
        assertThat(notJson.json().get("code").asString()).isEqualTo("invalid_json");
        assertThat(api.send("POST", pageview(company), Tokens.user(ada), "path=/", "application/x-www-form-urlencoded")
                        .status())
                .isEqualTo(415);
        assertThat(count("page_views", company) + count("sessions", company) + count("daily_page_stats", company))
                .isZero();
    }

    @Test
    void aViewLastsAtMostADayAndNoPathTotalCanOverflow() {
        UUID company = company("UTC");
        UUID ada = member(company);
        String at = Instant.now()
                .minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        view(company, ada, "s-1", "/long", at, 86_400_000L); // exactly a day: the largest accepted
        // Two views of a day each, summed exactly; a Long.MAX view used to be accepted here and
        // made the next view of the path a 500 (bigint out of range).
        view(company, ada, "s-1", "/long", at, 86_400_000L);
        assertThat(select(
                        "select page_views || ' ' || duration_sum_ms || ' ' || duration_count"
                                + " from daily_page_stats where company_id = :company",
                        company))
                .containsExactly("2 172800000 2");

        // A total already at the top of its column (forced here: the API cannot get it there in
        // practice) refuses the view that would overflow it with a 400, and nothing is written.
        jdbc.sql("update daily_page_stats set duration_sum_ms = 9223372036854775000 where company_id = :company")
                .param("company", company)
                .update();
        var refused = api.post(
                pageview(company),
                Tokens.user(ada),
                Map.of("path", "/long", "session_id", "s-1", "viewed_at", at, "duration_ms", 86_400_000L));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(count("page_views", company)).isEqualTo(2);
        assertThat(sessions(company, "s-1")).hasSize(1).allMatch(s -> s.endsWith(" 2"));
    }

    /** Everything a page view can change for the company: raw rows, sessions and every rollup. */
    private List<String> everything(UUID company) {
        List<String> rows = new java.util.ArrayList<>(rollups(company));
        rows.addAll(select(
                "select 'session:' || s::text from sessions s where company_id = :company order by started_at, session_id",
                company));
        rows.addAll(select(
                "select 'view:' || v::text from page_views v where company_id = :company order by viewed_at, view_id",
                company));
        rows.addAll(select(
                "select 'guard:' || g::text from page_view_event_ids g where company_id = :company order by event_id",
                company));
        return rows;
    }

    @Test
    void aViewWithAnEventIdCountsOnceAndItsRetriesChangeNothing() {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID eventId = UUID.randomUUID();
        Map<String, Object> first = Map.of(
                "event_id", eventId.toString(),
                "path", "/home",
                "session_id", "tab-e",
                "viewed_at", "2026-06-09T10:00:00Z",
                "duration_ms", 700);
        assertThat(api.post(pageview(company), Tokens.user(ada), first).status())
                .isEqualTo(202);
        // The view is stored under its event id, with its guard row.
        assertThat(select("select view_id::text from page_views where company_id = :company", company))
                .containsExactly(eventId.toString());
        assertThat(select(
                        "select event_id || ' ' || to_char(viewed_at at time zone 'UTC', 'HH24:MI')"
                                + " from page_view_event_ids where company_id = :company",
                        company))
                .containsExactly(eventId + " 10:00");
        List<String> before = everything(company);
        assertThat(before)
                .contains("daily_page_stats:(" + company + ",2026-06-09,/home,1,700,1)")
                .anyMatch(row -> row.startsWith("member_activity:"));

        // The same request again, and the same id with another time (20 minutes later: it would
        // extend the session and move last-active), path and session: 202, and nothing changes.
        assertThat(api.post(pageview(company), Tokens.user(ada), first).status())
                .isEqualTo(202);
        var moved = api.post(
                pageview(company),
                Tokens.user(ada),
                Map.of(
                        "event_id", eventId.toString(),
                        "path", "/reports",
                        "session_id", "tab-other",
                        "viewed_at", "2026-06-09T10:20:00Z"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(202);
        // Another member of the company re-using the id is a duplicate too: the id is the company's.
        UUID bob = member(company);
        assertThat(api.post(pageview(company), Tokens.user(bob), first).status())
                .isEqualTo(202);
        assertThat(everything(company)).isEqualTo(before);
        assertThat(sessions(company, "tab-e")).containsExactly("10:00-10:00 1");
        assertThat(count("page_member_ordinals", company)).isEqualTo(1); // bob got no ordinal either

        // The same id in another company is another event.
        UUID other = company("UTC");
        UUID cleo = member(other);
        assertThat(api.post(pageview(other), Tokens.user(cleo), first).status()).isEqualTo(202);
        assertThat(count("page_views", other)).isEqualTo(1);

        // A view without an event id is counted every time it is sent.
        Map<String, Object> anonymous =
                Map.of("path", "/home", "session_id", "tab-e", "viewed_at", "2026-06-09T10:05:00Z");
        assertThat(api.post(pageview(company), Tokens.user(ada), anonymous).status())
                .isEqualTo(202);
        assertThat(api.post(pageview(company), Tokens.user(ada), anonymous).status())
                .isEqualTo(202);
        assertThat(count("page_views", company)).isEqualTo(3);
        assertThat(count("page_view_event_ids", company)).isEqualTo(1);
        assertThat(sessions(company, "tab-e")).containsExactly("10:00-10:05 3");
        List<String> incremental = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(incremental);
    }

    @Test
    void concurrentRetriesOfOneEventStoreItOnce() throws Exception {
        UUID company = company("Europe/Berlin");
        UUID ada = member(company);
        Map<String, Object> body = Map.of(
                "event_id",
                UUID.randomUUID().toString(),
                "path",
                "/home",
                "session_id",
                "tab-c",
                "viewed_at",
                Instant.now().minus(1, ChronoUnit.HOURS).toString());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Callable<Integer>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() ->
                        api.post(pageview(company), Tokens.user(ada), body).status());
            }
            for (var f : pool.invokeAll(calls)) {
                assertThat(f.get()).isEqualTo(202);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("page_views", company)).isEqualTo(1);
        assertThat(count("sessions", company)).isEqualTo(1);
        assertThat(select("select page_count::text from sessions where company_id = :company", company))
                .containsExactly("1");
        assertThat(select("select page_views::text from daily_company_activity where company_id = :company", company))
                .containsExactly("1");
    }

    @Test
    void aBadEventIdIsRefusedNamingIt() {
        UUID company = company("UTC");
        UUID ada = member(company);
        for (Object bad : List.of("not-a-uuid", "1-1-1-1-1", "", 42, List.of(), Map.of())) {
            var response = api.post(
                    pageview(company), Tokens.user(ada), Map.of("event_id", bad, "path", "/home", "session_id", "s"));
            assertThat(response.status()).as(bad + " " + response).isEqualTo(400);
            assertThat(response.json().get("errors").propertyNames())
                    .as(bad + " " + response)
                    .containsExactly("event_id");
        }
        assertThat(count("page_views", company) + count("page_view_event_ids", company) + count("sessions", company))
                .isZero();
    }
}
