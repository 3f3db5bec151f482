package io.activity.analytics.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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

    // The rollups retention trims itself, compared with a rebuild after it. daily_company_sessions
    // is not among them: retention recounts it with the rebuild's own SESSIONS part, so a rebuild
    // would agree whatever that part computes; its rows are worked out by hand instead.
    private static final String[] ROLLUPS = {
        "daily_user_activity", "daily_device_activity", "daily_company_activity", "quarter_hour_activity",
        "quarter_hour_page_views", "quarter_hour_company_activity", "user_active_days", "member_activity",
        "daily_page_stats", "page_day_users"
    };

    private List<String> sessionDays(UUID company) {
        return jdbc.sql("""
                        select day || ' ' || sessions || ' ' || duration_micros from daily_company_sessions
                        where company_id = :c order by day
                        """).param("c", company).query(String.class).list();
    }

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
                Map.of(
                        "event_id",
                        UUID.randomUUID().toString(),
                        "path",
                        "/p",
                        "session_id",
                        session,
                        "viewed_at",
                        at,
                        "duration_ms",
                        10));
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
        String newView = daysAgo(10);
        view(company, ada, "new", newView);
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
        // The deleted views' event-id guard rows went with them; the kept view's stays.
        assertThat(count("page_view_event_ids", company)).isEqualTo(1);
        assertThat(count("sessions", company)).isEqualTo(1);
        // One heartbeat day and one page-view day are left.
        assertThat(count("daily_company_activity", company)).isEqualTo(2);
        // The one session left ("new", a single view, so 0 µs long) on its New York day.
        assertThat(sessionDays(company))
                .containsExactly(LocalDate.ofInstant(Instant.parse(newView), NEW_YORK) + " 1 0");
        List<String> kept = rollups(company);
        rebuild.rebuild(company);
        assertThat(rollups(company)).isEqualTo(kept);

        // Twice is harmless.
        var again =
                api.delete("/api/v2/companies/" + company + "/analytics/data?older_than_days=30", Tokens.user(admin));
        assertThat(again.json().get("deleted").get("heartbeats").asLong()).isZero();
    }

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** The instant of a New York wall-clock time on the given day. */
    private static String local(LocalDate day, int hour, int minute) {
        return day.atTime(hour, minute).atZone(NEW_YORK).toInstant().toString();
    }

    @Test
    void sessionDaysAfterRetentionWorkedOutByHand() {
        UUID company = company("America/New_York");
        UUID admin = member(company, "admin", "active");
        UUID ada = member(company);
        UUID bob = member(company);
        // With older_than_days=30 the cutoff is the start of D, the New York day holding now - 30 d.
        LocalDate d = LocalDate.ofInstant(Instant.now().minus(30, ChronoUnit.DAYS), NEW_YORK);
        // Views (New York wall-clock times, each list in the order sent); no span crosses 02:00, so a
        // DST change near D changes no duration. The idle limit is 30 minutes.
        //   ada "old":     D-5 10:00, 10:15          one session, 15 min, ends before the cutoff: deleted
        //   ada "gone":    D-1 23:00, 23:20          20 min, ends 40 min before the cutoff: deleted
        //   ada "across":  D 00:10, then D-1 23:40   the late view moves the start to D-1: 30 min,
        //                                            last activity after the cutoff: kept, on D-1
        //   bob "morning": D 09:00, 09:25, 09:45     45 min on D
        //   bob "late":    D+1 12:00, 12:30, 11:40   the late view moves the start to 11:40: 50 min on D+1
        //   ada "night":   D+1 23:50, D+2 00:20      30 min, counted on its start day D+1
        String[][] views = {
            {"old", local(d.minusDays(5), 10, 0)},
            {"old", local(d.minusDays(5), 10, 15)},
            {"gone", local(d.minusDays(1), 23, 0)},
            {"gone", local(d.minusDays(1), 23, 20)},
            {"across", local(d, 0, 10)},
            {"across", local(d.minusDays(1), 23, 40)},
            {"morning", local(d, 9, 0)},
            {"morning", local(d, 9, 25)},
            {"morning", local(d, 9, 45)},
            {"late", local(d.plusDays(1), 12, 0)},
            {"late", local(d.plusDays(1), 12, 30)},
            {"late", local(d.plusDays(1), 11, 40)},
            {"night", local(d.plusDays(1), 23, 50)},
            {"night", local(d.plusDays(2), 0, 20)}
        };
        for (String[] v : views) {
            view(company, v[0].equals("morning") || v[0].equals("late") ? bob : ada, v[0], v[1]);
        }
        // Before retention, by start day: D-5 old (15 min = 900 000 000 µs); D-1 gone + across
        // (20 + 30 = 50 min = 3 000 000 000 µs); D morning (45 min = 2 700 000 000 µs); D+1 late +
        // night (50 + 30 = 80 min = 4 800 000 000 µs).
        assertThat(sessionDays(company))
                .containsExactly(
                        d.minusDays(5) + " 1 900000000",
                        d.minusDays(1) + " 2 3000000000",
                        d + " 1 2700000000",
                        d.plusDays(1) + " 2 4800000000");

        var response =
                api.delete("/api/v2/companies/" + company + "/analytics/data?older_than_days=30", Tokens.user(admin));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        // A run that straddled New York midnight would have used another cutoff day.
        assumeTrue(
                d.equals(LocalDate.ofInstant(Instant.now().minus(30, ChronoUnit.DAYS), NEW_YORK)),
                "the cutoff day changed during the test");
        // Sessions "old" and "gone" ended before the cutoff.
        assertThat(response.json().get("deleted").get("sessions").asLong()).isEqualTo(2);
        // After: D-5 is gone; D-1 keeps "across" alone (30 min = 1 800 000 000 µs), whose start lies
        // before the cutoff; D and D+1 are untouched.
        assertThat(sessionDays(company))
                .containsExactly(
                        d.minusDays(1) + " 1 1800000000", d + " 1 2700000000", d.plusDays(1) + " 2 4800000000");
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
                        "io.activity.analytics.audit.AuditConfig.closeRefusalWindows",
                        "io.activity.analytics.rollup.RebuildJobs.poll",
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
