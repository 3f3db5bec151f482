package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.Tokens;
import io.activity.analytics.web.DataIngest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** POST /page-views: server-side page-view batches, stored exactly as track/pageview stores views. */
class PageViewBatchTest extends IngestTestSupport {

    @Autowired
    RollupRebuild rebuild;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    private static String pageViews(UUID company) {
        return "/api/v2/companies/" + company + "/page-views";
    }

    private static Map<String, Object> item(UUID eventId, UUID user, String session, String path, String at) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("event_id", eventId.toString());
        item.put("user_id", user.toString());
        item.put("session_id", session);
        item.put("path", path);
        item.put("viewed_at", at);
        return item;
    }

    private static Map<String, Object> with(Map<String, Object> item, String field, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(item);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return copy;
    }

    private static Map<String, Object> body(List<Map<String, Object>> items) {
        return Map.of("page_views", items);
    }

    private Api.Response send(UUID company, List<Map<String, Object>> items) {
        return api.post(pageViews(company), Tokens.service("analytics:ingest", company), body(items));
    }

    private void accepted(Api.Response response, int accepted, int duplicates) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("accepted").asInt())
                .as(response.toString())
                .isEqualTo(accepted);
        assertThat(response.json().get("duplicates").asInt())
                .as(response.toString())
                .isEqualTo(duplicates);
    }

    private List<String> select(String sql, UUID company) {
        return jdbc.sql(sql).param("company", company).query(String.class).list();
    }

    /** Sessions as "client user-index HH:MM-HH:MM pages", by client, start. */
    private List<String> sessions(UUID company, List<UUID> users) {
        List<String> rows = new ArrayList<>();
        jdbc.sql("""
                        select client_session_id, user_id, to_char(started_at at time zone 'UTC', 'HH24:MI') || '-'
                            || to_char(last_activity_at at time zone 'UTC', 'HH24:MI') || ' ' || page_count
                        from sessions where company_id = :company order by client_session_id, started_at
                        """).param("company", company).query(rs -> {
            rows.add(rs.getString(1) + " " + users.indexOf(rs.getObject(2, UUID.class)) + " " + rs.getString(3));
        });
        return rows;
    }

    /** Raw rows, sessions and every rollup: what a replay must leave as it was. */
    private List<String> everything(UUID company) {
        List<String> rows = new ArrayList<>(rollups(company));
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

    private long written(UUID company) {
        return count("page_views", company)
                + count("page_view_event_ids", company)
                + count("sessions", company)
                + count("daily_page_stats", company)
                + count("daily_company_activity", company)
                + count("member_activity", company)
                + count("page_member_ordinals", company);
    }

    @Test
    void aBatchSentOutOfOrderIsStoredInTimeOrderWithItsSessionsAndRollups() {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID pending = member(company, "member", "pending"); // any status: the backend reports what it sees
        List<Map<String, Object>> items = new ArrayList<>(List.of(
                with(item(UUID.randomUUID(), ada, "tab-1", "/reports", "2026-06-09T10:20:00Z"), "duration_ms", 500),
                item(UUID.randomUUID(), ada, "tab-1", "/home", "2026-06-09T10:51:00Z"), // 31 min idle: new session
                with(item(UUID.randomUUID(), ada, "tab-1", "/home", "2026-06-09T10:00:00Z"), "duration_ms", 1000),
                with(
                        with(
                                item(UUID.randomUUID(), pending, "tab-9", "/home", "2026-06-09T23:50:00Z"),
                                "referrer",
                                "/"),
                        "duration_ms",
                        86_400_000L))); // a day: the largest duration accepted
        accepted(send(company, items), 4, 0);

        // Had the views been stored in the order sent, 10:20 would have opened a session that the
        // 10:51 view joins; in time order 10:00-10:20 is one session and 10:51 opens the next.
        assertThat(sessions(company, List.of(ada, pending)))
                .containsExactly("tab-1 0 10:00-10:20 2", "tab-1 0 10:51-10:51 1", "tab-9 1 23:50-23:50 1");
        assertThat(select(
                        "select path || ' ' || page_views || ' ' || duration_sum_ms || ' ' || duration_count"
                                + " from daily_page_stats where company_id = :company and day = '2026-06-09' order by path",
                        company))
                .containsExactly("/home 3 86401000 2", "/reports 1 500 1");
        assertThat(select(
                        "select day || ' ' || page_views || ' ' || active_users from daily_company_activity"
                                + " where company_id = :company",
                        company))
                .containsExactly("2026-06-09 4 2");
        // Two sessions started that day for ada (20 minutes and 0) and one for the pending member.
        assertThat(select(
                        "select day || ' ' || sessions || ' ' || duration_micros from daily_company_sessions"
                                + " where company_id = :company",
                        company))
                .containsExactly("2026-06-09 3 1200000000");
        assertThat(select(
                        "select referrer from page_views where company_id = :company and referrer is not null",
                        company))
                .containsExactly("/");
        // Every view is stored under its event id.
        Set<String> ids = new TreeSet<>();
        items.forEach(i -> ids.add((String) i.get("event_id")));
        assertThat(new TreeSet<>(select("select view_id::text from page_views where company_id = :company", company)))
                .isEqualTo(ids);
        assertThat(new TreeSet<>(
                        select("select event_id::text from page_view_event_ids where company_id = :company", company)))
                .isEqualTo(ids);
        List<String> incremental = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(incremental);
    }

    @Test
    void duplicatesInABatchAndAcrossRequestsAndRoutesCountOnce() {
        UUID company = company("Asia/Kolkata");
        UUID ada = member(company);
        UUID bob = member(company, "admin", "inactive");
        Instant base = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add(item(
                    UUID.randomUUID(),
                    i % 2 == 0 ? ada : bob,
                    "s-" + (i % 2),
                    "/p" + (i % 3),
                    base.plusSeconds(60L * i).toString()));
        }
        List<Map<String, Object>> first = new ArrayList<>(items);
        first.add(items.get(2)); // a repeat inside the batch
        first.add(with(items.get(4), "path", "/elsewhere")); // the same id with other content: still a repeat
        accepted(send(company, first), 6, 2);
        // The first occurrence in the batch won.
        assertThat(select(
                        "select path from page_views where company_id = :company and view_id = '"
                                + items.get(4).get("event_id") + "'",
                        company))
                .containsExactly("/p1");
        List<String> before = everything(company);
        assertThat(count("page_views", company)).isEqualTo(6);

        // The whole batch again; then the ids again with later times (which would extend the
        // sessions and move last-active); then through track/pageview: nothing changes.
        accepted(send(company, items), 0, 6);
        List<Map<String, Object>> later = new ArrayList<>();
        for (Map<String, Object> i : items) {
            later.add(with(i, "viewed_at", base.plusSeconds(3600).toString()));
        }
        accepted(send(company, later), 0, 6);
        var tracked = api.post(
                "/api/v2/companies/" + company + "/track/pageview",
                Tokens.user(ada),
                Map.of(
                        "event_id",
                        items.get(0).get("event_id"),
                        "path",
                        "/p0",
                        "session_id",
                        "s-0",
                        "viewed_at",
                        base.plusSeconds(600).toString()));
        assertThat(tracked.status()).as(tracked.toString()).isEqualTo(202);
        assertThat(everything(company)).isEqualTo(before);

        // A batch mixing new and stored ids stores only the new ones; an id first stored by
        // track/pageview is a duplicate here.
        UUID trackedId = UUID.randomUUID();
        var viaTrack = api.post(
                "/api/v2/companies/" + company + "/track/pageview",
                Tokens.user(ada),
                Map.of(
                        "event_id",
                        trackedId.toString(),
                        "path",
                        "/t",
                        "session_id",
                        "s-0",
                        "viewed_at",
                        base.plusSeconds(30).toString()));
        assertThat(viaTrack.status()).isEqualTo(202);
        accepted(
                send(
                        company,
                        List.of(
                                items.get(1),
                                item(
                                        trackedId,
                                        ada,
                                        "s-0",
                                        "/t",
                                        base.plusSeconds(30).toString()),
                                item(
                                        UUID.randomUUID(),
                                        ada,
                                        "s-0",
                                        "/new",
                                        base.plusSeconds(400).toString()))),
                1,
                2);
        assertThat(count("page_views", company)).isEqualTo(8);
        assertThat(count("page_view_event_ids", company)).isEqualTo(8);
        assertThat(select(
                        "select coalesce(sum(page_views), 0)::text from daily_company_activity where company_id = :company",
                        company))
                .containsExactly("8");
        assertThat(select("select sum(page_count)::text from sessions where company_id = :company", company))
                .containsExactly("8");
        List<String> incremental = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(incremental);
    }

    @Test
    void batchesGiveTheSessionsOfViewsSentOneByOneInTimeOrder() {
        Random random = new Random(1704);
        UUID oneByOne = company("America/New_York");
        UUID batched = company("America/New_York");
        List<UUID> usersA = List.of(member(oneByOne), member(oneByOne));
        List<UUID> usersB = List.of(member(batched), member(batched));
        // Views of 2 members × 2 tabs around a New York midnight, gaps sometimes over 30 minutes.
        Instant midnight = Instant.parse("2026-02-12T05:00:00Z");
        List<Object[]> views = new ArrayList<>(); // {time, user index, tab, path}
        for (int v = 0; v < 60; v++) {
            views.add(new Object[] {
                midnight.plusSeconds(random.nextInt(-150 * 60, 150 * 60)),
                random.nextInt(2),
                random.nextInt(2),
                "/p" + random.nextInt(3)
            });
        }
        views.sort((a, b) -> ((Instant) a[0]).compareTo((Instant) b[0]));
        for (Object[] v : views) {
            var r = api.post(
                    "/api/v2/companies/" + oneByOne + "/track/pageview",
                    Tokens.user(usersA.get((int) v[1])),
                    Map.of("path", v[3], "session_id", "tab-" + v[2], "viewed_at", v[0].toString()));
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
        }
        // The same views in consecutive time slices, each slice shuffled.
        for (int from = 0; from < views.size(); ) {
            int to = Math.min(views.size(), from + 1 + random.nextInt(20));
            List<Map<String, Object>> slice = new ArrayList<>();
            for (Object[] v : views.subList(from, to)) {
                slice.add(
                        item(UUID.randomUUID(), usersB.get((int) v[1]), "tab-" + v[2], (String) v[3], v[0].toString()));
            }
            Collections.shuffle(slice, random);
            accepted(send(batched, slice), slice.size(), 0);
            from = to;
        }
        List<String> expected = sessions(oneByOne, usersA);
        assertThat(expected.size()).isGreaterThan(4);
        assertThat(sessions(batched, usersB)).isEqualTo(expected);
        String days = "select day || ' ' || sessions || ' ' || duration_micros from daily_company_sessions"
                + " where company_id = :company order by day";
        assertThat(select(days, batched)).isEqualTo(select(days, oneByOne));
        String pages = "select day || ' ' || path || ' ' || page_views || ' ' || duration_sum_ms from daily_page_stats"
                + " where company_id = :company order by day, path";
        assertThat(select(pages, batched)).isEqualTo(select(pages, oneByOne));
    }

    @Test
    void aBadItemRefusesTheWholeBatchNamingEveryBadField() {
        UUID company = company("UTC");
        UUID ada = member(company);
        String at = Instant.now()
                .minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        Map<String, Object> good = item(UUID.randomUUID(), ada, "s", "/home", at);
        String future = Instant.now().plus(6, ChronoUnit.MINUTES).toString();
        String tooOld = Instant.now().minus(36501, ChronoUnit.DAYS).toString();
        Object[][] cases = {
            {with(good, "duration_ms", 86_400_001L), "duration_ms"},
            {with(good, "duration_ms", -1), "duration_ms"},
            {with(good, "duration_ms", 1.5), "duration_ms"},
            {with(good, "duration_ms", "5"), "duration_ms"},
            {with(good, "event_id", null), "event_id"},
            {with(good, "event_id", "1-1-1-1-1"), "event_id"},
            {with(good, "user_id", null), "user_id"},
            {with(good, "user_id", "nobody"), "user_id"},
            {with(good, "session_id", null), "session_id"},
            {with(good, "session_id", "x".repeat(201)), "session_id"},
            {with(good, "path", null), "path"},
            {with(good, "path", " "), "path"},
            {with(good, "path", "/" + "x".repeat(2048)), "path"},
            {with(good, "referrer", 3), "referrer"},
            {with(good, "viewed_at", null), "viewed_at"}, // required in a batch
            {with(good, "viewed_at", future), "viewed_at"},
            {with(good, "viewed_at", tooOld), "viewed_at"},
            {with(good, "viewed_at", "yesterday"), "viewed_at"}
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, Object> bad = (Map<String, Object>) c[0];
            List<Map<String, Object>> items = List.of(
                    item(UUID.randomUUID(), ada, "s", "/a", at), item(UUID.randomUUID(), ada, "s", "/b", at), bad);
            var response = send(company, items);
            assertThat(response.status()).as(c[1] + " " + response).isEqualTo(400);
            assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
            assertThat(response.json().get("errors").propertyNames())
                    .as(c[1] + " " + response)
                    .containsExactly("page_views[2]." + c[1]);
        }
        // Several bad items: every bad field is named.
        var several = send(
                company,
                List.of(
                        with(good, "duration_ms", 86_400_001L),
                        good,
                        with(with(good, "event_id", UUID.randomUUID().toString()), "path", null),
                        Map.of()));
        assertThat(several.status()).isEqualTo(400);
        assertThat(new TreeSet<>(several.json().get("errors").propertyNames()))
                .containsExactly(
                        "page_views[0].duration_ms",
                        "page_views[2].path",
                        "page_views[3].event_id",
                        "page_views[3].path",
                        "page_views[3].session_id",
                        "page_views[3].user_id",
                        "page_views[3].viewed_at");
        accepted(send(company, List.of(good)), 1, 0); // control: the good item alone is fine …
        long stored = written(company);
        var scalar = api.post(
                pageViews(company), Tokens.service("analytics:ingest", company), Map.of("page_views", List.of(1)));
        assertThat(scalar.json().get("errors").propertyNames()).containsExactly("page_views[0]");
        // … and nothing of any refused batch was written.
        assertThat(written(company)).isEqualTo(stored);
        assertThat(count("page_views", company)).isEqualTo(1);
    }

    @Test
    void aBatchHoldsOneToAThousandViews() {
        UUID company = company("UTC");
        UUID ada = member(company);
        String token = Tokens.service("analytics:ingest", company);
        for (Object shape : List.of(List.of(), "views", 5)) {
            var response = api.post(pageViews(company), token, Map.of("page_views", shape));
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.json().get("errors").propertyNames()).containsExactly("page_views");
        }
        var missing = api.post(pageViews(company), token, Map.of("views", List.of()));
        assertThat(missing.json().get("errors").propertyNames()).containsExactly("page_views");
        String at = Instant.now()
                .minus(1, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(item(UUID.randomUUID(), ada, "s", "/p", at));
        }
        // Above the limit: 413 payload_too_large, as for heartbeats (API.md's error table).
        var tooMany = send(company, items);
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(413);
        assertThat(tooMany.json().get("code").asString()).isEqualTo("payload_too_large");
        assertThat(written(company)).isZero();
        // 1000 views of one client session within a second: one session of 1000 pages.
        accepted(send(company, items.subList(0, 1000)), 1000, 0);
        assertThat(select("select page_count::text from sessions where company_id = :company", company))
                .containsExactly("1000");
        assertThat(select("select page_views::text from daily_company_activity where company_id = :company", company))
                .containsExactly("1000");
        // The same 1000 views again (same event ids): duplicates, and no figure anywhere changes.
        List<String> figures = rollups(company);
        String rawRows = select("select count(*)::text from page_views where company_id = :company", company)
                .toString();
        accepted(send(company, items.subList(0, 1000)), 0, 1000);
        assertThat(rollups(company)).isEqualTo(figures);
        assertThat(select("select count(*)::text from page_views where company_id = :company", company)
                        .toString())
                .isEqualTo(rawRows);
    }

    @Test
    void theUserMustBeAMemberOfTheCompany() {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID outsider = member(company("UTC"));
        UUID leaver = member(company);
        String before = Instant.now()
                .minus(2, ChronoUnit.HOURS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        assertThat(api.delete("/api/v2/companies/" + company + "/members/" + leaver, Tokens.provision())
                        .status())
                .isEqualTo(204);
        String after = Instant.now()
                .plus(1, ChronoUnit.MINUTES)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        var refused = send(
                company,
                List.of(
                        item(UUID.randomUUID(), ada, "s", "/a", before),
                        item(UUID.randomUUID(), outsider, "s", "/a", before),
                        item(UUID.randomUUID(), UUID.randomUUID(), "s", "/a", before),
                        item(UUID.randomUUID(), leaver, "s", "/a", after)));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(new TreeSet<>(refused.json().get("errors").propertyNames()))
                .containsExactly("page_views[1].user_id", "page_views[2].user_id", "page_views[3].user_id");
        assertThat(refused.json()
                        .get("errors")
                        .get("page_views[1].user_id")
                        .get(0)
                        .asString())
                .isEqualTo("is not a member of this company");
        assertThat(written(company)).isZero();
        // A removed member's history from before the removal is still delivered.
        accepted(send(company, List.of(item(UUID.randomUUID(), leaver, "s", "/a", before))), 1, 0);
    }

    @Test
    void onlyAnIngestTokenOfTheCompanyMaySend() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        UUID other = company("UTC");
        List<Map<String, Object>> items = List.of(item(
                UUID.randomUUID(),
                owner,
                "s",
                "/a",
                Instant.now().minus(1, ChronoUnit.MINUTES).toString()));
        Object[][] cases = {
            {null, 401, "authentication_required"},
            {"not.a.jwt", 401, "invalid_token"},
            {Tokens.user(owner), 403, "permission_denied"}, // even the owner: a service route
            {Tokens.provision(), 403, "permission_denied"},
            {Tokens.service("analytics:provision", company), 403, "permission_denied"},
            {Tokens.monitor(), 403, "permission_denied"},
            {Tokens.service("analytics:ingest", other), 404, "company_not_found"}, // bound to another company
        };
        for (Object[] c : cases) {
            var response = api.post(pageViews(company), (String) c[0], body(items));
            assertThat(response.status()).as(c[2] + " " + response).isEqualTo(c[1]);
            assertThat(response.json().get("code").asString()).isEqualTo(c[2]);
        }
        assertThat(written(company)).isZero();
        // Another company's path with a token of this company, and an unknown company: 404.
        var elsewhere = api.post(pageViews(other), Tokens.service("analytics:ingest", company), body(items));
        assertThat(elsewhere.status()).isEqualTo(404);
        assertThat(api.post(pageViews(UUID.randomUUID()), Tokens.ingest(), body(items))
                        .status())
                .isEqualTo(404);
        assertThat(written(other)).isZero();
        // An unbound ingest token works for any company.
        var unbound = api.post(pageViews(company), Tokens.ingest(), body(items));
        accepted(unbound, 1, 0);
    }

    @Test
    void theRouteTakesTheIngestLimitAndTheIngestScopeLikeHeartbeatBatches() {
        Map<String, HandlerMethod> handlers = new LinkedHashMap<>();
        mapping.getHandlerMethods()
                .forEach((info, handler) -> info.getPatternValues().forEach(pattern -> handlers.put(pattern, handler)));
        HandlerMethod batch = handlers.get("/api/v2/companies/{companyId}/page-views");
        HandlerMethod heartbeats = handlers.get("/api/v2/companies/{companyId}/heartbeats");
        assertThat(batch).as("POST /page-views is mapped").isNotNull();
        assertThat(batch.hasMethodAnnotation(DataIngest.class)).isTrue(); // the ingest bucket, not audited
        CompanyAccess rule = batch.getMethodAnnotation(CompanyAccess.class);
        assertThat(rule.scope()).isEqualTo("analytics:ingest");
        assertThat(rule.role()).isEqualTo(CompanyAccess.Access.NONE); // no user token
        assertThat(rule).isEqualTo(heartbeats.getMethodAnnotation(CompanyAccess.class));
    }

    @Test
    void overlappingBatchesSentConcurrentlyCountEveryViewOnceAndEqualARebuild() throws Exception {
        UUID company = company("Europe/Berlin");
        List<UUID> users = List.of(member(company), member(company), member(company));
        // 23:50 in Berlin: the views cross midnight. 5 s apart, all 240 within 20 minutes, so in
        // whatever order they arrive each member and tab has one session (no view is ever more
        // than 30 minutes from another), whose start late views move back across midnight.
        Instant start = Instant.parse("2026-06-15T21:50:00Z");
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            events.add(item(
                    UUID.randomUUID(),
                    users.get(i % 3),
                    "tab-" + (i % 2),
                    "/p" + (i % 4),
                    start.plusSeconds(5L * i).toString()));
        }
        // Client A sends 0..179 forwards, client B 60..239 backwards: 120 views are sent by both.
        List<List<Map<String, Object>>> a = new ArrayList<>();
        List<List<Map<String, Object>>> b = new ArrayList<>();
        for (int i = 0; i < 180; i += 30) {
            a.add(events.subList(i, i + 30));
        }
        for (int i = 210; i >= 60; i -= 30) {
            List<Map<String, Object>> batch = new ArrayList<>(events.subList(i, i + 30));
            Collections.reverse(batch);
            b.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int accepted = 0;
        int duplicates = 0;
        try {
            List<Callable<int[]>> clients = new ArrayList<>();
            for (var batches : List.of(a, b)) {
                clients.add(() -> {
                    int[] sums = new int[2];
                    for (var batch : batches) {
                        var response = send(company, batch);
                        if (response.status() != 200) {
                            throw new AssertionError(response.toString());
                        }
                        sums[0] += response.json().get("accepted").asInt();
                        sums[1] += response.json().get("duplicates").asInt();
                    }
                    return sums;
                });
            }
            for (Future<int[]> f : pool.invokeAll(clients)) {
                accepted += f.get()[0];
                duplicates += f.get()[1];
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(accepted).isEqualTo(240);
        assertThat(duplicates).isEqualTo(120);
        assertThat(count("page_views", company)).isEqualTo(240);
        // One session per member and tab (i % 3, i % 2): six of them, 40 pages each, from the
        // first view of the stream (i < 6) to its last (i >= 234), so all start on the 15th.
        assertThat(select(
                        "select to_char(started_at at time zone 'UTC', 'HH24:MI:SS') || '-'"
                                + " || to_char(last_activity_at at time zone 'UTC', 'HH24:MI:SS') || ' ' || page_count"
                                + " from sessions where company_id = :company order by started_at",
                        company))
                .containsExactly(
                        "21:50:00-22:09:30 40",
                        "21:50:05-22:09:35 40",
                        "21:50:10-22:09:40 40",
                        "21:50:15-22:09:45 40",
                        "21:50:20-22:09:50 40",
                        "21:50:25-22:09:55 40");
        assertThat(select(
                        "select day || ' ' || sessions || ' ' || duration_micros from daily_company_sessions"
                                + " where company_id = :company and sessions <> 0",
                        company))
                .containsExactly("2026-06-15 6 7020000000");
        List<String> incremental = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(incremental);
    }
}
