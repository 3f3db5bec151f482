package io.activity.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.config.CronTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

class RetentionTest extends IntegrationTest {

    @Autowired
    Retention retention;

    @Autowired
    RollupRebuild rebuild;

    private static final String[] ROLLUPS = {
        "daily_user_activity", "daily_device_activity", "daily_company_activity", "quarter_hour_activity",
        "quarter_hour_page_views", "quarter_hour_company_activity", "user_active_days", "member_activity",
        "daily_page_stats", "page_day_users", "daily_company_sessions"
    };

    private List<String> rollups(UUID company) {
        List<String> rows = new ArrayList<>();
        for (String table : ROLLUPS) {
            rows.addAll(jdbc.sql("select '" + table + "' || t::text from " + table
                            + " t where company_id = :c order by t::text")
                    .param("c", company)
                    .query(String.class)
                    .list());
        }
        return rows;
    }

    private long count(String table, UUID company) {
        return jdbc.sql("select count(*) from " + table + " where company_id = :c")
                .param("c", company)
                .query(Long.class)
                .single();
    }

    private static String daysAgo(int days) {
        return Instant.now()
                .minus(days, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
    }

    private static Map<String, Object> beat(UUID user, String at) {
        return Map.of(
                "event_id",
                UUID.randomUUID().toString(),
                "user_id",
                user.toString(),
                "device_id",
                "d",
                "generated_at",
                at,
                "chrome_activity_count",
                2);
    }

    private void view(UUID company, UUID user, String session, String at) {
        var r = api.post(
                "/api/v2/companies/" + company + "/track/pageview",
                Tokens.user(user),
                Map.of("path", "/p", "session_id", session, "viewed_at", at, "duration_ms", 10));
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
    }

    private void usageAt(UUID company, String at) {
        jdbc.sql("""
                        insert into usage_events (company_id, occurred_at, subject, route, method, status, duration_ms)
                        values (:c, :at::timestamptz, 'svc', '/r', 'GET', 200, 1)
                        """).param("c", company).param("at", at).update();
    }

    @Test
    void deletesOlderDataAndKeepsTheRollupsEqualToARebuild() {
        UUID company = company("America/New_York");
        UUID admin = member(company, "admin", "active");
        UUID ada = member(company);
        var ingest = api.post(
                "/api/v2/companies/" + company + "/heartbeats",
                Tokens.ingest(),
                Map.of(
                        "heartbeats",
                        List.of(beat(ada, daysAgo(40)), beat(ada, daysAgo(40)), beat(admin, daysAgo(20)))));
        assertThat(ingest.json().get("accepted").asInt()).as(ingest.toString()).isEqualTo(3);
        view(company, ada, "old-1", daysAgo(40));
        view(company, ada, "old-2", daysAgo(35));
        view(company, ada, "new", daysAgo(10));
        usageAt(company, daysAgo(60));
        usageAt(company, daysAgo(45));
        usageAt(company, daysAgo(1));

        var response =
                api.delete("/api/v2/companies/" + company + "/analytics/data?older_than_days=30", Tokens.user(admin));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var deleted = response.json().get("deleted");
        assertThat(deleted.get("heartbeats").asLong()).isEqualTo(2);
        assertThat(deleted.get("page_views").asLong()).isEqualTo(2);
        assertThat(deleted.get("sessions").asLong()).isEqualTo(2);
        assertThat(deleted.get("usage_events").asLong()).isEqualTo(2);

        assertThat(count("heartbeats", company)).isEqualTo(1);
        assertThat(count("heartbeat_event_ids", company)).isEqualTo(1);
        assertThat(count("page_views", company)).isEqualTo(1);
        assertThat(count("sessions", company)).isEqualTo(1);
        // One heartbeat day and one page-view day are left.
        assertThat(count("daily_company_activity", company)).isEqualTo(2);
        List<String> kept = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(kept);

        // Twice is harmless.
        var again =
                api.delete("/api/v2/companies/" + company + "/analytics/data?older_than_days=30", Tokens.user(admin));
        assertThat(again.json().get("deleted").get("heartbeats").asLong()).isZero();
    }

    @Test
    void onlyAdminsOfTheCompanyWithAWholeNumberOfDays() {
        UUID company = company("UTC");
        UUID admin = member(company, "admin", "active");
        UUID owner = member(company, "owner", "active");
        UUID plain = member(company);
        String path = "/api/v2/companies/" + company + "/analytics/data";
        var asMember = api.delete(path + "?older_than_days=30", Tokens.user(plain));
        assertThat(asMember.status()).isEqualTo(403);
        assertThat(asMember.json().get("code").asString()).isEqualTo("permission_denied");
        assertThat(api.delete(path + "?older_than_days=30", Tokens.ingest()).status())
                .isEqualTo(403);
        UUID foreignAdmin = member(company("UTC"), "admin", "active");
        var foreign = api.delete(path + "?older_than_days=30", Tokens.user(foreignAdmin));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        for (String bad : new String[] {
            "",
            "?older_than_days=0",
            "?older_than_days=-1",
            "?older_than_days=abc",
            "?older_than_days=1.5",
            "?older_than_days=36501"
        }) {
            var r = api.delete(path + bad, Tokens.user(admin));
            assertThat(r.status()).as(bad).isEqualTo(400);
            assertThat(r.json().get("errors").has("older_than_days")).as(bad).isTrue();
        }
        assertThat(api.delete(path + "?older_than_days=1", Tokens.user(owner)).status())
                .isEqualTo(200);
        assertThat(api.delete(path + "?older_than_days=1", Tokens.user(admin))
                        .json()
                        .toString())
                .isEqualTo("{\"deleted\":{\"heartbeats\":0,\"page_views\":0,\"sessions\":0,\"usage_events\":0}}");
    }

    @Test
    void theJobDropsWholeOldPartitionsAndDeletesTheRestRowWise() {
        UUID company = company("Asia/Kolkata");
        UUID ada = member(company);
        // A period ending far in the past, so only this fixture's months are affected.
        Duration period = Duration.ofDays(9000);
        // Microseconds, as PostgreSQL stores them, so the fixture instants compare exactly.
        Instant cutoff = Instant.now().minus(period).truncatedTo(ChronoUnit.MICROS);
        Instant before = cutoff.minus(3, ChronoUnit.DAYS);
        Instant after = cutoff.plus(3, ChronoUnit.DAYS);
        for (String at : new String[] {"2000-01-15T00:00:00Z", before.toString(), after.toString()}) {
            jdbc.sql("select ensure_month_partition('heartbeats', :at::timestamptz)")
                    .param("at", at)
                    .query(String.class)
                    .single();
            jdbc.sql("""
                            insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,
                                chrome_activity_count, edge_activity_count, firefox_activity_count,
                                desktop_activity_count, web_accessibility_activity_count)
                            values (:c, :at::timestamptz, gen_random_uuid(), :u, 'd', 1, 0, 0, 0, 0)
                            """).param("c", company).param("u", ada).param("at", at).update();
        }
        rebuild.rebuild(company);
        assertThat(count("daily_user_activity", company)).isEqualTo(3);

        retention.runAll(period);

        assertThat(jdbc.sql("select to_regclass('heartbeats_200001')::text")
                        .query(String.class)
                        .optional())
                .isEmpty();
        assertThat(jdbc.sql("select generated_at from heartbeats where company_id = :c")
                        .param("c", company)
                        .query(Timestamp.class)
                        .list())
                .extracting(Timestamp::toInstant)
                .containsExactly(after.truncatedTo(ChronoUnit.MICROS));
        List<String> kept = rollups(company);
        assertThat(count("daily_user_activity", company)).isEqualTo(1);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(kept);
    }

    @Autowired
    RetentionProperties properties;

    @Autowired
    List<ScheduledTaskHolder> scheduled;

    /**
     * Every task the holders know, as its target method ("package.Class.method": Spring wraps the
     * method runnable and names it so, as the actuator's scheduledtasks endpoint shows) and, for a
     * cron task, its expression.
     */
    private static List<String> scheduledTasks(Collection<ScheduledTaskHolder> holders) {
        List<String> tasks = new ArrayList<>();
        for (ScheduledTaskHolder holder : holders) {
            for (ScheduledTask task : holder.getScheduledTasks()) {
                tasks.add(
                        task.getTask() instanceof CronTask cron
                                ? cron + " " + cron.getExpression()
                                : task.getTask().toString());
            }
        }
        return tasks;
    }

    @Test
    void theNightlyJobIsNotScheduledInTheTestContexts() {
        // src/test/resources/application.properties sets analytics.retention.cron=- for every
        // context of the suite. The holder does list this context's other scheduled methods, so an
        // empty answer cannot pass for a missing Retention entry.
        assertThat(scheduledTasks(scheduled))
                .containsExactlyInAnyOrder(
                        "io.activity.analytics.audit.AuditConfig.applyRetention 0 17 3 * * *",
                        "io.activity.analytics.ratelimit.LocalSlidingWindow.sweep");
    }

    @Test
    void outsideTheTestsTheJobRunsDailyAt0240With90Days() {
        assertThat(properties.period()).isEqualTo(Duration.ofDays(90));
        // The defaults of the bound properties, without the test setting.
        RetentionProperties defaults = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("analytics.retention", RetentionProperties.class);
        assertThat(defaults.period()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.cron()).isEqualTo("0 40 2 * * *");
        // The schedule itself: a bare context (no Spring Boot, so not the tests' application
        // properties) with scheduling on registers Retention.scheduled at 02:40 every day. The
        // dependencies are never used: the context closes long before a run could start.
        try (var context = new AnnotationConfigApplicationContext()) {
            context.register(Scheduling.class);
            context.registerBean(Retention.class, () -> new Retention(null, null, null, null, null, null));
            context.refresh();
            assertThat(scheduledTasks(
                            context.getBeansOfType(ScheduledTaskHolder.class).values()))
                    .containsExactly("io.activity.analytics.rollup.Retention.scheduled 0 40 2 * * *");
        }
    }

    @EnableScheduling
    static class Scheduling {}
}
