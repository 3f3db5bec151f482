package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.Tokens;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The incremental upkeep at ingest must equal {@link RollupRebuild}, an independent from-scratch
 * definition: random batches with replays, in-batch repeats and out-of-order arrival, around DST
 * changes and a :30 offset, and out-of-order page views whose sessions cross local midnights;
 * then every rollup row (daily_company_sessions included) is compared before and after a rebuild.
 */
class RollupPropertyTest extends IngestTestSupport {

    @Autowired
    RollupRebuild rebuild;

    private static final String[] PATHS = {"/home", "/reports", "/settings", "/users/{id}", "/a/b"};

    /** Random instants inside the given UTC windows, to the second. */
    private static Instant at(Random random, String[][] windows) {
        String[] w = windows[random.nextInt(windows.length)];
        long from = Instant.parse(w[0]).getEpochSecond();
        long to = Instant.parse(w[1]).getEpochSecond();
        return Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)));
    }

    private void runScenario(String zone, String[][] windows, long seed) {
        Random random = new Random(seed);
        UUID company = company(zone);
        List<UUID> users = List.of(
                member(company),
                member(company),
                member(company, "admin", "active"),
                member(company, "member", "pending"));
        List<UUID> viewers = users.subList(0, 3); // tracking needs an active member

        List<Map<String, Object>> events = new ArrayList<>();
        long expectedTotal = 0;
        for (int i = 0; i < 500; i++) {
            boolean idle = random.nextInt(10) < 3;
            int[] c = new int[5];
            for (int k = 0; k < 5; k++) {
                c[k] = idle ? 0 : random.nextInt(6);
                expectedTotal += c[k];
            }
            events.add(beat(
                    UUID.randomUUID(),
                    users.get(random.nextInt(users.size())),
                    "dev-" + random.nextInt(4),
                    at(random, windows).toString(),
                    c[0],
                    c[1],
                    c[2],
                    c[3],
                    c[4]));
        }
        List<Map<String, Object>> order = new ArrayList<>(events);
        Collections.shuffle(order, random); // out of order
        List<Map<String, Object>> sent = new ArrayList<>();
        int accepted = 0;
        int position = 0;
        int views = 0;
        while (position < order.size()) {
            int size = 1 + random.nextInt(60);
            List<Map<String, Object>> batch =
                    new ArrayList<>(order.subList(position, Math.min(order.size(), position + size)));
            position += batch.size();
            int replays = sent.isEmpty() ? 0 : random.nextInt(Math.min(10, sent.size()) + 1);
            for (int r = 0; r < replays; r++) {
                batch.add(sent.get(random.nextInt(sent.size())));
            }
            if (random.nextBoolean()) {
                batch.add(batch.get(random.nextInt(batch.size()))); // a repeat inside the batch
            }
            Collections.shuffle(batch, random);
            var response = api.post(heartbeats(company), Tokens.ingest(), batch(batch));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            accepted += response.json().get("accepted").asInt();
            assertThat(response.json().get("accepted").asInt()
                            + response.json().get("duplicates").asInt())
                    .isEqualTo(batch.size());
            sent.addAll(batch);

            // Interleave page views of the same period, also out of order.
            for (int v = random.nextInt(4); v > 0; v--) {
                Map<String, Object> view = new HashMap<>();
                view.put("path", PATHS[random.nextInt(PATHS.length)]);
                view.put("session_id", "tab-" + random.nextInt(3));
                view.put("viewed_at", at(random, windows).toString());
                if (random.nextBoolean()) {
                    view.put("duration_ms", random.nextInt(60_000));
                }
                var tracked = api.post(
                        "/api/v2/companies/" + company + "/track/pageview",
                        Tokens.user(viewers.get(random.nextInt(viewers.size()))),
                        view);
                assertThat(tracked.status()).as(tracked.toString()).isEqualTo(202);
                views++;
            }
        }
        // Every event once, whatever the replays.
        assertThat(accepted).isEqualTo(500);
        assertThat(count("heartbeats", company)).isEqualTo(500);
        long total = jdbc.sql(
                        "select coalesce(sum(total_activity_count), 0) from daily_company_activity where company_id = :c")
                .param("c", company)
                .query(Long.class)
                .single();
        assertThat(total).isEqualTo(expectedTotal);
        long pageViews = jdbc.sql(
                        "select coalesce(sum(page_views), 0) from daily_company_activity where company_id = :c")
                .param("c", company)
                .query(Long.class)
                .single();
        assertThat(pageViews).isEqualTo(views);

        List<String> incremental = rollups(company);
        rebuild.rebuild(company);
        List<String> rebuilt = rollups(company);
        assertThat(incremental).hasSizeGreaterThan(100).isEqualTo(rebuilt);
    }

    @Test
    void newYorkAcrossBothDstChanges() {
        runScenario(
                "America/New_York",
                new String[][] {
                    {"2026-03-07T20:00:00Z", "2026-03-09T08:00:00Z"}, // spring forward at 07:00Z on 03-08
                    {"2026-10-31T20:00:00Z", "2026-11-02T08:00:00Z"} // fall back at 06:00Z on 11-01
                },
                20260308L);
    }

    @Test
    void kolkataAroundLocalMidnight() {
        runScenario(
                "Asia/Kolkata",
                new String[][] {
                    {"2026-09-01T15:00:00Z", "2026-09-02T22:00:00Z"}, {"2026-09-10T18:00:00Z", "2026-09-10T19:00:00Z"}
                },
                530L);
    }

    private record View(UUID user, Map<String, Object> body) {}

    private static View view(Random random, UUID user, int tab, Instant at) {
        Map<String, Object> body = new HashMap<>();
        body.put("path", PATHS[random.nextInt(PATHS.length)]);
        body.put("session_id", "tab-" + tab);
        body.put("viewed_at", at.toString());
        if (random.nextBoolean()) {
            body.put("duration_ms", random.nextInt(60_000));
        }
        return new View(user, body);
    }

    /**
     * Sessions built from page views sent out of order, all in the past, around local midnights.
     * Busy nights: for every viewer and client session id a burst of 2 to 7 views within 80
     * minutes either side of midnight (gaps sometimes over the 30-minute idle limit), all busy
     * views shuffled together. Quiet nights: one viewer, 3 to 6 views within 14 minutes either
     * side of midnight, at least one on each side, sent latest first: one session, whose start
     * each later-arriving view moves back until it lies on the day before, so the day after loses
     * the only session it had. Each quiet burst keeps its order while the streams are interleaved
     * at random. Then each quiet night's session is checked against the fixture, and every rollup
     * (daily_company_sessions included) against a rebuild.
     */
    private void runSessionScenario(String zone, String[] busyMidnights, String[] quietMidnights, long seed) {
        Random random = new Random(seed);
        ZoneId zoneId = ZoneId.of(zone);
        UUID company = company(zone);
        List<UUID> viewers = List.of(member(company), member(company), member(company, "admin", "active"));
        List<View> busy = new ArrayList<>();
        for (String midnight : busyMidnights) {
            Instant at = LocalDate.parse(midnight).atStartOfDay(zoneId).toInstant();
            for (UUID viewer : viewers) {
                for (int tab = 0; tab < 3; tab++) {
                    for (int v = 2 + random.nextInt(6); v > 0; v--) {
                        busy.add(view(random, viewer, tab, at.plusSeconds(random.nextInt(-80 * 60, 80 * 60 + 1))));
                    }
                }
            }
        }
        Collections.shuffle(busy, random);
        List<Deque<View>> streams = new ArrayList<>();
        streams.add(new ArrayDeque<>(busy));
        List<String> quietSessions = new ArrayList<>();
        for (String midnight : quietMidnights) {
            Instant at = LocalDate.parse(midnight).atStartOfDay(zoneId).toInstant();
            List<Instant> times = new ArrayList<>(
                    List.of(at.minusSeconds(1 + random.nextInt(14 * 60)), at.plusSeconds(random.nextInt(14 * 60 + 1))));
            for (int v = 1 + random.nextInt(4); v > 0; v--) {
                times.add(at.plusSeconds(random.nextInt(-14 * 60, 14 * 60 + 1)));
            }
            times.sort(Collections.reverseOrder()); // latest first
            UUID viewer = viewers.get(random.nextInt(viewers.size()));
            Deque<View> burst = new ArrayDeque<>();
            for (Instant time : times) {
                burst.add(view(random, viewer, 9, time));
            }
            streams.add(burst);
            // Its session by hand: from the earliest view to the latest, one page per view.
            quietSessions.add(times.get(times.size() - 1) + " " + times.get(0) + " " + times.size());
        }
        int sent = 0;
        int remaining = streams.stream().mapToInt(Deque::size).sum();
        while (remaining > 0) {
            int pick = random.nextInt(remaining);
            // A stream chosen with odds by its size, so the quiet bursts spread over the whole run.
            Deque<View> stream = null;
            int skipped = 0;
            for (Deque<View> q : streams) {
                if (pick < skipped + q.size()) {
                    stream = q;
                    break;
                }
                skipped += q.size();
            }
            View view = stream.poll();
            var tracked =
                    api.post("/api/v2/companies/" + company + "/track/pageview", Tokens.user(view.user()), view.body());
            assertThat(tracked.status()).as(tracked.toString()).isEqualTo(202);
            sent++;
            remaining--;
        }
        assertThat(count("page_views", company)).isEqualTo(sent);
        assertThat(jdbc.sql("""
                        select started_at, last_activity_at, page_count from sessions
                        where company_id = :c and client_session_id = 'tab-9' order by started_at
                        """)
                        .param("c", company)
                        .query((rs, n) -> rs.getTimestamp(1).toInstant() + " "
                                + rs.getTimestamp(2).toInstant() + " " + rs.getInt(3))
                        .list())
                .containsExactlyElementsOf(quietSessions);

        List<String> incremental = rollups(company);
        assertThat(incremental).anyMatch(row -> row.startsWith("daily_company_sessions:"));
        rebuild.rebuild(company);
        assertThat(incremental).isEqualTo(rollups(company));
    }

    @Test
    void outOfOrderViewsAcrossNewYorkMidnights() {
        // A plain night and the night before the spring-forward day (2026-03-08 has 23 hours);
        // quiet nights include the one before the fall-back day (2026-11-01 has 25 hours).
        runSessionScenario(
                "America/New_York",
                new String[] {"2026-02-11", "2026-03-08"},
                new String[] {"2026-02-20", "2026-02-21", "2026-02-25", "2026-11-01"},
                1107L);
    }

    @Test
    void outOfOrderViewsAcrossKolkataMidnights() {
        // +05:30: local midnight is 18:30 UTC of the day before.
        runSessionScenario(
                "Asia/Kolkata",
                new String[] {"2026-09-02", "2026-09-03"},
                new String[] {"2026-09-12", "2026-09-14", "2026-09-20", "2026-09-22"},
                2209L);
    }

    /**
     * Page views with event ids around Kolkata midnights, sent out of order in server-side batches
     * (POST /page-views) and through track/pageview, with repeats inside batches, replays of stored
     * ids (some with another time, path or session, which must change nothing), whole batches
     * retried, and pending members (batches only: tracking needs an active member). Every view is
     * stored once, and every rollup equals a rebuild.
     */
    @Test
    void pageViewBatchesWithRepeatsAndRetriesEqualARebuild() {
        Random random = new Random(1704L);
        ZoneId zone = ZoneId.of("Asia/Kolkata");
        UUID company = company(zone.getId());
        List<UUID> users = List.of(
                member(company),
                member(company),
                member(company, "admin", "active"),
                member(company, "member", "pending"));
        List<Map<String, Object>> views = new ArrayList<>();
        for (String midnight : List.of("2026-09-02", "2026-09-03")) {
            Instant at = LocalDate.parse(midnight).atStartOfDay(zone).toInstant();
            for (int v = 0; v < 150; v++) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("event_id", UUID.randomUUID().toString());
                item.put("user_id", users.get(random.nextInt(users.size())).toString());
                item.put("session_id", "tab-" + random.nextInt(3));
                item.put("path", PATHS[random.nextInt(PATHS.length)]);
                item.put(
                        "viewed_at",
                        at.plusSeconds(random.nextInt(-80 * 60, 80 * 60 + 1)).toString());
                if (random.nextBoolean()) {
                    item.put("duration_ms", random.nextInt(60_000));
                }
                views.add(item);
            }
        }
        List<Map<String, Object>> order = new ArrayList<>(views);
        Collections.shuffle(order, random);
        List<Map<String, Object>> sent = new ArrayList<>();
        List<Map<String, Object>> lastBatch = List.of();
        String token = Tokens.service("analytics:ingest", company);
        String batchUrl = "/api/v2/companies/" + company + "/page-views";
        int accepted = 0;
        for (int position = 0; position < order.size(); ) {
            List<Map<String, Object>> chunk =
                    new ArrayList<>(order.subList(position, Math.min(order.size(), position + 1 + random.nextInt(40))));
            position += chunk.size();
            if (random.nextInt(4) == 0) {
                // One by one through track/pageview, as the member; a pending member's go in a batch.
                List<Map<String, Object>> rest = new ArrayList<>();
                for (Map<String, Object> view : chunk) {
                    UUID user = UUID.fromString((String) view.get("user_id"));
                    if (user.equals(users.get(3))) {
                        rest.add(view);
                        continue;
                    }
                    Map<String, Object> body = new LinkedHashMap<>(view);
                    body.remove("user_id");
                    for (int attempt = random.nextInt(3) == 0 ? 2 : 1; attempt > 0; attempt--) { // some retried
                        var tracked =
                                api.post("/api/v2/companies/" + company + "/track/pageview", Tokens.user(user), body);
                        assertThat(tracked.status()).as(tracked.toString()).isEqualTo(202);
                    }
                    sent.add(view);
                }
                chunk = rest;
                if (chunk.isEmpty()) {
                    continue;
                }
            }
            List<Map<String, Object>> batch = new ArrayList<>(chunk);
            int fresh = batch.size();
            for (int r = sent.isEmpty() ? 0 : random.nextInt(Math.min(8, sent.size()) + 1); r > 0; r--) {
                Map<String, Object> replay = new LinkedHashMap<>(sent.get(random.nextInt(sent.size())));
                if (random.nextBoolean()) { // the same id with other content is still the same event
                    replay.put(
                            "viewed_at",
                            Instant.parse((String) replay.get("viewed_at"))
                                    .plusSeconds(random.nextInt(-3000, 3001))
                                    .toString());
                    replay.put("path", PATHS[random.nextInt(PATHS.length)]);
                    replay.put("session_id", "tab-" + random.nextInt(3));
                }
                batch.add(replay);
            }
            if (random.nextBoolean()) {
                batch.add(batch.get(random.nextInt(batch.size()))); // a repeat inside the batch
            }
            Collections.shuffle(batch, random);
            var response = api.post(batchUrl, token, Map.of("page_views", batch));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("accepted").asInt())
                    .as(response.toString())
                    .isEqualTo(fresh);
            assertThat(response.json().get("duplicates").asInt()).isEqualTo(batch.size() - fresh);
            accepted += fresh;
            sent.addAll(chunk);
            if (random.nextInt(4) == 0 && !lastBatch.isEmpty()) { // the previous batch retried whole
                var retried = api.post(batchUrl, token, Map.of("page_views", lastBatch));
                assertThat(retried.json().get("accepted").asInt())
                        .as(retried.toString())
                        .isZero();
            }
            lastBatch = batch;
        }
        assertThat(sent).hasSize(views.size());
        assertThat(accepted).isLessThan(views.size()); // some went through track/pageview
        assertThat(count("page_views", company)).isEqualTo(views.size());
        assertThat(count("page_view_event_ids", company)).isEqualTo(views.size());
        assertThat(jdbc.sql("select sum(page_count) from sessions where company_id = :c")
                        .param("c", company)
                        .query(Long.class)
                        .single())
                .isEqualTo(views.size());
        assertThat(jdbc.sql("select coalesce(sum(page_views), 0) from daily_company_activity where company_id = :c")
                        .param("c", company)
                        .query(Long.class)
                        .single())
                .isEqualTo(views.size());
        // Each stored view is its first version: the path it was first sent with.
        Map<String, String> paths = new HashMap<>();
        views.forEach(v -> paths.put((String) v.get("event_id"), (String) v.get("path")));
        jdbc.sql("select view_id::text, path from page_views where company_id = :c")
                .param("c", company)
                .query(rs -> {
                    assertThat(rs.getString(2)).isEqualTo(paths.get(rs.getString(1)));
                });

        List<String> incremental = rollups(company);
        assertThat(incremental).anyMatch(row -> row.startsWith("daily_company_sessions:"));
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(incremental);
    }

    @Test
    void theDstDayInNewYorkHas23HoursByHand() {
        UUID company = company("America/New_York");
        UUID ada = member(company);
        var response = api.post(
                heartbeats(company),
                Tokens.ingest(),
                batch(
                        beat(UUID.randomUUID(), ada, "d", "2026-03-08T04:59:00Z", 1, 0, 0, 0, 0), // 23:59 EST 03-07
                        beat(UUID.randomUUID(), ada, "d", "2026-03-08T05:00:00Z", 2, 0, 0, 0, 0), // 00:00 EST 03-08
                        beat(UUID.randomUUID(), ada, "d", "2026-03-08T07:00:00Z", 4, 0, 0, 0, 0), // 03:00 EDT 03-08
                        beat(UUID.randomUUID(), ada, "d", "2026-03-09T03:59:00Z", 8, 0, 0, 0, 0), // 23:59 EDT 03-08
                        beat(UUID.randomUUID(), ada, "d", "2026-03-09T04:00:00Z", 16, 0, 0, 0, 0))); // 00:00 EDT 03-09
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(jdbc.sql("""
                        select day || '=' || total_activity_count from daily_company_activity
                        where company_id = :c order by day
                        """).param("c", company).query(String.class).list())
                .containsExactly("2026-03-07=1", "2026-03-08=14", "2026-03-09=16");
    }

    @Test
    void twoClientsSendingOverlappingBatchesCountEveryEventOnce() throws Exception {
        UUID company = company("Europe/Berlin");
        List<UUID> users = List.of(member(company), member(company), member(company), member(company));
        List<Map<String, Object>> events = new ArrayList<>();
        Instant start = Instant.parse("2026-06-15T08:00:00Z"); // 10:00 in Berlin
        for (int i = 0; i < 400; i++) {
            events.add(beat(
                    UUID.randomUUID(),
                    users.get(i % 4),
                    "d" + (i % 3),
                    start.plusSeconds(i).toString(),
                    1,
                    0,
                    0,
                    2,
                    0));
        }
        // Client A sends events 0..299, client B 100..399 backwards: 200 events are sent by both.
        List<List<Map<String, Object>>> a = new ArrayList<>();
        List<List<Map<String, Object>>> b = new ArrayList<>();
        for (int i = 0; i < 300; i += 50) {
            a.add(events.subList(i, i + 50));
        }
        for (int i = 350; i >= 100; i -= 50) {
            List<Map<String, Object>> batch = new ArrayList<>(events.subList(i, i + 50));
            Collections.reverse(batch);
            b.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<int[]>> clients = new ArrayList<>();
            for (var batches : List.of(a, b)) {
                clients.add(() -> {
                    int[] sums = new int[2];
                    for (var batch : batches) {
                        var response = api.post(heartbeats(company), Tokens.ingest(), batch(batch));
                        if (response.status() != 200) {
                            throw new AssertionError(response.toString());
                        }
                        sums[0] += response.json().get("accepted").asInt();
                        sums[1] += response.json().get("duplicates").asInt();
                    }
                    return sums;
                });
            }
            int accepted = 0;
            int duplicates = 0;
            for (Future<int[]> f : pool.invokeAll(clients)) {
                accepted += f.get()[0];
                duplicates += f.get()[1];
            }
            assertThat(accepted).isEqualTo(400);
            assertThat(duplicates).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        // 400 events of total 3 on one Berlin day by 4 users; 100 each.
        assertThat(jdbc.sql("""
                        select day || ' ' || heartbeats || ' ' || total_activity_count || ' ' || active_users
                        from daily_company_activity where company_id = :c
                        """).param("c", company).query(String.class).list())
                .containsExactly("2026-06-15 400 1200 4");
        Map<UUID, String> perUser = new LinkedHashMap<>();
        jdbc.sql(
                        "select user_id, heartbeats || ' ' || total_activity_count from daily_user_activity where company_id = :c")
                .param("c", company)
                .query(rs -> {
                    perUser.put(rs.getObject(1, UUID.class), rs.getString(2));
                });
        assertThat(perUser)
                .hasSize(4)
                .allSatisfy((user, value) -> assertThat(value).isEqualTo("100 300"));
        List<String> incremental = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(incremental);
    }
}
