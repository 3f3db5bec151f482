package io.activity.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.AnalyticsApplication;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Erasure of one member's data (API.md, "Data rights"). The fixture: a UTC company whose member
 * "erased" and member "kept" are both active on 2026-06-01 and 2026-06-02, with heartbeats, a page
 * view each (so a session each) and the erased member's own API requests (usage events, one audited
 * read). Every expected figure below is worked out by hand from that fixture.
 */
@TestPropertySource( // as IngestTestSupport and RebuildJobsTest: fixed dates never age out, one context
        properties = {
            "analytics.retention.period=36500d",
            "analytics.rate-limit.ingest.enabled=false",
            "spring.datasource.hikari.maximum-pool-size=6"
        })
class ErasureTest extends IntegrationTest {

    @Autowired
    RollupRebuild rebuild;

    @Autowired
    RebuildJobs jobs;

    @Autowired
    Environment env;

    record Fixture(UUID company, UUID owner, UUID admin, UUID erased, UUID kept, List<UUID> erasedEvents) {}

    private static final String DAY_1 = "2026-06-01";
    private static final String DAY_2 = "2026-06-02";

    /** Every rollup table with its key, and the ones that hold a row per member. */
    private static final String[][] ROLLUPS = {
        {"daily_user_activity", "user_id, day"},
        {"daily_device_activity", "device_id, day"},
        {"daily_company_activity", "day"},
        {"quarter_hour_activity", "user_id, bucket_start, device_id"},
        {"quarter_hour_page_views", "user_id, bucket_start"},
        {"quarter_hour_company_activity", "bucket_start"},
        {"user_active_days", "day, user_id"},
        {"member_activity", "user_id"},
        {"daily_page_stats", "day, path"},
        {"page_member_ordinals", "user_id"},
        {"page_day_users", "day, path"},
        {"daily_company_sessions", "day"}
    };

    private static final List<String> PER_MEMBER = List.of(
            "daily_user_activity",
            "quarter_hour_activity",
            "quarter_hour_page_views",
            "user_active_days",
            "member_activity",
            "page_member_ordinals");

    private Fixture fixture() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        UUID admin = member(company, "admin", "active");
        UUID erased = member(company);
        var department = api.patch(
                "/api/v2/companies/" + company + "/members/" + erased,
                Tokens.provision(),
                Map.of("department", "Research"));
        assertThat(department.status()).as(department.toString()).isEqualTo(200);
        UUID kept = member(company);
        UUID e1 = UUID.randomUUID();
        UUID e2 = UUID.randomUUID();
        var beats = api.post(
                "/api/v2/companies/" + company + "/heartbeats",
                Tokens.ingest(),
                Map.of(
                        "heartbeats",
                        List.of(
                                beat(e1, erased, "laptop-e", DAY_1 + "T10:00:00Z", 3),
                                beat(e2, erased, "shared", DAY_2 + "T11:00:00Z", 2),
                                beat(UUID.randomUUID(), kept, "laptop-k", DAY_1 + "T10:05:00Z", 4),
                                beat(UUID.randomUUID(), kept, "shared", DAY_2 + "T12:00:00Z", 1))));
        assertThat(beats.status()).as(beats.toString()).isEqualTo(200);
        for (var viewed : List.of(
                view(company, erased, "se", DAY_1 + "T10:10:00Z", 1000),
                view(company, kept, "sk", DAY_1 + "T10:20:00Z", 3000))) {
            assertThat(viewed.status()).as(viewed.toString()).isEqualTo(202);
        }
        var read = api.get("/api/v2/companies/" + company, Tokens.user(erased));
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        // Written off the request thread: a page view and a read are the erased member's usage,
        // and the read (page views are ingest, not audited) their one audit entry.
        await(
                () -> count("usage_events", "company_id = ? and user_id = ?", company, erased),
                2L,
                () -> jdbc.sql("select method || ' ' || route || ' ' || status from usage_events where company_id = ?")
                        .param(company)
                        .query(String.class)
                        .list()
                        .toString());
        await(() -> count("access_audit_log", "company_id = ? and user_id = ?", company, erased), 1L);
        return new Fixture(company, owner, admin, erased, kept, List.of(e1, e2));
    }

    private static Map<String, Object> beat(UUID event, UUID user, String device, String at, int chrome) {
        Map<String, Object> beat = new LinkedHashMap<>();
        beat.put("event_id", event.toString());
        beat.put("user_id", user.toString());
        beat.put("device_id", device);
        beat.put("generated_at", at);
        beat.put("chrome_activity_count", chrome);
        beat.put("edge_activity_count", 0);
        beat.put("firefox_activity_count", 0);
        beat.put("desktop_activity_count", 0);
        beat.put("web_accessibility_activity_count", 0);
        return beat;
    }

    private Api.Response view(UUID company, UUID user, String session, String at, int durationMs) {
        var response = api.post(
                "/api/v2/companies/" + company + "/track/pageview",
                Tokens.user(user),
                Map.of(
                        "path",
                        "/reports",
                        "session_id",
                        session,
                        "viewed_at",
                        at,
                        "duration_ms",
                        durationMs,
                        // With an event id, so the view has a guard row the erasure must remove too.
                        "event_id",
                        UUID.randomUUID().toString()));
        return response;
    }

    private long count(String table, String where, Object... params) {
        var sql = jdbc.sql("select count(*) from " + table + " where " + where);
        for (Object param : params) {
            sql = sql.param(param);
        }
        return sql.query(Long.class).single();
    }

    private static <T> void await(Supplier<T> actual, T expected) {
        await(actual, expected, () -> "");
    }

    private static <T> void await(Supplier<T> actual, T expected, Supplier<String> context) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!actual.get().equals(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(actual.get()).as(context.get()).isEqualTo(expected);
    }

    /** Every rollup row of the company as text, table by table, in key order. */
    private List<String> rollups(UUID company) {
        List<String> rows = new ArrayList<>();
        for (String[] table : ROLLUPS) {
            rows.addAll(jdbc.sql("select '" + table[0] + ":' || t::text from " + table[0]
                            + " t where company_id = ? order by " + table[1])
                    .param(company)
                    .query(String.class)
                    .list());
        }
        return rows;
    }

    private List<String> dailyCompany(UUID company) {
        return jdbc.sql("""
                        select day || ' heartbeats=' || heartbeats || ' total=' || total_activity_count
                               || ' views=' || page_views || ' active=' || active_users
                        from daily_company_activity where company_id = ? order by day
                        """).param(company).query(String.class).list();
    }

    private List<Integer> dailyActiveUsers(UUID company, UUID owner) {
        var response = api.get(
                "/api/v2/companies/" + company + "/active-users?type=daily&date_from=" + DAY_1 + "&date_to=" + DAY_2,
                Tokens.user(owner));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<Integer> counts = new ArrayList<>();
        response.json()
                .get("data")
                .forEach(d -> counts.add(d.get("active_users").asInt()));
        return counts;
    }

    private Api.Response erase(UUID company, UUID user, String token) {
        return api.delete("/api/v2/companies/" + company + "/members/" + user + "/data", token);
    }

    private Api.Response status(UUID company, String erasure, String token) {
        return api.get("/api/v2/companies/" + company + "/erasures/" + erasure, token);
    }

    private JsonNode awaitDone(UUID company, String erasure) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Api.Response response = status(company, erasure, Tokens.provision());
        while (!response.json().path("status").asString("").equals("done") && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = status(company, erasure, Tokens.provision());
        }
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("status").asString())
                .as(response.toString())
                .isEqualTo("done");
        return response.json();
    }

    private static Map<String, Long> deleted(JsonNode status) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String kind : List.of("heartbeats", "page_views", "sessions", "usage_events")) {
            counts.put(kind, status.get("deleted").get(kind).asLong());
        }
        return counts;
    }

    private static Map<String, Long> counts(long heartbeats, long pageViews, long sessions, long usageEvents) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("heartbeats", heartbeats);
        counts.put("page_views", pageViews);
        counts.put("sessions", sessions);
        counts.put("usage_events", usageEvents);
        return counts;
    }

    private long rawRows(UUID company, UUID user) {
        long rows = 0;
        for (String table : List.of("heartbeats", "page_views", "sessions", "usage_events")) {
            rows += count(table, "company_id = ? and user_id = ?", company, user);
        }
        return rows;
    }

    @Test
    void anErasureRemovesTheMemberAndTheirShareOfEveryFigure() {
        Fixture f = fixture();
        UUID company = f.company();
        // Before: both members active on both days.
        assertThat(dailyCompany(company))
                .containsExactly(
                        DAY_1 + " heartbeats=2 total=7 views=2 active=2",
                        DAY_2 + " heartbeats=2 total=3 views=0 active=2");
        assertThat(dailyActiveUsers(company, f.owner())).containsExactly(2, 2);
        assertThat(rawRows(company, f.erased())).isEqualTo(2 + 1 + 1 + 2);

        Instant before = Instant.now();
        var requested = erase(company, f.erased(), Tokens.user(f.owner()));
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        assertThat(requested.json().propertyNames()).containsExactlyInAnyOrder("erasure_id", "status");
        assertThat(requested.json().get("status").asString()).isEqualTo("running");
        String erasure = requested.json().get("erasure_id").asString();

        // Running (the job starts after its delay): nothing deleted yet, the membership already gone.
        var running = status(company, erasure, Tokens.user(f.owner()));
        assertThat(running.status()).as(running.toString()).isEqualTo(200);
        assertThat(running.json().propertyNames())
                .containsExactlyInAnyOrder("erasure_id", "user_id", "status", "requested_at", "finished_at", "deleted");
        assertThat(running.json().get("status").asString()).isEqualTo("running");
        assertThat(running.json().get("erasure_id").asString()).isEqualTo(erasure);
        assertThat(running.json().get("user_id").asString())
                .isEqualTo(f.erased().toString());
        assertThat(running.json().get("finished_at").isNull()).isTrue();
        assertThat(deleted(running.json())).isEqualTo(counts(0, 0, 0, 0));
        assertThat(count("company_members", "company_id = ? and user_id = ?", company, f.erased()))
                .isZero();

        JsonNode done = awaitDone(company, erasure);
        assertThat(deleted(done)).isEqualTo(counts(2, 1, 1, 2));
        Instant requestedAt = Instant.parse(done.get("requested_at").asString());
        Instant finishedAt = Instant.parse(done.get("finished_at").asString());
        assertThat(requestedAt).isAfter(before.minusSeconds(5));
        assertThat(finishedAt).isAfterOrEqualTo(requestedAt);

        // No raw row of the member: heartbeats (and their event-id guards), page views, sessions, usage.
        assertThat(rawRows(company, f.erased())).isZero();
        for (UUID event : f.erasedEvents()) {
            assertThat(count("heartbeat_event_ids", "company_id = ? and event_id = ?", company, event))
                    .isZero();
        }
        // The other member's rows are all there.
        assertThat(count("heartbeats", "company_id = ? and user_id = ?", company, f.kept()))
                .isEqualTo(2);
        assertThat(count("page_views", "company_id = ? and user_id = ?", company, f.kept()))
                .isEqualTo(1);
        assertThat(count("sessions", "company_id = ? and user_id = ?", company, f.kept()))
                .isEqualTo(1);
        assertThat(count("heartbeat_event_ids", "company_id = ?", company)).isEqualTo(2);
        // The page-view guard rows: the kept member's one view only.
        assertThat(count("page_view_event_ids", "company_id = ?", company)).isEqualTo(1);

        // The company's figures drop by exactly that member, worked out by hand.
        assertThat(dailyCompany(company))
                .containsExactly(
                        DAY_1 + " heartbeats=1 total=4 views=1 active=1",
                        DAY_2 + " heartbeats=1 total=1 views=0 active=1");
        assertThat(dailyActiveUsers(company, f.owner())).containsExactly(1, 1); // the cached answer was dropped
        assertThat(jdbc.sql("select device_id || ' ' || day || ' ' || heartbeats || ' ' || total_activity_count"
                                + " from daily_device_activity where company_id = ? order by device_id, day")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly("laptop-k " + DAY_1 + " 1 4", "shared " + DAY_2 + " 1 1");
        assertThat(jdbc.sql("select day || ' ' || path || ' ' || page_views || ' ' || duration_sum_ms || ' '"
                                + " || duration_count from daily_page_stats where company_id = ?")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly(DAY_1 + " /reports 1 3000 1");
        // The erased member had bit 0 (first page view), the kept member bit 1: only bit 1 is left.
        assertThat(jdbc.sql("select users::text from page_day_users where company_id = ?")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly("01");
        assertThat(jdbc.sql("select day || ' ' || sessions from daily_company_sessions where company_id = ?")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly(DAY_1 + " 1");
        for (String table : PER_MEMBER) {
            assertThat(count(table, "company_id = ? and user_id = ?", company, f.erased()))
                    .as(table)
                    .isZero();
        }
        // And every rollup table equals a rebuild from the raw rows left.
        List<String> afterErasure = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(afterErasure);

        // The person: fields blanked, membership and its status history gone; the id stays known.
        assertThat(jdbc.sql("select email || '|' || first_name || '|' || last_name from users"
                                + " where company_id = ? and user_id = ?")
                        .params(company, f.erased())
                        .query(String.class)
                        .single())
                .isEqualTo("||");
        assertThat(count("company_members", "company_id = ? and user_id = ?", company, f.erased()))
                .isZero();
        assertThat(count("user_status_changes", "company_id = ? and user_id = ?", company, f.erased()))
                .isZero();
        assertThat(count("company_members", "company_id = ? and department = 'Research'", company))
                .isZero();

        // The audit trail keeps the member's access without their identity, and records the erasure.
        assertThat(count(
                        "access_audit_log",
                        "company_id = ? and (user_id = ? or subject = ?)",
                        company,
                        f.erased(),
                        f.erased().toString()))
                .isZero();
        assertThat(jdbc.sql("select method || ' ' || route || ' ' || status from access_audit_log"
                                + " where company_id = ? and subject = 'erased' and user_id is null")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly("GET /api/v2/companies/{companyId} 200");
        await(
                () -> count(
                        "access_audit_log",
                        "company_id = ? and user_id = ? and method = 'DELETE' and status = 202"
                                + " and route = '/api/v2/companies/{companyId}/members/{userId}/data'",
                        company,
                        f.owner()),
                1L);

        // Repeating is harmless: a new erasure, which finds nothing and changes nothing.
        var again = erase(company, f.erased(), Tokens.provision());
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        String second = again.json().get("erasure_id").asString();
        assertThat(second).isNotEqualTo(erasure);
        assertThat(deleted(awaitDone(company, second))).isEqualTo(counts(0, 0, 0, 0));
        assertThat(rollups(company)).isEqualTo(afterErasure);
        assertThat(deleted(awaitDone(company, erasure))).isEqualTo(counts(2, 1, 1, 2)); // the first is unchanged

        // Events for the erased member are refused like a stranger's.
        UUID stranger = UUID.randomUUID();
        for (UUID user : List.of(f.erased(), stranger)) {
            var late = api.post(
                    "/api/v2/companies/" + company + "/heartbeats",
                    Tokens.ingest(),
                    Map.of("heartbeats", List.of(beat(UUID.randomUUID(), user, "laptop-e", DAY_2 + "T15:00:00Z", 5))));
            assertThat(late.status()).as(late.toString()).isEqualTo(400);
            assertThat(late.json().get("errors").propertyNames()).containsExactly("heartbeats[0].user_id");
            assertThat(late.json()
                            .get("errors")
                            .get("heartbeats[0].user_id")
                            .get(0)
                            .asString())
                    .isEqualTo("is not a member of this company");
            var tracked = view(company, user, "se", DAY_2 + "T15:00:00Z", 10);
            assertThat(tracked.status()).as(tracked.toString()).isEqualTo(404);
            assertThat(tracked.json().get("code").asString()).isEqualTo("company_not_found");
        }
        assertThat(rawRows(company, f.erased())).isZero();
        assertThat(rollups(company)).isEqualTo(afterErasure);
    }

    @Test
    void onlyTheOwnerOrAProvisioningServiceMayEraseAndOnlyTheirOwnCompanysMembersAndErasures() {
        Fixture f = fixture();
        Fixture other = fixture();
        String owner = Tokens.user(f.owner());
        for (UUID lowRole : List.of(f.admin(), f.kept())) {
            var refused = erase(f.company(), f.erased(), Tokens.user(lowRole));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("code").asString()).isEqualTo("permission_denied");
        }
        // Another company's member, and an id that was never a user here: 404, nothing erased anywhere.
        for (UUID user : List.of(other.erased(), UUID.randomUUID())) {
            var missing = erase(f.company(), user, owner);
            assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
            assertThat(missing.json().get("code").asString()).isEqualTo("user_not_found");
        }
        assertThat(count("company_members", "company_id = ? and user_id = ?", other.company(), other.erased()))
                .isEqualTo(1);
        assertThat(rawRows(other.company(), other.erased())).isEqualTo(2 + 1 + 1 + 2);
        assertThat(count("company_jobs", "company_id in (?, ?)", f.company(), other.company()))
                .isZero();

        // Bad ids name their field.
        var badUser = api.delete("/api/v2/companies/" + f.company() + "/members/not-a-uuid/data", owner);
        assertThat(badUser.status()).as(badUser.toString()).isEqualTo(400);
        assertThat(badUser.json().get("errors").propertyNames()).containsExactly("user_id");
        var badErasure = status(f.company(), "12345", owner);
        assertThat(badErasure.status()).as(badErasure.toString()).isEqualTo(400);
        assertThat(badErasure.json().get("errors").propertyNames()).containsExactly("erasure_id");

        // Another company's erasure, a timezone rebuild's job id and an unknown id: 404.
        var otherErasure = erase(other.company(), other.erased(), Tokens.provision());
        assertThat(otherErasure.status()).as(otherErasure.toString()).isEqualTo(202);
        String otherId = otherErasure.json().get("erasure_id").asString();
        var put = api.put(
                "/api/v2/companies/" + f.company(),
                Tokens.provision(),
                Map.of("name", "Co", "timezone", "Asia/Kolkata"));
        assertThat(put.status()).isEqualTo(200);
        String rebuildJob = jdbc.sql("select job_id::text from company_jobs where company_id = ? and kind = 'rebuild'")
                .param(f.company())
                .query(String.class)
                .single();
        for (String id : List.of(otherId, rebuildJob, UUID.randomUUID().toString())) {
            var missing = status(f.company(), id, owner);
            assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
            assertThat(missing.json().get("code").asString()).isEqualTo("erasure_not_found");
        }
        // The other company's owner reads it; this company's owner, admin and member cannot.
        assertThat(status(other.company(), otherId, Tokens.user(other.owner())).status())
                .isEqualTo(200);
        for (UUID lowRole : List.of(other.admin(), other.kept())) {
            var refused = status(other.company(), otherId, Tokens.user(lowRole));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.json().get("code").asString()).isEqualTo("permission_denied");
        }
        var stranger = status(other.company(), otherId, owner);
        assertThat(stranger.status()).as(stranger.toString()).isEqualTo(404);
        assertThat(stranger.json().get("code").asString()).isEqualTo("company_not_found");
        awaitDone(other.company(), otherId);
        // The refused requests erased nothing.
        assertThat(rawRows(f.company(), f.erased())).isEqualTo(2 + 1 + 1 + 2);
        assertThat(count("company_members", "company_id = ? and user_id = ?", f.company(), f.erased()))
                .isEqualTo(1);
    }

    @Test
    void aFailedAttemptDeletesNothingAndIsRetriedUntilItGivesUp() {
        Fixture f = fixture();
        UUID company = f.company();
        List<String> rollupsBefore = rollups(company);
        var requested = erase(company, f.erased(), Tokens.user(f.owner()));
        assertThat(requested.status()).as(requested.toString()).isEqualTo(202);
        String erasure = requested.json().get("erasure_id").asString();
        // Held back while a zone PostgreSQL does not know is set, which makes the rebuild inside the
        // erasure fail after its deletes (the API is not called meanwhile: it needs a valid zone).
        jdbc.sql("update company_jobs set not_before = now() + interval '1 hour' where company_id = ?")
                .param(company)
                .update();
        jdbc.sql("update companies set timezone = 'Not/AZone' where company_id = ?")
                .param(company)
                .update();
        for (int attempt = 1; attempt <= RebuildJobs.MAX_ATTEMPTS; attempt++) {
            jdbc.sql("update company_jobs set not_before = now() where company_id = ?")
                    .param(company)
                    .update();
            jobs.runDue();
            if (attempt == 1) {
                assertThat(jobRow(company)).isEqualTo("erasure pending 1");
                assertThat(jdbc.sql("select last_error from company_jobs where company_id = ?")
                                .param(company)
                                .query(String.class)
                                .single())
                        .contains("Not/AZone");
                // The attempt was one transaction: all of it rolled back.
                assertThat(rawRows(company, f.erased())).isEqualTo(2 + 1 + 1 + 2);
                assertThat(rollups(company)).isEqualTo(rollupsBefore);
            }
        }
        assertThat(jobRow(company)).isEqualTo("erasure failed 5");
        jdbc.sql("update companies set timezone = 'UTC' where company_id = ?")
                .param(company)
                .update();
        var failed = status(company, erasure, Tokens.provision());
        assertThat(failed.json().get("status").asString()).as(failed.toString()).isEqualTo("failed");
        assertThat(failed.json().get("finished_at").isNull()).isFalse();
        assertThat(deleted(failed.json())).isEqualTo(counts(0, 0, 0, 0));
        assertThat(rawRows(company, f.erased())).isEqualTo(2 + 1 + 1 + 2);
        assertThat(rollups(company)).isEqualTo(rollupsBefore);

        // Once the cause is fixed, a new request erases.
        var retried = erase(company, f.erased(), Tokens.provision());
        assertThat(retried.status()).as(retried.toString()).isEqualTo(202);
        assertThat(deleted(awaitDone(company, retried.json().get("erasure_id").asString())))
                .isEqualTo(counts(2, 1, 1, 2));
        assertThat(rawRows(company, f.erased())).isZero();
    }

    private String jobRow(UUID company) {
        return jdbc.sql("select kind || ' ' || status || ' ' || attempts from company_jobs where company_id = ?")
                .param(company)
                .query(String.class)
                .list()
                .toString()
                .replaceAll("^\\[|]$", "");
    }

    @Test
    void anErasureLeftByACrashIsResumedByTheNextInstanceToStart() throws Exception {
        Fixture f = fixture();
        UUID company = f.company();
        // What a crash leaves: the request committed (person forgotten, job written), the job
        // never finished (its transaction rolled back with the process), all the data still there.
        jdbc.sql("update users set email = '', first_name = '', last_name = '' where company_id = ? and user_id = ?")
                .params(company, f.erased())
                .update();
        jdbc.sql("delete from company_members where company_id = ? and user_id = ?")
                .params(company, f.erased())
                .update();
        String erasure =
                jdbc.sql("""
                        insert into company_jobs (company_id, kind, user_id, requested_at, not_before)
                        values (?, 'erasure', ?, now() - interval '1 minute', now() - interval '1 minute')
                        returning job_id::text
                        """).params(company, f.erased()).query(String.class).single();
        assertThat(rawRows(company, f.erased())).isEqualTo(2 + 1 + 1 + 2);

        List<String> properties = new ArrayList<>();
        for (String key : List.of(
                "spring.datasource.url",
                "spring.datasource.username",
                "spring.datasource.password",
                "spring.data.redis.host",
                "spring.data.redis.port",
                "analytics.security.jwt.hmac-secret")) {
            properties.add("--" + key + "=" + env.getProperty(key));
        }
        properties.add("--server.port=0");
        properties.add("--analytics.db.create-if-missing=false");
        properties.add("--analytics.retention.cron=-");
        properties.add("--analytics.retention.period=36500d");
        properties.add("--spring.datasource.hikari.maximum-pool-size=3");
        try (var restarted =
                new SpringApplicationBuilder(AnalyticsApplication.class).run(properties.toArray(String[]::new))) {
            assertThat(deleted(awaitDone(company, erasure))).isEqualTo(counts(2, 1, 1, 2));
        }
        assertThat(rawRows(company, f.erased())).isZero();
        assertThat(dailyCompany(company))
                .containsExactly(
                        DAY_1 + " heartbeats=1 total=4 views=1 active=1",
                        DAY_2 + " heartbeats=1 total=1 views=0 active=1");
        List<String> afterErasure = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(afterErasure);
    }
}
