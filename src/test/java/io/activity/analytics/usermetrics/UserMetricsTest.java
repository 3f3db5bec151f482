package io.activity.analytics.usermetrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.CompanyDataRefreshed;
import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.io.StringReader;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

/**
 * The user-metrics list, summary and export over a hand-made company in Europe/Berlin (UTC+1 in
 * winter, so its January 2026 is [2025-12-31T23:00Z, 2026-01-31T23:00Z)). The service's clock is
 * fixed at {@link #NOW} (12:00 in Berlin, far from midnight and from the month's start) wherever
 * "today" or "this month" matters; the month boundary itself has its own test.
 */
class UserMetricsTest extends IntegrationTest {

    @Autowired
    RollupRebuild rebuild;

    private static final String JAN = "date_from=2026-01-01&date_to=2026-01-31";

    record Fixture(UUID company, UUID alice, UUID bob, UUID carol, UUID dave, UUID eve) {}

    private UUID person(
            UUID company, String email, String first, String last, String role, String dept, String status) {
        UUID id = UUID.randomUUID();
        Map<String, Object> body = new HashMap<>();
        body.put("email", email);
        body.put("first_name", first);
        body.put("last_name", last);
        body.put("role", role);
        body.put("department", dept);
        body.put("status", status);
        var response = api.put("/api/v2/companies/" + company + "/members/" + id, Tokens.provision(), body);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return id;
    }

    /** The service's "now" for the fixture: Wednesday 2026-06-17, 12:00 in Berlin (CEST, UTC+2). */
    private static final String NOW = "2026-06-17T10:00:00Z";

    /** Timestamps are SQL expressions. */
    private void session(UUID company, UUID user, String startSql, String endSql) {
        jdbc.sql("insert into sessions (company_id, client_session_id, user_id, started_at, last_activity_at)"
                        + " values (:company, 'c', :user, " + startSql + ", " + endSql + ")")
                .param("company", company)
                .param("user", user)
                .update();
    }

    private void heartbeat(UUID company, UUID user, String atSql, int desktop) {
        jdbc.sql("""
                        insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,
                            chrome_activity_count, edge_activity_count, firefox_activity_count,
                            desktop_activity_count, web_accessibility_activity_count)
                        values (:company, %s, gen_random_uuid(), :user, 'pc', 0, 0, 0, :desktop, 0)
                        """.formatted(atSql))
                .param("company", company)
                .param("user", user)
                .param("desktop", desktop)
                .update();
    }

    private void view(UUID company, UUID user, String at) {
        jdbc.sql("""
                        insert into page_views (company_id, viewed_at, user_id, session_id, path)
                        values (:company, cast(:at as timestamptz), :user, gen_random_uuid(), '/home')
                        """)
                .param("company", company)
                .param("at", at)
                .param("user", user)
                .update();
    }

    private static String ts(String instant) {
        return "timestamptz '" + instant + "'";
    }

    private Fixture fixture() {
        clock.fix(NOW);
        UUID company = company("Europe/Berlin");
        UUID alice = person(company, "alice@example.com", "Alice", "Zed", "admin", "Eng", "active");
        UUID bob = person(company, "bob@example.com", "Bob", "Young", "member", "Sales", "inactive");
        UUID carol = person(company, "carol@example.com", "=SUM(1,2)", "+Carol", "member", "@ops", "pending");
        UUID dave = person(company, "dave@example.com", "Dave", "Gone", "member", "Sales", "active");
        UUID eve = person(company, "eve@example.com", "Eve", "Now", "member", "Eng", "active");

        // Alice: 40 min starting 23:30 Berlin on 31 Jan and running into February (a January
        // session); 20 min starting 00:30 Berlin on 1 Feb (23:30Z on 31 Jan: a February session);
        // 10 min on 10 Jan; 50 min on 15 Dec 2025.
        session(company, alice, ts("2026-01-31T22:30:00Z"), ts("2026-01-31T23:10:00Z"));
        session(company, alice, ts("2026-01-31T23:30:00Z"), ts("2026-01-31T23:50:00Z"));
        session(company, alice, ts("2026-01-10T09:00:00Z"), ts("2026-01-10T09:10:00Z"));
        session(company, alice, ts("2025-12-15T10:00:00Z"), ts("2025-12-15T10:50:00Z"));
        heartbeat(company, alice, ts("2026-01-10T09:00:00Z"), 10);
        heartbeat(company, alice, ts("2025-12-15T10:00:00Z"), 4);
        heartbeat(company, alice, ts("2026-02-01T08:00:00Z"), 1);
        view(company, alice, "2026-01-10T09:05:00Z");
        // Bob: 30 min on 15 Jan with two page views and a heartbeat counting nothing; two sessions
        // in the current month, right after it starts (1 June 00:00 Berlin is 2026-05-31T22:00Z; 30
        // and 10 min), and a heartbeat three days ago.
        session(company, bob, ts("2026-01-15T10:00:00Z"), ts("2026-01-15T10:30:00Z"));
        heartbeat(company, bob, ts("2026-01-15T10:00:00Z"), 0);
        view(company, bob, "2026-01-15T10:05:00Z");
        view(company, bob, "2026-01-15T10:06:00Z");
        session(company, bob, ts("2026-05-31T22:01:00Z"), ts("2026-05-31T22:31:00Z"));
        session(company, bob, ts("2026-05-31T22:40:00Z"), ts("2026-05-31T22:50:00Z"));
        heartbeat(company, bob, ts("2026-06-14T10:00:00Z"), 1);
        // Carol: nothing at all. Dave: 20 min on 20 Jan, then deleted. Eve: a heartbeat right now.
        session(company, dave, ts("2026-01-20T12:00:00Z"), ts("2026-01-20T12:20:00Z"));
        heartbeat(company, eve, ts(NOW), 1);
        rebuild.rebuild(company);
        assertThat(api.delete("/api/v2/companies/" + company + "/members/" + dave, Tokens.provision())
                        .status())
                .isEqualTo(204);
        return new Fixture(company, alice, bob, carol, dave, eve);
    }

    private static List<String> emails(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode row : response.json().get("results")) {
            out.add(row.get("email").asString());
        }
        return out;
    }

    private static JsonNode row(Api.Response response, String email) {
        for (JsonNode row : response.json().get("results")) {
            if (row.get("email").asString().equals(email)) {
                return row;
            }
        }
        throw new AssertionError(email + " not in " + response);
    }

    private static String field(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
        return response.json().get("errors").propertyNames().iterator().next();
    }

    @Test
    void listFiguresFiltersAndOrdering() {
        Fixture f = fixture();
        String base = "/api/v2/companies/" + f.company() + "/user-metrics/?" + JAN;
        String token = Tokens.user(f.eve());

        var list = api.get(base, token);
        // -last_active: Eve (now), Bob (this month), Alice (1 Feb), Carol (never); Dave is deleted.
        assertThat(emails(list))
                .containsExactly("eve@example.com", "bob@example.com", "alice@example.com", "carol@example.com");
        assertThat(list.json().get("count").asLong()).isEqualTo(4);
        assertThat(list.json().get("next").isNull()).isTrue();
        assertThat(list.json().get("previous").isNull()).isTrue();

        JsonNode alice = row(list, "alice@example.com");
        assertThat(alice.get("user_id").asString()).isEqualTo(f.alice().toString());
        assertThat(alice.get("first_name").asString()).isEqualTo("Alice");
        assertThat(alice.get("last_name").asString()).isEqualTo("Zed");
        assertThat(alice.get("last_active").asString()).isEqualTo("2026-02-01T08:00:00Z");
        assertThat(alice.get("total_sessions").asLong()).isEqualTo(2); // 31 Jan 23:30 Berlin and 10 Jan
        assertThat(alice.get("sessions_this_month").asLong()).isEqualTo(0);
        assertThat(alice.get("avg_session_duration").asString()).isEqualTo("00:25:00"); // (40 + 10) / 2
        assertThat(alice.get("status").asString()).isEqualTo("active");
        assertThat(alice.get("role").asString()).isEqualTo("admin");
        assertThat(alice.get("department").asString()).isEqualTo("Eng");
        assertThat(alice.get("last_login").asString()).isEqualTo("2026-01-31T23:30:00Z");
        assertThat(alice.get("created_at").asString()).endsWith("Z");

        JsonNode bob = row(list, "bob@example.com");
        assertThat(bob.get("total_sessions").asLong()).isEqualTo(1);
        assertThat(bob.get("sessions_this_month").asLong()).isEqualTo(2);
        assertThat(bob.get("avg_session_duration").asString()).isEqualTo("00:30:00");
        assertThat(bob.get("status").asString()).isEqualTo("inactive");

        JsonNode carol = row(list, "carol@example.com");
        assertThat(carol.get("last_active").isNull()).isTrue();
        assertThat(carol.get("last_login").isNull()).isTrue();
        assertThat(carol.get("total_sessions").asLong()).isEqualTo(0);
        assertThat(carol.get("sessions_this_month").asLong()).isEqualTo(0);
        assertThat(carol.get("avg_session_duration").asString()).isEqualTo("00:00:00");

        JsonNode eve = row(list, "eve@example.com");
        assertThat(eve.get("last_login").isNull()).isTrue();
        assertThat(eve.get("total_sessions").asLong()).isEqualTo(0);
        assertThat(eve.get("department").asString()).isEqualTo("Eng");

        // February: Alice's session that started 00:30 Berlin on 1 Feb.
        var february = api.get(
                "/api/v2/companies/" + f.company() + "/user-metrics/?date_from=2026-02-01&date_to=2026-02-28"
                        + "&search=alice",
                token);
        assertThat(row(february, "alice@example.com").get("total_sessions").asLong())
                .isEqualTo(1);
        assertThat(row(february, "alice@example.com")
                        .get("avg_session_duration")
                        .asString())
                .isEqualTo("00:20:00");

        assertThat(emails(api.get(base + "&ordering=last_active", token)))
                .containsExactly("alice@example.com", "bob@example.com", "eve@example.com", "carol@example.com");
        assertThat(emails(api.get(base + "&ordering=email", token)))
                .containsExactly("alice@example.com", "bob@example.com", "carol@example.com", "eve@example.com");
        assertThat(emails(api.get(base + "&ordering=-email", token)))
                .containsExactly("eve@example.com", "carol@example.com", "bob@example.com", "alice@example.com");
        assertThat(emails(api.get(base + "&ordering=-total_sessions", token)).subList(0, 2))
                .containsExactly("alice@example.com", "bob@example.com");
        // Carol and Eve both have 0: the tie goes by user_id.
        // PostgreSQL orders uuids bytewise, as their text sorts (UUID.compareTo compares signed longs).
        List<String> zeroTie = f.carol().toString().compareTo(f.eve().toString()) < 0
                ? List.of("carol@example.com", "eve@example.com")
                : List.of("eve@example.com", "carol@example.com");
        List<String> ascending = new ArrayList<>(zeroTie);
        ascending.addAll(List.of("bob@example.com", "alice@example.com"));
        assertThat(emails(api.get(base + "&ordering=total_sessions", token))).isEqualTo(ascending);

        assertThat(emails(api.get(base + "&status=inactive", token))).containsExactly("bob@example.com");
        assertThat(emails(api.get(base + "&role=admin", token))).containsExactly("alice@example.com");
        assertThat(emails(api.get(base + "&department=Sales", token))).containsExactly("bob@example.com");
        assertThat(emails(api.get(base + "&department=Eng&ordering=email", token)))
                .containsExactly("alice@example.com", "eve@example.com");
        assertThat(emails(api.get(base + "&search=ALI", token))).containsExactly("alice@example.com");
        assertThat(emails(api.get(base + "&search=young", token))).containsExactly("bob@example.com");
        assertThat(emails(api.get(base + "&search=Bob%20Young", token))).containsExactly("bob@example.com");
        assertThat(emails(api.get(base + "&search=%25", token))).isEmpty(); // a literal %
        assertThat(emails(api.get(base + "&search=dave", token))).isEmpty(); // deleted
        var empty = api.get(base + "&status=pending&role=admin", token);
        assertThat(emails(empty)).isEmpty();
        assertThat(empty.json().get("count").asLong()).isEqualTo(0);
    }

    @Test
    void summaryComparesWithThePreviousRange() {
        Fixture f = fixture();
        var response = api.get(
                "/api/v2/companies/" + f.company() + "/user-metrics/summary/?" + JAN + "&compare=previous",
                Tokens.user(f.eve()));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode s = response.json();
        assertThat(s.get("date_from").asString()).isEqualTo("2026-01-01");
        assertThat(s.get("date_to").asString()).isEqualTo("2026-01-31");
        assertThat(s.get("total_users").asLong()).isEqualTo(4); // Dave is deleted
        assertThat(s.get("users_by_status").get("active").asLong()).isEqualTo(2); // Alice, Eve
        assertThat(s.get("users_by_status").get("inactive").asLong()).isEqualTo(1);
        assertThat(s.get("users_by_status").get("pending").asLong()).isEqualTo(1);
        assertThat(s.get("active_users").get("today").asLong()).isEqualTo(1); // Eve
        assertThat(s.get("active_users").get("last_7_days").asLong()).isEqualTo(2); // Eve, Bob
        assertThat(s.get("active_users").get("last_30_days").asLong()).isEqualTo(2);
        // January sessions: Alice 40 + 10, Bob 30, Dave 20 (deleted later; the sessions happened).
        assertThat(s.get("total_sessions").asLong()).isEqualTo(4);
        assertThat(s.get("avg_session_duration").asString()).isEqualTo("00:25:00");
        assertThat(s.get("total_page_views").asLong()).isEqualTo(3);
        assertThat(s.get("unique_users").asLong()).isEqualTo(2); // Alice (activity 10), Bob (views)
        assertThat(s.get("total_activity").asLong()).isEqualTo(10);

        JsonNode previous = s.get("previous");
        assertThat(previous.get("date_from").asString()).isEqualTo("2025-12-01");
        assertThat(previous.get("date_to").asString()).isEqualTo("2025-12-31");
        assertThat(previous.get("total_sessions").asLong()).isEqualTo(1);
        assertThat(previous.get("avg_session_duration").asString()).isEqualTo("00:50:00");
        assertThat(previous.get("total_page_views").asLong()).isEqualTo(0);
        assertThat(previous.get("unique_users").asLong()).isEqualTo(1);
        assertThat(previous.get("total_activity").asLong()).isEqualTo(4);

        JsonNode change = s.get("change");
        assertThat(change.get("total_sessions").asDouble()).isEqualTo(3.0); // (4 - 1) / 1
        assertThat(change.get("avg_session_duration").asDouble()).isEqualTo(-0.5); // (1500 - 3000) / 3000
        assertThat(change.get("total_page_views").isNull()).isTrue(); // previous 0
        assertThat(change.get("unique_users").asDouble()).isEqualTo(1.0);
        assertThat(change.get("total_activity").asDouble()).isEqualTo(1.5); // (10 - 4) / 4

        var plain = api.get("/api/v2/companies/" + f.company() + "/user-metrics/summary/?" + JAN, Tokens.user(f.eve()));
        assertThat(plain.json().has("previous")).isFalse();
        assertThat(plain.json().has("change")).isFalse();
        assertThat(plain.json().get("total_sessions").asLong()).isEqualTo(4);
    }

    @Test
    void exportIsCsvForAdminsWithFormulasDefused() throws Exception {
        Fixture f = fixture();
        String path = "/api/v2/companies/" + f.company() + "/user-metrics/export/?" + JAN + "&ordering=email";
        var response = api.get(path, Tokens.user(f.alice()));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("Content-Type")).isEqualToIgnoringCase("text/csv;charset=UTF-8");
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"user-metrics-2026-01-01-to-2026-01-31.csv\"");
        assertThat(response.header("ETag")).isNull();
        assertThat(response.body())
                .startsWith("user_id,email,first_name,last_name,last_active,total_sessions,sessions_this_month,"
                        + "avg_session_duration,status,role,department,created_at,last_login\r\n");
        // Quoted because of the comma; the quote sign keeps the spreadsheet from evaluating it.
        assertThat(response.body())
                .contains(",carol@example.com,\"'=SUM(1,2)\",'+Carol,,0,0,00:00:00,pending,member,'@ops,");

        List<CSVRecord> records = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .get()
                .parse(new StringReader(response.body()))
                .getRecords();
        assertThat(records)
                .extracting(r -> r.get("email"))
                .containsExactly("alice@example.com", "bob@example.com", "carol@example.com", "eve@example.com");
        CSVRecord alice = records.get(0);
        assertThat(alice.get("user_id")).isEqualTo(f.alice().toString());
        assertThat(alice.get("last_active")).isEqualTo("2026-02-01T08:00:00Z");
        assertThat(alice.get("total_sessions")).isEqualTo("2");
        assertThat(alice.get("avg_session_duration")).isEqualTo("00:25:00");
        assertThat(alice.get("last_login")).isEqualTo("2026-01-31T23:30:00Z");
        assertThat(alice.get("department")).isEqualTo("Eng");
        assertThat(records.get(2).get("first_name")).isEqualTo("'=SUM(1,2)");
        assertThat(records.get(2).get("last_active")).isEmpty();

        // The filters apply.
        var sales = api.get(
                "/api/v2/companies/" + f.company() + "/user-metrics/export/?department=Sales", Tokens.user(f.alice()));
        assertThat(sales.body().lines().toList()).hasSize(2);
        assertThat(sales.body().lines().toList().get(1)).contains("bob@example.com");

        // Members without the admin role may not export or refresh.
        var plain = api.get(path, Tokens.user(f.eve()));
        assertThat(plain.status()).isEqualTo(403);
        assertThat(plain.json().get("code").asString()).isEqualTo("permission_denied");
        var refresh =
                api.post("/api/v2/companies/" + f.company() + "/user-metrics/refresh/", Tokens.user(f.eve()), Map.of());
        assertThat(refresh.status()).isEqualTo(403);
        assertThat(field(api.get(path + "&ordering=name", Tokens.user(f.alice()))))
                .isEqualTo("ordering");
        // A client asking for CSV gets it, and still a readable problem for a bad parameter.
        var asked = api.send("GET", path, Tokens.user(f.alice()), null, null, "Accept", "text/csv");
        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).isEqualTo(response.body());
        var askedBad = api.send("GET", path + "&status=x", Tokens.user(f.alice()), null, null, "Accept", "text/csv");
        assertThat(askedBad.status()).as(askedBad.toString()).isEqualTo(400);
        assertThat(askedBad.body()).contains("validation_error").contains("\"errors\":{\"status\"");
    }

    /**
     * "This month" and "today" turn at midnight in the company's zone, not in UTC: 1 July 2026 00:00
     * in Berlin is 2026-06-30T22:00Z. Ada's sessions start at 10:00Z and 21:59:59Z on 30 June (June
     * in Berlin) and at 22:00:00Z (the first instant of July there); her heartbeat at 21:30Z is at
     * 23:30 on 30 June in Berlin. Each clock position reads URLs of its own, so no cached answer is
     * reused.
     */
    @Test
    void theCurrentMonthAndTodayTurnAtMidnightInTheCompanysZone() {
        UUID company = company("Europe/Berlin");
        UUID ada = member(company, "admin", "active");
        session(company, ada, ts("2026-06-30T10:00:00Z"), ts("2026-06-30T10:10:00Z"));
        session(company, ada, ts("2026-06-30T21:59:59Z"), ts("2026-06-30T22:09:59Z"));
        session(company, ada, ts("2026-06-30T22:00:00Z"), ts("2026-06-30T22:30:00Z"));
        heartbeat(company, ada, ts("2026-06-30T21:30:00Z"), 1);
        rebuild.rebuild(company);
        String list = "/api/v2/companies/" + company + "/user-metrics/";
        String summary = "/api/v2/companies/" + company + "/user-metrics/summary/";
        String token = Tokens.user(ada);
        String email = ada + "@example.com";

        // The last microsecond of June in Berlin: default range 06-01 … 06-30.
        clock.fix("2026-06-30T21:59:59.999999Z");
        JsonNode june = row(api.get(list, token), email);
        assertThat(june.get("sessions_this_month").asLong()).isEqualTo(2);
        assertThat(june.get("total_sessions").asLong()).isEqualTo(2);
        JsonNode juneSummary = api.get(summary, token).json();
        assertThat(juneSummary.get("date_from").asString()).isEqualTo("2026-06-01");
        assertThat(juneSummary.get("date_to").asString()).isEqualTo("2026-06-30");
        assertThat(juneSummary.get("active_users").get("today").asLong()).isEqualTo(1);

        // Midnight in Berlin (still 30 June in UTC): July, default range 06-02 … 07-01.
        clock.fix("2026-06-30T22:00:00Z");
        JsonNode july = row(api.get(list + "?ordering=email", token), email);
        assertThat(july.get("sessions_this_month").asLong()).isEqualTo(1);
        assertThat(july.get("total_sessions").asLong()).isEqualTo(3);
        JsonNode julySummary = api.get(summary + "?compare=previous", token).json();
        assertThat(julySummary.get("date_from").asString()).isEqualTo("2026-06-02");
        assertThat(julySummary.get("date_to").asString()).isEqualTo("2026-07-01");
        assertThat(julySummary.get("active_users").get("today").asLong()).isZero();
        assertThat(julySummary.get("active_users").get("last_7_days").asLong()).isEqualTo(1);
    }

    @Test
    void pagingWalksEveryMemberOnce() {
        UUID company = company("UTC");
        Set<UUID> members = new LinkedHashSet<>();
        for (int i = 0; i < 7; i++) {
            members.add(member(company));
        }
        UUID other = member(company, "member", "pending");
        String token = Tokens.user(members.iterator().next());
        String first = "/api/v2/companies/" + company + "/user-metrics/?status=active&page_size=3&search=example";

        List<UUID> seen = new ArrayList<>();
        String next = first;
        int pages = 0;
        while (next != null) {
            var page = api.get(next, token);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.json().get("count").asLong()).isEqualTo(7);
            for (JsonNode row : page.json().get("results")) {
                seen.add(UUID.fromString(row.get("user_id").asString()));
            }
            JsonNode link = page.json().get("next");
            next = link.isNull() ? null : link.asString();
            if (next != null) {
                assertThat(next)
                        .startsWith("http://")
                        .contains("status=active")
                        .contains("page_size=3")
                        .contains("search=example")
                        .contains("page=" + (pages + 2));
            }
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        // Nobody has activity: -last_active is all nulls, so the order is by user_id.
        assertThat(seen)
                .isEqualTo(members.stream()
                        .sorted(java.util.Comparator.comparing(UUID::toString))
                        .toList())
                .doesNotContain(other);

        var third = api.get(first + "&page=3", token);
        assertThat(third.json().get("results")).hasSize(1);
        assertThat(third.json().get("previous").asString()).contains("page=2").contains("page_size=3");
        var past = api.get(first + "&page=4", token);
        assertThat(past.status()).isEqualTo(404);
        assertThat(past.json().get("code").asString()).isEqualTo("invalid_page");
    }

    @Test
    void everyParameterIsValidatedAndOtherCompaniesSeeNothing() {
        UUID company = company("UTC");
        UUID admin = member(company, "admin", "active");
        String token = Tokens.user(admin);
        String list = "/api/v2/companies/" + company + "/user-metrics/?";
        String summary = "/api/v2/companies/" + company + "/user-metrics/summary/?";

        assertThat(field(api.get(list + "date_from=2026-02-30", token))).isEqualTo("date_from");
        assertThat(field(api.get(list + "date_to=yesterday", token))).isEqualTo("date_to");
        assertThat(field(api.get(list + "date_from=2026-02-01&date_to=2026-01-31", token)))
                .isEqualTo("date_to");
        var tooLong = api.get(list + "date_from=2024-01-01&date_to=2026-01-01", token);
        assertThat(field(tooLong)).isEqualTo("date_to");
        assertThat(tooLong.json().get("errors").get("date_to").get(0).asString())
                .isEqualTo("Date range cannot exceed 731 days");
        assertThat(field(api.get(list + "status=deleted", token))).isEqualTo("status");
        assertThat(field(api.get(list + "role=boss", token))).isEqualTo("role");
        assertThat(field(api.get(list + "ordering=name", token))).isEqualTo("ordering");
        assertThat(field(api.get(list + "page=0", token))).isEqualTo("page");
        assertThat(field(api.get(list + "page=two", token))).isEqualTo("page");
        assertThat(field(api.get(list + "page_size=0", token))).isEqualTo("page_size");
        var tooBig = api.get(list + "page_size=101", token);
        assertThat(field(tooBig)).isEqualTo("page_size");
        assertThat(api.get(list + "page_size=100", token).status()).isEqualTo(200);
        assertThat(field(api.get(list + "search=" + "x".repeat(201), token))).isEqualTo("search");
        assertThat(field(api.get(list + "department=" + "x".repeat(201), token)))
                .isEqualTo("department");
        assertThat(field(api.get(summary + "compare=next", token))).isEqualTo("compare");
        assertThat(field(api.get(summary + "date_from=01-01-2026", token))).isEqualTo("date_from");
        assertThat(field(api.get(summary + "date_from=2026-02-01&date_to=2026-01-01", token)))
                .isEqualTo("date_to");
        assertThat(api.get(list + "unknown=1", token).status()).isEqualTo(200);

        UUID stranger = member(company("UTC"), "owner", "active");
        for (String path : List.of(list, summary, "/api/v2/companies/" + company + "/user-metrics/export/")) {
            var foreign = api.get(path, Tokens.user(stranger));
            assertThat(foreign.status()).isEqualTo(404);
            assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        }
        var foreignRefresh =
                api.post("/api/v2/companies/" + company + "/user-metrics/refresh/", Tokens.user(stranger), Map.of());
        assertThat(foreignRefresh.status()).isEqualTo(404);
        assertThat(foreignRefresh.json().get("code").asString()).isEqualTo("company_not_found");
    }

    @Test
    void aTimezoneChangeMovesReadingsToTheNewLocalDaysAndRefreshPicksUpLateData() throws Exception {
        UUID company = company("UTC");
        UUID admin = member(company, "admin", "active");
        // 23:30Z on 1 Jan is 08:30 on 2 Jan in Tokyo.
        heartbeat(company, admin, ts("2026-01-01T23:30:00Z"), 5);
        rebuild.rebuild(company);
        String series = "/api/v2/companies/" + company + "/users/" + admin
                + "/activity?metric=activity-count&start_date=2026-01-01&end_date=2026-01-03";
        String token = Tokens.user(admin);
        assertThat(values(api.get(series, token))).containsExactly(5L, 0L, 0L);

        // The timezone change rebuilds the rollups by itself once it has committed.
        var moved = api.put(
                "/api/v2/companies/" + company, Tokens.provision(), Map.of("name", "Co", "timezone", "Asia/Tokyo"));
        assertThat(moved.status()).isEqualTo(200);
        assertThat(awaitSeries(series, token, List.of(0L, 5L, 0L))).containsExactly(0L, 5L, 0L);
        assertThat(jdbc.sql("select day::text from daily_user_activity where company_id = :company")
                        .param("company", company)
                        .query(String.class)
                        .list())
                .containsExactly("2026-01-02");

        // Late data written straight to the raw table (as a repair or backfill would) is in no
        // rollup until the company is refreshed: 2026-01-03T01:00Z is 10:00 on 3 Jan in Tokyo.
        heartbeat(company, admin, ts("2026-01-03T01:00:00Z"), 7);
        String refresh = "/api/v2/companies/" + company + "/user-metrics/refresh/";
        for (int i = 0; i < 2; i++) { // twice: harmless
            var accepted = api.post(refresh, token, Map.of());
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
            assertThat(accepted.json().get("status").asString()).isEqualTo("accepted");
        }
        assertThat(awaitSeries(series, token, List.of(0L, 5L, 7L))).containsExactly(0L, 5L, 7L);
    }

    /** Polls the series (the refresh clears the cache when its rebuild ends) until it reads as expected. */
    private List<Long> awaitSeries(String series, String token, List<Long> expected) throws InterruptedException {
        List<Long> now = List.of();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            now = values(api.get(series, token));
            if (now.equals(expected)) {
                break;
            }
            Thread.sleep(200);
        }
        return now;
    }

    @Autowired
    RefreshRunner runner;

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    DataSource dataSource;

    /**
     * Five refreshes while a rebuild of the company is running cost two rebuilds (the running one
     * and one queued behind it), not five. The test holds the company's rebuild lock (the advisory
     * lock RollupRebuild takes) until the burst is in, so the first rebuild is still running when
     * the other four arrive, however fast the machine. Rebuilds are counted by the
     * CompanyDataRefreshed event the runner publishes after each one.
     */
    @Test
    void burstsOfRefreshesCoalesceAndEndIdle() throws Exception {
        UUID company = company("UTC");
        UUID admin = member(company, "admin", "active");
        heartbeat(company, admin, ts("2026-01-05T10:00:00Z"), 3); // never folded into the rollups yet
        String refresh = "/api/v2/companies/" + company + "/user-metrics/refresh/";
        AtomicInteger rebuilds = new AtomicInteger();
        ApplicationListener<ApplicationEvent> counter = event -> {
            if (event instanceof PayloadApplicationEvent<?> payload
                    && payload.getPayload() instanceof CompanyDataRefreshed refreshed
                    && refreshed.companyId().equals(company)) {
                rebuilds.incrementAndGet();
            }
        };
        context.addApplicationListener(counter);
        try {
            try (Connection lock = dataSource.getConnection()) {
                lock.setAutoCommit(false);
                try (var statement = lock.prepareStatement("select pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    statement.setString(1, company.toString());
                    statement.execute();
                }
                for (int i = 0; i < 5; i++) {
                    assertThat(api.post(refresh, Tokens.user(admin), Map.of()).status())
                            .isEqualTo(202);
                }
                assertThat(runner.busy(company)).isTrue();
                assertThat(rebuilds.get())
                        .as("no rebuild can end while the test holds the lock")
                        .isZero();
                lock.rollback(); // releases the lock: the running rebuild ends, the queued one runs
            }
            long released = System.nanoTime();
            long deadline = released + 30_000_000_000L;
            while (runner.busy(company) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(runner.busy(company)).isFalse();
            // Idle is not the end if a runner rebuilt once per request: its other rebuilds would
            // start now, and each takes about half of what the two above took. Watch for them for
            // four times that (at least 2 s, at most 30 s).
            long took = System.nanoTime() - released;
            long settle = System.nanoTime() + Math.min(Math.max(4 * took, 2_000_000_000L), 30_000_000_000L);
            while (rebuilds.get() <= 2 && System.nanoTime() < settle) {
                Thread.sleep(50);
            }
            assertThat(rebuilds.get()).as("rebuilds for a burst of 5 refreshes").isEqualTo(2);
        } finally {
            context.removeApplicationListener(counter);
        }
        assertThat(jdbc.sql("select day::text || '=' || total_activity_count from daily_user_activity"
                                + " where company_id = :company")
                        .param("company", company)
                        .query(String.class)
                        .list())
                .containsExactly("2026-01-05=3");
    }

    @Test
    void exportStreamsEveryRowOfALargerCompany() {
        UUID company = company("UTC");
        UUID admin = person(company, "admin@corp.test", "Ad", "Min", "admin", null, "active");
        // 3000 members written straight to the tables: u0000@bulk.test … u2999@bulk.test.
        jdbc.sql("""
                        insert into users (company_id, user_id, email, first_name, last_name)
                        select :company, gen_random_uuid(), 'u' || lpad(i::text, 4, '0') || '@bulk.test', 'F', 'L'
                        from generate_series(0, 2999) i
                        """).param("company", company).update();
        jdbc.sql("""
                        insert into company_members (company_id, user_id)
                        select company_id, user_id from users where company_id = :company and email like '%@bulk.test'
                        """).param("company", company).update();
        var response =
                api.get("/api/v2/companies/" + company + "/user-metrics/export/?ordering=-email", Tokens.user(admin));
        assertThat(response.status()).isEqualTo(200);
        List<String> lines = response.body().lines().toList();
        assertThat(lines).hasSize(3002); // header, admin, 3000
        // -email: u2999 … u0000, then admin@corp.test.
        assertThat(lines.get(1)).contains(",u2999@bulk.test,");
        assertThat(lines.get(3000)).contains(",u0000@bulk.test,");
        assertThat(lines.get(3001)).contains(",admin@corp.test,");
    }

    @Autowired
    UserMetricsQuery query;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Test
    void theExportReadsThroughAnOpenCursor() {
        UUID company = company("UTC");
        for (int i = 0; i < 3; i++) {
            member(company);
        }
        var filter = new MetricsRequests.ListRequest(null, null, null, null, null, null, MetricsFilter.Ordering.EMAIL)
                .filter(java.time.ZoneOffset.UTC, java.time.Clock.systemUTC());
        List<Long> openCursors = new ArrayList<>();
        new org.springframework.transaction.support.TransactionTemplate(transactions)
                .executeWithoutResult(tx -> query.stream(
                        company,
                        filter,
                        row -> openCursors.add(jdbc.sql("select count(*) from pg_cursors")
                                .query(Long.class)
                                .single())));
        // While rows are handed out, the statement is still a portal on the server: rows are fetched
        // in batches, not read into memory all at once.
        assertThat(openCursors).hasSize(3).allMatch(n -> n >= 1);
    }

    private static List<Long> values(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<Long> out = new ArrayList<>();
        for (JsonNode point : response.json().get("data")) {
            out.add(point.get("value").asLong());
        }
        return out;
    }
}
