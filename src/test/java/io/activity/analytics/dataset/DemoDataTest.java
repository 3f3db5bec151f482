package io.activity.analytics.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo profile loads the demo companies before the service answers, keeps them on a restart
 * when current, regenerates them when stale, and prints tokens that the service accepts.
 * (Shrunk to 3 days to stay fast; the full 60 days is the same code.)
 */
@ActiveProfiles("demo")
@TestPropertySource(properties = {"analytics.demo.end-date=2026-06-30", "analytics.demo.days=3"})
class DemoDataTest extends IntegrationTest {

    private static final UUID ACME = DatasetSpec.companyId("acme");

    @Autowired
    DemoData demo;

    private long heartbeats() {
        return jdbc.sql("select count(*) from heartbeats where company_id = :c")
                .param("c", ACME)
                .query(Long.class)
                .single();
    }

    @Test
    void loadedAtStartWithFixedIdsAndZones() {
        List<String> companies = jdbc.sql(
                        "select name || ' ' || timezone from companies where company_id in (:ids)" + " order by name")
                .param("ids", List.of(ACME, DatasetSpec.companyId("globex"), DatasetSpec.companyId("initech")))
                .query(String.class)
                .list();
        assertThat(companies).containsExactly("acme America/New_York", "globex Europe/Berlin", "initech Asia/Kolkata");
        assertThat(jdbc.sql("select count(*) from company_members where company_id = :c")
                        .param("c", ACME)
                        .query(Long.class)
                        .single())
                .isEqualTo(25);
        assertThat(jdbc.sql("select start_date || '..' || end_date from dataset_runs where name = 'demo'")
                        .query(String.class)
                        .single())
                .isEqualTo("2026-06-28..2026-06-30");
        // 2026-06-29 and -30 are weekdays: with p = 0.85 for 25 members, someone was active.
        assertThat(heartbeats()).isPositive();
        assertThat(jdbc.sql("select count(*) from daily_company_activity where company_id = :c")
                        .param("c", ACME)
                        .query(Long.class)
                        .single())
                .isPositive();
    }

    @Test
    void bannerTokensAreAcceptedForTheirRoles() {
        String banner = demo.banner();
        assertThat(banner)
                .contains("/dashboard/#token=")
                .contains("&company=" + ACME)
                .contains("/api/v2/companies/" + ACME + "/user-metrics/summary/");
        String admin = token(banner, "ADMIN");
        String member = token(banner, "MEMBER");
        UUID memberId = DatasetSpec.userId("acme", 2);
        var asMember = api.get("/api/v2/companies/" + ACME + "/members/" + memberId, member);
        assertThat(asMember.status()).as(asMember.toString()).isEqualTo(200);
        assertThat(asMember.body()).contains("\"role\":\"member\"");
        var adminRecord = api.get("/api/v2/companies/" + ACME + "/members/" + DatasetSpec.userId("acme", 1), admin);
        assertThat(adminRecord.status()).isEqualTo(200);
        assertThat(adminRecord.body()).contains("\"role\":\"admin\"");
        // A demo token is no key to another company.
        var other = api.get("/api/v2/companies/" + UUID.randomUUID() + "/members/" + memberId, member);
        assertThat(other.status()).isEqualTo(404);
        // The read-only token reads acme (admin reads included), writes nothing, reads no audit log.
        String read = token(banner, "READ");
        var summary = api.get("/api/v2/companies/" + ACME + "/user-metrics/summary/", read);
        assertThat(summary.status()).as(summary.toString()).isEqualTo(200);
        assertThat(summary.json().get("total_users").asInt()).isEqualTo(25);
        assertThat(api.get("/api/v2/companies/" + ACME + "/user-metrics/export/", read)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v2/companies/" + ACME + "/audit-log", read).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v2/companies/" + ACME + "/user-metrics/refresh/", read, java.util.Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v2/companies/" + DatasetSpec.companyId("globex") + "/user-metrics/summary/", read)
                        .status())
                .isEqualTo(404);
        // The member's own companies: acme only, as a member.
        var mine = api.get("/api/v2/me/companies", member);
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.body())
                .isEqualTo("{\"results\":[{\"company_id\":\"" + ACME
                        + "\",\"name\":\"acme\",\"timezone\":\"America/New_York\",\"role\":\"member\"}]}");
    }

    @Test
    void restartKeepsCurrentDataAndRegeneratesStaleData() {
        long before = heartbeats();
        String loadedAt = jdbc.sql("select loaded_at::text from dataset_runs where name = 'demo'")
                .query(String.class)
                .single();
        demo.afterSingletonsInstantiated(); // a restart with current data
        assertThat(jdbc.sql("select loaded_at::text from dataset_runs where name = 'demo'")
                        .query(String.class)
                        .single())
                .isEqualTo(loadedAt);

        jdbc.sql("update dataset_runs set end_date = date '2026-06-20' where name = 'demo'")
                .update();
        jdbc.sql("insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,"
                        + " chrome_activity_count, edge_activity_count, firefox_activity_count, desktop_activity_count,"
                        + " web_accessibility_activity_count) values (:c, '2026-06-01T12:00:00Z', gen_random_uuid(),"
                        + " :u, 'stray', 1, 0, 0, 0, 0)")
                .param("c", ACME)
                .param("u", DatasetSpec.userId("acme", 2))
                .update();
        demo.afterSingletonsInstantiated(); // a restart with stale data: deleted and generated again
        assertThat(jdbc.sql("select end_date from dataset_runs where name = 'demo'")
                        .query(LocalDate.class)
                        .single())
                .isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(heartbeats()).isEqualTo(before); // the same rows again, the stray one gone
    }

    private static String token(String banner, String name) {
        Matcher m = Pattern.compile(name + "=(\\S+)").matcher(banner);
        assertThat(m.find()).as(name + " in banner").isTrue();
        return m.group(1);
    }
}
