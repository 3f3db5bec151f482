package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Tokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class HeartbeatIngestTest extends IngestTestSupport {

    private List<String> select(String sql, UUID company) {
        return jdbc.sql(sql).param("company", company).query(String.class).list();
    }

    @Autowired
    HeartbeatWriter writer;

    @Test
    void batchesAreWrittenAsPlainStatementsExactlyWhereCitusIsInstalled() {
        // Unconfigured here: one statement on plain PostgreSQL, plain statements on a Citus
        // coordinator (the suite pointed at one with ANALYTICS_TEST_DB_URL).
        boolean citus = jdbc.sql("select exists (select 1 from pg_extension where extname = 'citus')")
                .query(Boolean.class)
                .single();
        assertThat(writer.splits()).isEqualTo(citus);
    }

    @Test
    void aBatchIsStoredOnceAndFoldedIntoEveryRollupOnTheCompanyLocalDay() {
        // Asia/Kolkata is UTC+05:30: 18:30Z is midnight local.
        UUID company = company("Asia/Kolkata");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID e1 = UUID.randomUUID(), e2 = UUID.randomUUID(), e3 = UUID.randomUUID();
        UUID e4 = UUID.randomUUID(), e5 = UUID.randomUUID();
        var first = batch(
                beat(e1, ada, "d1", "2026-06-01T18:20:00Z", 3, 0, 0, 2, 0), // 23:50 local, 06-01
                beat(e2, ada, "d1", "2026-06-01T18:40:00Z", 0, 1, 0, 0, 0), // 00:10 local, 06-02
                beat(e3, ada, "d2", "2026-06-01T18:25:00Z", 0, 0, 0, 0, 0), // 23:55, nothing counted
                beat(e4, bob, "d1", "2026-06-01T18:29:59Z", 0, 0, 4, 0, 1), // 23:59:59 local, 06-01
                beat(e5, bob, "d1", "2026-06-02T02:00:00Z", 0, 0, 0, 0, 0)); // 07:30 local, 06-02, total 0

        var response = api.post(heartbeats(company), Tokens.ingest(), first);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("accepted").asInt()).isEqualTo(5);
        assertThat(response.json().get("duplicates").asInt()).isEqualTo(0);

        String a = ada.toString(), b = bob.toString();
        assertThat(select("""
                        select user_id || ' ' || day || ' ' || heartbeats || ' ' || chrome_activity_count || ' '
                            || edge_activity_count || ' ' || firefox_activity_count || ' ' || desktop_activity_count
                            || ' ' || web_accessibility_activity_count || ' ' || total_activity_count || ' ' || page_views
                        from daily_user_activity where company_id = :company order by day, user_id
                        """, company))
                .containsExactlyInAnyOrder(
                        a + " 2026-06-01 2 3 0 0 2 0 5 0",
                        b + " 2026-06-01 1 0 0 4 0 1 5 0",
                        a + " 2026-06-02 1 0 1 0 0 0 1 0",
                        b + " 2026-06-02 1 0 0 0 0 0 0 0");
        assertThat(select("""
                        select device_id || ' ' || day || ' ' || heartbeats || ' ' || chrome_activity_count || ' '
                            || edge_activity_count || ' ' || firefox_activity_count || ' ' || desktop_activity_count
                            || ' ' || web_accessibility_activity_count || ' ' || total_activity_count
                        from daily_device_activity where company_id = :company order by device_id, day
                        """, company))
                .containsExactly(
                        "d1 2026-06-01 2 3 0 4 2 1 10", "d1 2026-06-02 2 0 1 0 0 0 1", "d2 2026-06-01 1 0 0 0 0 0 0");
        assertThat(select("""
                        select day || ' ' || heartbeats || ' ' || chrome_activity_count || ' ' || edge_activity_count
                            || ' ' || firefox_activity_count || ' ' || desktop_activity_count || ' '
                            || web_accessibility_activity_count || ' ' || total_activity_count || ' ' || page_views
                            || ' ' || active_users
                        from daily_company_activity where company_id = :company order by day
                        """, company))
                .containsExactly("2026-06-01 3 3 0 4 2 1 10 0 2", "2026-06-02 2 0 1 0 0 0 1 0 1");
        assertThat(select("""
                        select user_id || ' ' || to_char(bucket_start at time zone 'UTC', 'MM-DD HH24:MI') || ' '
                            || device_id || ' ' || heartbeats || ' ' || total_activity_count
                        from quarter_hour_activity where company_id = :company
                        """, company))
                .containsExactlyInAnyOrder(
                        a + " 06-01 18:15 d1 1 5",
                        a + " 06-01 18:15 d2 1 0",
                        a + " 06-01 18:30 d1 1 1",
                        b + " 06-01 18:15 d1 1 5",
                        b + " 06-02 02:00 d1 1 0");
        assertThat(select("""
                        select to_char(bucket_start at time zone 'UTC', 'MM-DD HH24:MI') || ' ' || heartbeats || ' '
                            || total_activity_count || ' ' || page_views
                        from quarter_hour_company_activity where company_id = :company order by bucket_start
                        """, company))
                .containsExactly("06-01 18:15 3 10 0", "06-01 18:30 1 1 0", "06-02 02:00 1 0 0");
        assertThat(select("select day || ' ' || user_id from user_active_days where company_id = :company", company))
                .containsExactlyInAnyOrder("2026-06-01 " + a, "2026-06-01 " + b, "2026-06-02 " + a);
        assertThat(select("""
                        select user_id || ' ' || to_char(last_heartbeat_at at time zone 'UTC', 'MM-DD HH24:MI:SS')
                            || ' ' || coalesce(last_session_at::text, '-') || ' ' || coalesce(last_login_at::text, '-')
                        from member_activity where company_id = :company
                        """, company))
                .containsExactlyInAnyOrder(a + " 06-01 18:40:00 - -", b + " 06-02 02:00:00 - -");
        assertThat(count("heartbeats", company)).isEqualTo(5);
        var before = rollups(company);

        // A replay stores and counts nothing.
        var replay = api.post(heartbeats(company), Tokens.ingest(), first);
        assertThat(replay.json().get("accepted").asInt()).isEqualTo(0);
        assertThat(replay.json().get("duplicates").asInt()).isEqualTo(5);
        assertThat(rollups(company)).isEqualTo(before);

        // A known event id under another generated_at is a duplicate too; a repeat inside a batch as well.
        UUID e6 = UUID.randomUUID();
        var mixed = api.post(
                heartbeats(company),
                Tokens.ingest(),
                batch(
                        beat(e1, ada, "d1", "2026-06-03T10:00:00Z", 100, 0, 0, 0, 0),
                        beat(e6, bob, "d3", "2026-06-03T10:00:00Z", 7, 0, 0, 0, 0),
                        beat(e6, bob, "d3", "2026-06-03T10:00:00Z", 7, 0, 0, 0, 0)));
        assertThat(mixed.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(mixed.json().get("duplicates").asInt()).isEqualTo(2);
        assertThat(count("heartbeats", company)).isEqualTo(6);
        assertThat(select("""
                        select day || ' ' || heartbeats || ' ' || total_activity_count || ' ' || active_users
                        from daily_company_activity where company_id = :company order by day
                        """, company)).containsExactly("2026-06-01 3 10 2", "2026-06-02 2 1 1", "2026-06-03 1 7 1");
    }

    @Test
    void membersInAnyStatusAreAcceptedAndRemovedMembersOnlyForEarlierEvents() {
        UUID company = company("UTC");
        UUID pending = member(company, "member", "pending");
        UUID inactive = member(company, "member", "inactive");
        UUID removed = member(company);
        jdbc.sql(
                        "update company_members set deleted_at = '2026-06-10T00:00:00Z' where company_id = :c and user_id = :u")
                .param("c", company)
                .param("u", removed)
                .update();
        var ok = api.post(
                heartbeats(company),
                Tokens.ingest(),
                batch(
                        beat(UUID.randomUUID(), pending, "d", "2026-06-09T10:00:00Z", 1, 0, 0, 0, 0),
                        beat(UUID.randomUUID(), inactive, "d", "2026-06-09T10:00:00Z", 1, 0, 0, 0, 0),
                        beat(UUID.randomUUID(), removed, "d", "2026-06-09T23:59:59Z", 1, 0, 0, 0, 0)));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("accepted").asInt()).isEqualTo(3);

        var late = api.post(
                heartbeats(company),
                Tokens.ingest(),
                batch(
                        beat(UUID.randomUUID(), pending, "d", "2026-06-11T10:00:00Z", 1, 0, 0, 0, 0),
                        beat(UUID.randomUUID(), removed, "d", "2026-06-10T00:00:00Z", 1, 0, 0, 0, 0)));
        assertThat(late.status()).as(late.toString()).isEqualTo(400);
        assertThat(late.json().get("errors").has("heartbeats[1].user_id")).isTrue();
        assertThat(late.json().get("errors").has("heartbeats[0].user_id")).isFalse();
        assertThat(count("heartbeats", company)).isEqualTo(3);
    }

    @Test
    void serviceTokensOnlyWithTheIngestScopeAndForTheirCompany() {
        UUID company = company("UTC");
        UUID user = member(company, "owner", "active");
        var body = batch(beat(UUID.randomUUID(), user, "d", "2026-06-09T10:00:00Z", 1, 0, 0, 0, 0));
        assertThat(api.post(heartbeats(company), Tokens.user(user), body).status())
                .isEqualTo(403);
        var provision = api.post(heartbeats(company), Tokens.provision(), body);
        assertThat(provision.status()).isEqualTo(403);
        assertThat(provision.json().get("code").asString()).isEqualTo("permission_denied");
        UUID other = company("UTC");
        var foreign = api.post(heartbeats(company), Tokens.service("analytics:ingest", other), body);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        assertThat(api.post(heartbeats(UUID.randomUUID()), Tokens.ingest(), body)
                        .status())
                .isEqualTo(404);
        assertThat(api.post(heartbeats(company), null, body).status()).isEqualTo(401);
        assertThat(count("heartbeats", company)).isZero();
        // The same token bound to the right company works.
        assertThat(api.post(heartbeats(company), Tokens.service("analytics:ingest", company), body)
                        .status())
                .isEqualTo(200);
    }
}
