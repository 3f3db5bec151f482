package io.activity.analytics.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The same seed gives the same rows: a tiny dataset is generated into this test's database and
 * into a second, freshly migrated one, and every table's rows are compared by count and checksum.
 * The activity shape of BENCHMARKS.md is then checked by direct SQL on the raw rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetGeneratorTest extends IntegrationTest {

    // 2 companies (America/New_York, Asia/Kolkata) × 40 members, 21 days ending on a Sunday.
    private static final DatasetSpec SPEC = DatasetSpec.custom("gentest", 7, LocalDate.of(2026, 3, 29), 21, 2, 40);

    private static final List<String> TABLES = List.of(
            "companies",
            "users",
            "company_members",
            "user_status_changes",
            "heartbeats",
            "heartbeat_event_ids",
            "sessions",
            "page_views",
            "usage_events",
            "daily_user_activity",
            "daily_device_activity",
            "daily_company_activity",
            "quarter_hour_activity",
            "quarter_hour_page_views",
            "quarter_hour_company_activity",
            "user_active_days",
            "member_activity",
            "daily_company_sessions",
            "daily_page_stats",
            "page_day_users");

    @Autowired
    DataSource dataSource;

    private String otherDatabase;
    private JdbcClient other;
    private DatasetGenerator.Result result;

    @BeforeAll
    void generateTwice() throws Exception {
        result = new DatasetGenerator(dataSource, 2).generate(SPEC);

        otherDatabase = TestInfrastructure.freshDatabaseUrl();
        var otherSource = new SimpleDriverDataSource(
                new org.postgresql.Driver(), otherDatabase, TestInfrastructure.user(), TestInfrastructure.password());
        Flyway.configure().dataSource(otherSource).load().migrate();
        // One connection there, two here: the order of the work must not matter.
        new DatasetGenerator(otherSource, 1).generate(SPEC);
        other = JdbcClient.create(otherSource);
    }

    @AfterAll
    void dropOther() {
        TestInfrastructure.dropDatabase(otherDatabase);
    }

    private static Map<String, String> checksums(JdbcClient db, List<UUID> companies) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : TABLES) {
            // change_id is an identity: its values depend on what else the database already holds.
            String rows = table.equals("user_status_changes")
                    ? "(select company_id, user_id, old_status, new_status, changed_at from user_status_changes)"
                    : table;
            String sum = db.sql("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '')"
                            + " from " + rows + " t where company_id in (:ids)")
                    .param("ids", companies)
                    .query(String.class)
                    .single();
            sums.put(table, sum);
        }
        return sums;
    }

    private List<UUID> ids() {
        return SPEC.companies().stream().map(DatasetSpec.CompanySpec::id).toList();
    }

    @Test
    void sameSeedSameRowsInEveryTable() {
        Map<String, String> here = checksums(jdbc, ids());
        Map<String, String> there = checksums(other, ids());
        assertThat(here).isEqualTo(there);
        // Not vacuous: every table got rows.
        here.forEach((table, sum) -> assertThat(sum).as(table).doesNotStartWith("0:"));
        assertThat(result.heartbeats()).isEqualTo(count("select count(*) from heartbeats where company_id in (:ids)"));
        // Every generated heartbeat has its replay guard row, as after ingest.
        assertThat(count("select count(*) from heartbeats h join heartbeat_event_ids g using (company_id, event_id)"
                        + " where h.company_id in (:ids) and g.generated_at = h.generated_at"))
                .isEqualTo(result.heartbeats());
        assertThat(count("select count(*) from heartbeat_event_ids where company_id in (:ids)"))
                .isEqualTo(result.heartbeats());
    }

    /**
     * The loader builds the rollup parts in separate transactions side by side; the result must be
     * what the one-transaction rebuild (the definition ingest is tested against) gives.
     */
    @Test
    void loaderRollupsEqualTheOneTransactionRebuild() {
        Map<String, String> loaded = checksums(other, ids());
        RollupRebuild rebuild = new RollupRebuild(other);
        ids().forEach(rebuild::rebuild);
        assertThat(checksums(other, ids())).isEqualTo(loaded);
    }

    @Test
    void demoDataIsNeverLoadedWithoutTheDemoProfile(@Autowired org.springframework.context.ApplicationContext context) {
        assertThat(context.getBeanNamesForType(DemoData.class)).isEmpty();
    }

    @Test
    void fixedIdsAndNameBasedEventIds() {
        UUID company = DatasetSpec.companyId("gentest-1");
        assertThat(company)
                .isEqualTo(
                        UUID.nameUUIDFromBytes("analytics-dataset:company:gentest-1".getBytes(StandardCharsets.UTF_8)));
        assertThat(jdbc.sql("select timezone from companies where company_id = :c")
                        .param("c", company)
                        .query(String.class)
                        .single())
                .isEqualTo("America/New_York");
        assertThat(jdbc.sql("select role from company_members where company_id = :c and user_id = :u")
                        .param("c", company)
                        .param("u", DatasetSpec.userId("gentest-1", 0))
                        .query(String.class)
                        .single())
                .isEqualTo("owner");
        var row = jdbc.sql("select event_id, user_id, extract(epoch from generated_at)::bigint as at from heartbeats"
                        + " where company_id = :c order by generated_at, event_id limit 1")
                .param("c", company)
                .query()
                .singleRow();
        String name = company + "/" + row.get("user_id") + "/" + row.get("at");
        assertThat(row.get("event_id")).isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void activeDaysStartBetweenSevenAndTenLocalAndLastSixToNineHours() {
        var bounds = jdbc.sql("""
                        select min(first_local) as earliest_start, max(first_local) as latest_start,
                               min(beats) as fewest, max(beats) as most, max(last_local) as latest_end
                        from (
                            select min((h.generated_at at time zone c.timezone)::time) as first_local,
                                   max((h.generated_at at time zone c.timezone)::time) as last_local,
                                   count(*) as beats
                            from heartbeats h join companies c using (company_id)
                            where h.company_id in (:ids)
                            group by h.company_id, h.user_id, (h.generated_at at time zone c.timezone)::date
                        ) d
                        """).param("ids", ids()).query().singleRow();
        assertThat(bounds.get("earliest_start").toString()).isGreaterThanOrEqualTo("07:00:00");
        assertThat(bounds.get("latest_start").toString()).isLessThanOrEqualTo("10:00:00");
        assertThat(((Number) bounds.get("fewest")).longValue()).isEqualTo(72); // 6 h every 5 minutes
        assertThat(((Number) bounds.get("most")).longValue()).isEqualTo(108); // 9 h
        assertThat(bounds.get("latest_end").toString()).isLessThanOrEqualTo("18:55:00");
    }

    @Test
    void weekdaysMostlyActiveWeekendsRarely() {
        // Members who never change status and are not pending: all of them are eligible every day.
        var rates = jdbc.sql("""
                        select extract(isodow from d.day) >= 6 as weekend,
                               avg((a.user_id is not null)::int)::float8 as rate
                        from company_members m
                        -- The days as a plain subquery: Citus cannot push down a LATERAL one here.
                        cross join (select g::date as day
                                    from generate_series(date '2026-03-09', date '2026-03-29', interval '1 day') g) d
                        left join user_active_days a on a.company_id = m.company_id and a.user_id = m.user_id
                             and a.day = d.day
                        where m.company_id in (:ids) and m.status = 'active'
                          and not exists (select 1 from user_status_changes s where s.company_id = m.company_id
                                          and s.user_id = m.user_id and s.old_status is not null)
                        group by 1 order by 1
                        """)
                .param("ids", ids())
                .query((rs, i) -> rs.getDouble("rate"))
                .list();
        assertThat(rates.get(0)).isBetween(0.78, 0.92); // weekdays, p = 0.85
        assertThat(rates.get(1)).isBetween(0.04, 0.18); // weekends, p = 0.10
    }

    @Test
    void noActivityWhileInactiveOrPending() {
        long changes = count("select count(*) from user_status_changes where company_id in (:ids)"
                + " and old_status is not null and changed_at between '2026-03-09' and '2026-03-30'");
        assertThat(changes).isGreaterThan(0);
        // Heartbeats on or after the local day a member became inactive, or before becoming active.
        assertThat(count("""
                        select count(*) from heartbeats h
                        join companies c on c.company_id = h.company_id
                        join user_status_changes s on s.company_id = h.company_id and s.user_id = h.user_id
                             and s.old_status is not null
                        where h.company_id in (:ids) and (
                            (s.new_status = 'inactive' and (h.generated_at at time zone c.timezone)::date
                                                           >= (s.changed_at at time zone c.timezone)::date)
                            or (s.old_status = 'pending' and (h.generated_at at time zone c.timezone)::date
                                                           < (s.changed_at at time zone c.timezone)::date))
                        """)).isZero();
        assertThat(count("select count(*) from heartbeats h join company_members m using (company_id, user_id)"
                        + " where h.company_id in (:ids) and m.status = 'pending'"))
                .isZero();
        // Every inactive member now got there through a recorded change.
        assertThat(count("select count(*) from company_members m where company_id in (:ids) and status = 'inactive'"))
                .isPositive()
                .isEqualTo(count("select count(*) from user_status_changes where company_id in (:ids)"
                        + " and new_status = 'inactive'"));
    }

    @Test
    void sourcesDevicesSessionsAndPages() {
        var totals = jdbc.sql("""
                        select sum(total_activity_count) as total,
                               sum(chrome_activity_count + edge_activity_count + firefox_activity_count
                                   + desktop_activity_count + web_accessibility_activity_count) as sources,
                               sum(desktop_activity_count + chrome_activity_count) as dominant
                        from heartbeats where company_id in (:ids)
                        """).param("ids", ids()).query().singleRow();
        long total = ((Number) totals.get("total")).longValue();
        assertThat(((Number) totals.get("sources")).longValue()).isEqualTo(total);
        assertThat(((Number) totals.get("dominant")).doubleValue() / total).isGreaterThan(0.8);
        // The rollups were built from these rows.
        assertThat(count("select sum(total_activity_count) from daily_company_activity where company_id in (:ids)"))
                .isEqualTo(total);
        assertThat(count("select max(n) from (select count(distinct device_id) n from heartbeats"
                        + " where company_id in (:ids) group by company_id, user_id) d"))
                .isEqualTo(2);
        var perDay = jdbc.sql("""
                        select min(sessions) as min_s, max(sessions) as max_s, min(views) as min_v, max(views) as max_v
                        from (
                            select count(distinct p.session_id) as sessions, count(*) as views
                            from page_views p join companies c using (company_id)
                            where p.company_id in (:ids)
                            group by p.company_id, p.user_id, (p.viewed_at at time zone c.timezone)::date
                        ) d
                        """).param("ids", ids()).query().singleRow();
        assertThat(((Number) perDay.get("min_s")).intValue()).isEqualTo(1);
        assertThat(((Number) perDay.get("max_s")).intValue()).isEqualTo(3);
        assertThat(((Number) perDay.get("min_v")).intValue()).isGreaterThanOrEqualTo(14);
        assertThat(((Number) perDay.get("max_v")).intValue()).isLessThanOrEqualTo(26);
        // Zipf-like: the most viewed path gets several times the views of the tenth.
        List<Long> views = jdbc.sql(
                        "select count(*) from page_views where company_id in (:ids)" + " group by path order by 1 desc")
                .param("ids", ids())
                .query(Long.class)
                .list();
        assertThat(views.size()).isBetween(30, 40);
        assertThat(views.get(0)).isGreaterThan(5 * views.get(9));
        // Sessions agree with their page views.
        assertThat(count("select count(*) from sessions s left join (select session_id, count(*) as n"
                        + " from page_views where company_id in (:ids) group by session_id) p using (session_id)"
                        + " where s.company_id in (:ids) and s.page_count <> coalesce(p.n, 0)"))
                .isZero();
        assertThat(count("select min(n) from (select count(*) n from usage_events where company_id in (:ids)"
                        + " and extract(isodow from occurred_at) < 6 group by company_id, occurred_at::date) d"))
                .isGreaterThanOrEqualTo(150);
    }

    private long count(String sql) {
        Number n = jdbc.sql(sql).param("ids", ids()).query(Number.class).single();
        return n == null ? 0 : n.longValue();
    }
}
