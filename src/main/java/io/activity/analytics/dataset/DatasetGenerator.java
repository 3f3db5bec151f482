package io.activity.analytics.dataset;

import io.activity.analytics.dataset.DatasetSpec.CompanySpec;
import io.activity.analytics.rollup.RollupRebuild;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a {@link DatasetSpec} into PostgreSQL: tenants with SQL (so the status-history trigger
 * runs), raw heartbeats, sessions, page views and usage events with COPY, then every company's
 * rollups with {@link RollupRebuild} — the definition the incremental ingest upkeep is tested
 * against, so the rollups read by the benchmarks are the ones ingest would have produced.
 *
 * <p>Every member-day draws from its own {@link SplittableRandom} seeded from (seed, company,
 * member, day, purpose), so the output does not depend on the order or the parallelism of the
 * work: the raw load runs as independent tasks (a company's day range and table) on
 * {@code threads} connections.
 */
public final class DatasetGenerator {

    private static final Logger log = LoggerFactory.getLogger(DatasetGenerator.class);

    static final String[] PATHS = {
        "/dashboard",
        "/reports",
        "/inbox",
        "/projects",
        "/search",
        "/settings/profile",
        "/tasks",
        "/calendar",
        "/reports/weekly",
        "/projects/board",
        "/documents",
        "/team",
        "/notifications",
        "/reports/monthly",
        "/billing",
        "/integrations",
        "/help",
        "/settings/security",
        "/projects/timeline",
        "/files/upload",
        "/analytics",
        "/analytics/funnels",
        "/admin/users",
        "/admin/roles",
        "/chat",
        "/wiki",
        "/wiki/onboarding",
        "/crm/accounts",
        "/crm/contacts",
        "/crm/deals",
        "/tickets",
        "/tickets/new",
        "/releases",
        "/roadmap",
        "/settings/notifications",
        "/exports",
        "/audit",
        "/status",
        "/changelog",
        "/feedback"
    };

    private static final double[] PATH_CDF = zipfCdf(PATHS.length);

    private static final String[] DEPARTMENTS = {"Engineering", "Sales", "Support", "Marketing", "Finance", "Operations"
    };
    private static final String[] FIRST = {
        "Ada",
        "Grace",
        "Alan",
        "Linus",
        "Margaret",
        "Ken",
        "Barbara",
        "Dennis",
        "Frances",
        "Edsger",
        "Radia",
        "Donald",
        "Katherine",
        "John",
        "Hedy",
        "Tim",
        "Sophie",
        "Guido",
        "Anita",
        "Bjarne"
    };
    private static final String[] LAST = {
        "Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen",
        "Dijkstra", "Perlman", "Knuth", "Johnson", "McCarthy", "Lamarr", "Berners-Lee", "Wilson", "van Rossum",
        "Borg", "Stroustrup"
    };

    /** Route templates of the contract with a relative weight and a typical duration in ms. */
    private record Route(String method, String template, int weight, double typicalMs, boolean service) {}

    private static final String BASE = "/api/v2/companies/{companyId}";
    private static final Route[] ROUTES = {
        new Route("POST", BASE + "/heartbeats", 30, 12, true),
        new Route("GET", BASE + "/user-metrics/", 12, 25, false),
        new Route("GET", BASE + "/user-metrics/summary/", 10, 20, false),
        new Route("GET", BASE + "/users/{userId}/activity", 14, 4, false),
        new Route("GET", BASE + "/active-users", 8, 6, false),
        new Route("GET", BASE + "/page-statistics", 6, 35, false),
        new Route("GET", BASE + "/user-status-counts", 4, 10, false),
        new Route("POST", BASE + "/track/pageview", 10, 5, false),
        new Route("GET", BASE + "/user-metrics/export/", 1, 250, false),
        new Route("GET", BASE + "/insights/trends", 2, 15, false),
        new Route("GET", BASE + "/members/{userId}", 3, 3, false)
    };
    private static final int ROUTE_WEIGHT =
            Arrays.stream(ROUTES).mapToInt(Route::weight).sum();

    private static final String HEARTBEAT_COPY =
            "copy heartbeats (company_id, generated_at, event_id, user_id, device_id,"
                    + " chrome_activity_count, edge_activity_count, firefox_activity_count, desktop_activity_count,"
                    + " web_accessibility_activity_count, received_at) from stdin";
    private static final String SESSION_COPY = "copy sessions (company_id, session_id, client_session_id, user_id,"
            + " started_at, last_activity_at, page_count) from stdin";
    private static final String PAGE_VIEW_COPY = "copy page_views (company_id, viewed_at, view_id, user_id, session_id,"
            + " path, referrer, duration_ms) from stdin";
    private static final String USAGE_COPY = "copy usage_events (company_id, occurred_at, event_id, user_id, subject,"
            + " route, method, status, duration_ms) from stdin";

    /** Heartbeats per member per active day on average (a 6–9 h block every 5 minutes). */
    private static final int BEATS_PER_DAY = 90;

    private final DataSource dataSource;
    private final int threads;

    public DatasetGenerator(DataSource dataSource, int threads) {
        this.dataSource = dataSource;
        this.threads = Math.max(1, threads);
    }

    public record Result(
            long heartbeats,
            long sessions,
            long pageViews,
            long usageEvents,
            long rawMillis,
            long rollupMillis,
            long totalMillis) {}

    /** One member: identity, role, devices and the status history it will be given. */
    record Member(
            int index,
            UUID userId,
            String email,
            String firstName,
            String lastName,
            String role,
            String department,
            String initialStatus,
            String finalStatus,
            LocalDate changeDay,
            String[] devices,
            long seed) {

        /** Active→inactive members stop on their change day; pending→active ones start on it. */
        boolean mayBeActive(LocalDate day) {
            if (changeDay == null) {
                return initialStatus.equals("active");
            }
            return initialStatus.equals("active") ? day.isBefore(changeDay) : !day.isBefore(changeDay);
        }
    }

    /** A member's active day: one block of {@code beats} heartbeats from {@code start}, on one device. */
    record Day(Member member, int dayIndex, LocalDate date, Instant start, int beats, String device, long seed) {}

    // ---------------------------------------------------------------- plan (pure, deterministic)

    static List<Member> members(DatasetSpec spec, int companyIndex) {
        CompanySpec company = spec.companies().get(companyIndex);
        List<Member> list = new ArrayList<>(company.members());
        for (int i = 0; i < company.members(); i++) {
            long seed = mix(spec.seed(), companyIndex, i, 0);
            SplittableRandom r = new SplittableRandom(seed);
            String role = i == 0
                    ? "owner"
                    : i == 1 ? "admin" : i == 2 ? "member" : r.nextDouble() < 0.05 ? "admin" : "member";
            String first = FIRST[r.nextInt(FIRST.length)];
            String last = LAST[r.nextInt(LAST.length)];
            String department = DEPARTMENTS[r.nextInt(DEPARTMENTS.length)];
            int deviceCount = r.nextDouble() < 0.4 ? 2 : 1;
            String[] devices = new String[deviceCount];
            for (int d = 0; d < deviceCount; d++) {
                devices[d] = (d == 0 ? "laptop-" : "desktop-") + company.name() + "-" + i;
            }
            String initial = "active";
            String fin = "active";
            LocalDate changeDay = null;
            double change = r.nextDouble();
            int pick = r.nextInt(Math.max(1, spec.days() - 2));
            boolean toInactive = r.nextDouble() < 2.0 / 3;
            if (i >= 3 && change < 0.05 && spec.days() >= 3) {
                changeDay = spec.startDate().plusDays(1L + pick);
                initial = toInactive ? "active" : "pending";
                fin = toInactive ? "inactive" : "active";
            } else if (i >= 3 && change < 0.07) {
                initial = "pending"; // invited, never joined: no activity
                fin = "pending";
            }
            String email = String.format("%s.%s.%d@%s.example", first, last, i, company.name())
                    .toLowerCase()
                    .replace(' ', '-');
            list.add(new Member(
                    i,
                    company.userId(i),
                    email,
                    first,
                    last,
                    role,
                    department,
                    initial,
                    fin,
                    changeDay,
                    devices,
                    seed));
        }
        return list;
    }

    static Day day(Member member, int dayIndex, LocalDate date, ZoneId zone) {
        long seed = mix(member.seed(), dayIndex, 1, 0);
        SplittableRandom r = new SplittableRandom(seed);
        DayOfWeek dow = date.getDayOfWeek();
        double p = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.10 : 0.85;
        boolean active = r.nextDouble() < p;
        int startMinute = 7 * 60 + 5 * r.nextInt(37); // 07:00 … 10:00 local
        int lengthMinutes = 360 + 5 * r.nextInt(37); // 6 … 9 h
        String device =
                member.devices().length == 1 || r.nextDouble() < 0.7 ? member.devices()[0] : member.devices()[1];
        if (!active || !member.mayBeActive(date)) {
            return null;
        }
        Instant start =
                date.atTime(startMinute / 60, startMinute % 60).atZone(zone).toInstant();
        return new Day(member, dayIndex, date, start, lengthMinutes / 5, device, seed);
    }

    // ---------------------------------------------------------------- generate

    public Result generate(DatasetSpec spec) throws Exception {
        long started = System.currentTimeMillis();
        log.info(
                "Generating dataset {} (seed {}, {} companies, {} days ending {})",
                spec.name(),
                spec.seed(),
                spec.companies().size(),
                spec.days(),
                spec.endDate());
        boolean superuser;
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("select rolsuper from pg_roles where rolname = current_user")) {
                superuser = rs.next() && rs.getBoolean(1);
            }
            createPartitions(s, spec);
        }
        insertTenants(spec);

        AtomicLong heartbeats = new AtomicLong();
        AtomicLong sessions = new AtomicLong();
        AtomicLong pageViews = new AtomicLong();
        AtomicLong usage = new AtomicLong();
        record Task(int company, int from, int to, String kind, long weight) {}
        List<Task> tasks = new ArrayList<>();
        for (int c = 0; c < spec.companies().size(); c++) {
            int members = spec.companies().get(c).members();
            int chunk = (int) Math.max(1, Math.min(spec.days(), 2_000_000L / ((long) members * 57)));
            for (int from = 0; from < spec.days(); from += chunk) {
                int to = Math.min(spec.days(), from + chunk);
                long rows = (long) members * (to - from) * 57;
                tasks.add(new Task(c, from, to, "heartbeats", rows));
                tasks.add(new Task(c, from, to, "page_views", rows / 4));
            }
            tasks.add(new Task(c, 0, spec.days(), "usage_events", spec.days() * 300L / 4));
        }
        tasks.sort(Comparator.comparingLong(Task::weight).reversed()); // longest first: even finish
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Task task : tasks) {
                futures.add(pool.submit(() -> {
                    List<Member> members = members(spec, task.company());
                    try (Connection c = dataSource.getConnection()) {
                        c.setAutoCommit(false);
                        try (Statement s = c.createStatement()) {
                            // A bulk load of rows generated consistent with their tenants: the
                            // commit need not wait for the WAL flush, and the per-row foreign-key
                            // triggers (users exist: inserted above) are skipped for superusers.
                            s.execute("set local synchronous_commit = off");
                            if (superuser) {
                                s.execute("set local session_replication_role = replica");
                            }
                        }
                        switch (task.kind()) {
                            case "heartbeats" -> {
                                heartbeats.addAndGet(
                                        copyHeartbeats(c, spec, task.company(), members, task.from(), task.to()));
                            }
                            case "page_views" -> {
                                long[] n = copyPageViews(c, spec, task.company(), members, task.from(), task.to());
                                sessions.addAndGet(n[0]);
                                pageViews.addAndGet(n[1]);
                            }
                            default -> usage.addAndGet(copyUsage(c, spec, task.company(), members));
                        }
                        c.commit();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            long rawDone = System.currentTimeMillis();
            log.info(
                    "Raw rows written in {} ms: {} heartbeats, {} sessions, {} page views, {} usage events",
                    rawDone - started,
                    heartbeats.get(),
                    sessions.get(),
                    pageViews.get(),
                    usage.get());

            derive(pool, spec);
            long rollupDone = System.currentTimeMillis();
            log.info("Rollups and event-id guard built in {} ms", rollupDone - rawDone);
            analyze();
            long total = System.currentTimeMillis() - started;
            Result result = new Result(
                    heartbeats.get(),
                    sessions.get(),
                    pageViews.get(),
                    usage.get(),
                    rawDone - started,
                    rollupDone - rawDone,
                    total);
            record(spec, result);
            log.info("Dataset {} loaded in {} ms: {}", spec.name(), total, result);
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Rebuilds the rollups of a dataset already loaded (after a migration added rollups, say),
     * with the same parallelism as a load; returns the milliseconds it took.
     */
    public long rebuildRollups(DatasetSpec spec) throws Exception {
        long started = System.currentTimeMillis();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            derive(pool, spec);
            analyze();
        } finally {
            pool.shutdownNow();
        }
        return System.currentTimeMillis() - started;
    }

    /**
     * Fills everything derived from the raw rows: every company's rollups ({@link RollupRebuild},
     * part by part) and the event-id guard. Each (company, part) is its own task and transaction,
     * the biggest company first, so the parts of one big company run side by side instead of one
     * after another on a single backend.
     */
    private void derive(ExecutorService pool, DatasetSpec spec) throws Exception {
        List<CompanySpec> byMembers = new ArrayList<>(spec.companies());
        byMembers.sort(Comparator.comparingInt(CompanySpec::members).reversed());
        List<Future<?>> futures = new ArrayList<>();
        for (CompanySpec company : byMembers) {
            for (RollupRebuild.Part part : RollupRebuild.Part.values()) {
                futures.add(pool.submit(
                        () -> inTransaction(jdbc -> new RollupRebuild(jdbc).rebuildPart(company.id(), part))));
            }
            futures.add(pool.submit(() -> inTransaction(jdbc -> guardEventIds(jdbc, company.id()))));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    private Void inTransaction(Consumer<JdbcClient> work) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        new TransactionTemplate(new DataSourceTransactionManager(dataSource)).executeWithoutResult(status -> {
            // Same transaction (the template binds the connection): hash aggregates and sorts stay in memory.
            jdbc.sql("set local synchronous_commit = off").update();
            jdbc.sql("set local work_mem = '256MB'").update();
            work.accept(jdbc);
        });
        return null;
    }

    private void analyze() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            // Fresh rollup tables have no visibility map yet: vacuum them so index-only scans work
            // from the first request; the raw tables only need statistics.
            s.execute("vacuum analyze daily_user_activity, daily_device_activity, daily_company_activity,"
                    + " quarter_hour_activity, quarter_hour_page_views, quarter_hour_company_activity,"
                    + " user_active_days, member_activity, daily_page_stats, page_member_ordinals, page_day_users,"
                    + " companies, users, company_members, user_status_changes");
            s.execute("analyze heartbeats, page_views, sessions, usage_events");
        }
    }

    private void record(DatasetSpec spec, Result result) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var ps = c.prepareStatement("""
                        insert into dataset_runs (name, seed, start_date, end_date, heartbeats, page_views,
                            usage_events, load_millis, loaded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, now())
                        on conflict (name) do update set seed = excluded.seed, start_date = excluded.start_date,
                            end_date = excluded.end_date, heartbeats = excluded.heartbeats,
                            page_views = excluded.page_views, usage_events = excluded.usage_events,
                            load_millis = excluded.load_millis, loaded_at = excluded.loaded_at
                        """)) {
            ps.setString(1, spec.name());
            ps.setLong(2, spec.seed());
            ps.setObject(3, spec.startDate());
            ps.setObject(4, spec.endDate());
            ps.setLong(5, result.heartbeats());
            ps.setLong(6, result.pageViews());
            ps.setLong(7, result.usageEvents());
            ps.setLong(8, result.totalMillis());
            ps.executeUpdate();
        }
    }

    private static void createPartitions(Statement s, DatasetSpec spec) throws SQLException {
        // One day of margin on each side: local days reach into the neighbouring UTC day.
        LocalDate month = spec.startDate().minusDays(1).withDayOfMonth(1);
        LocalDate last = spec.endDate().plusDays(1);
        while (!month.isAfter(last)) {
            for (String parent : List.of("heartbeats", "page_views", "usage_events")) {
                s.execute("select ensure_month_partition('" + parent + "', '" + month + "T00:00:00Z')");
            }
            month = month.plusMonths(1);
        }
    }

    /**
     * Companies, users and memberships with SQL in one transaction. COPY into company_members fires
     * its row trigger, which writes each creation into user_status_changes with changed_at =
     * created_at. The ~5 % whose status changes during the period are then updated (the trigger
     * writes the change with changed_at = now()), and that history row's changed_at is set back to
     * the change's generated instant: history is written by the trigger, as in production, and only
     * its time is backdated.
     */
    private void insertTenants(DatasetSpec spec) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table dataset_status_changes (company_id uuid, user_id uuid,"
                        + " new_status text, changed_at timestamptz) on commit drop");
            }
            StringBuilder companies = new StringBuilder();
            StringBuilder users = new StringBuilder();
            StringBuilder memberships = new StringBuilder();
            StringBuilder changes = new StringBuilder();
            for (int ci = 0; ci < spec.companies().size(); ci++) {
                CompanySpec company = spec.companies().get(ci);
                ZoneId zone = ZoneId.of(company.zone());
                Instant created =
                        spec.startDate().minusDays(30).atTime(9, 0).atZone(zone).toInstant();
                row(companies, company.id(), company.name(), company.zone(), created, created);
                for (Member m : members(spec, ci)) {
                    row(users, company.id(), m.userId(), m.email(), m.firstName(), m.lastName(), created, created);
                    row(
                            memberships,
                            company.id(),
                            m.userId(),
                            m.role(),
                            m.department(),
                            m.initialStatus(),
                            created,
                            created);
                    if (m.changeDay() != null) {
                        Instant at = m.changeDay().atTime(12, 0).atZone(zone).toInstant();
                        row(changes, company.id(), m.userId(), m.finalStatus(), at);
                    }
                }
            }
            copy(c, "copy companies (company_id, name, timezone, created_at, updated_at) from stdin", companies);
            copy(
                    c,
                    "copy users (company_id, user_id, email, first_name, last_name, created_at, updated_at) from stdin",
                    users);
            copy(
                    c,
                    "copy company_members (company_id, user_id, role, department, status, created_at, updated_at)"
                            + " from stdin",
                    memberships);
            copy(c, "copy dataset_status_changes from stdin", changes);
            try (Statement s = c.createStatement()) {
                s.execute("""
                        update company_members m set status = t.new_status, updated_at = t.changed_at
                        from dataset_status_changes t
                        where m.company_id = t.company_id and m.user_id = t.user_id
                        """);
                s.execute("""
                        update user_status_changes h set changed_at = t.changed_at
                        from dataset_status_changes t
                        where h.company_id = t.company_id and h.user_id = t.user_id and h.old_status is not null
                        """);
            }
            c.commit();
        }
    }

    // ---------------------------------------------------------------- raw rows

    private long copyHeartbeats(Connection c, DatasetSpec spec, int ci, List<Member> members, int from, int to)
            throws Exception {
        CompanySpec company = spec.companies().get(ci);
        ZoneId zone = ZoneId.of(company.zone());
        String companyId = company.id().toString();
        MessageDigest md5 = md5();
        long rows = 0;
        try (Writer out = writer(c, HEARTBEAT_COPY)) {
            StringBuilder line = new StringBuilder(256);
            for (int d = from; d < to; d++) {
                LocalDate date = spec.startDate().plusDays(d);
                // A day's rows in time order: each partition's primary key grows at its right edge.
                List<long[]> beats = new ArrayList<>(members.size() * BEATS_PER_DAY);
                for (Member m : members) {
                    Day day = day(m, d, date, zone);
                    if (day == null) {
                        continue;
                    }
                    SplittableRandom r = new SplittableRandom(mix(day.seed(), 2, 0, 0));
                    long start = day.start().getEpochSecond();
                    int device = day.device().equals(m.devices()[0]) ? 0 : 1;
                    for (int i = 0; i < day.beats(); i++) {
                        long[] b = new long[8];
                        b[0] = start + i * 300L;
                        b[1] = m.index();
                        b[2] = device;
                        if (r.nextDouble() >= 0.05) { // 5 % idle heartbeats: all counts zero
                            b[3] = r.nextInt(18); // chrome
                            b[4] = r.nextDouble() < 0.2 ? r.nextInt(1, 6) : 0; // edge
                            b[5] = r.nextDouble() < 0.1 ? r.nextInt(1, 6) : 0; // firefox
                            b[6] = r.nextInt(25); // desktop
                            b[7] = r.nextDouble() < 0.05 ? r.nextInt(1, 3) : 0; // web accessibility
                        }
                        beats.add(b);
                    }
                }
                beats.sort(Comparator.<long[]>comparingLong(b -> b[0]).thenComparingLong(b -> b[1]));
                for (long[] b : beats) {
                    Member m = members.get((int) b[1]);
                    String user = m.userId().toString();
                    Instant at = Instant.ofEpochSecond(b[0]);
                    line.setLength(0);
                    line.append(companyId).append('\t').append(at).append('\t');
                    line.append(eventId(md5, companyId, user, b[0])).append('\t');
                    line.append(user).append('\t').append(m.devices()[(int) b[2]]);
                    for (int k = 3; k < 8; k++) {
                        line.append('\t').append(b[k]);
                    }
                    line.append('\t').append(at.plusSeconds(2)).append('\n');
                    out.append(line);
                    rows++;
                }
            }
        }
        return rows;
    }

    /**
     * Ingest records every stored event id in heartbeat_event_ids (V42) to refuse a replay with
     * another generated_at; the generated heartbeats get their rows too, so a replay of generated
     * events is a duplicate exactly as it would be after real ingest. One insert per company in
     * key order: the random ids then fill the index page by page instead of touching a random page
     * per row (which made this cost more than the COPY of the heartbeats themselves).
     */
    private static void guardEventIds(JdbcClient jdbc, UUID company) {
        jdbc.sql("""
                        insert into heartbeat_event_ids (company_id, event_id, generated_at)
                        select company_id, event_id, generated_at from heartbeats
                        where company_id = :company order by event_id
                        on conflict do nothing
                        """).param("company", company).update();
    }

    /** The heartbeat's event id: a name-based UUID of company, user and time, stable across runs. */
    static UUID eventId(MessageDigest md5, String companyId, String userId, long epochSecond) {
        byte[] hash = md5.digest((companyId + "/" + userId + "/" + epochSecond).getBytes(StandardCharsets.UTF_8));
        // As UUID.nameUUIDFromBytes: version 3, IETF variant, without a MessageDigest lookup per row.
        hash[6] &= 0x0f;
        hash[6] |= 0x30;
        hash[8] &= 0x3f;
        hash[8] |= (byte) 0x80;
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (hash[i] & 0xff);
        }
        for (int i = 8; i < 16; i++) {
            lsb = (lsb << 8) | (hash[i] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    /** Sessions and page views; returns {sessions, page views}. */
    private long[] copyPageViews(Connection c, DatasetSpec spec, int ci, List<Member> members, int from, int to)
            throws Exception {
        CompanySpec company = spec.companies().get(ci);
        ZoneId zone = ZoneId.of(company.zone());
        String companyId = company.id().toString();
        List<String> sessionRows = new ArrayList<>();
        List<String[]> viewRows = new ArrayList<>(); // {sort key, line}
        for (int d = from; d < to; d++) {
            LocalDate date = spec.startDate().plusDays(d);
            for (Member m : members) {
                Day day = day(m, d, date, zone);
                if (day == null) {
                    continue;
                }
                SplittableRandom r = new SplittableRandom(mix(day.seed(), 3, 0, 0));
                int sessionCount = 1 + r.nextInt(3);
                int views = 14 + r.nextInt(13); // ~20 a day
                long blockSeconds = day.beats() * 300L;
                long segment = blockSeconds / sessionCount;
                String user = m.userId().toString();
                for (int s = 0; s < sessionCount; s++) {
                    int n = views * (s + 1) / sessionCount - views * s / sessionCount;
                    UUID sessionId = uuid(r);
                    long t = day.start().getEpochSecond() + s * segment + r.nextLong(segment / 2);
                    long first = t;
                    String previous = null;
                    for (int v = 0; v < n; v++) {
                        if (v > 0) {
                            t += 30 + r.nextInt(571); // gaps of 30 s … 10 min: one session, no idle split
                        }
                        String path = PATHS[zipf(r)];
                        boolean hasDuration = r.nextDouble() < 0.9;
                        int duration = 1000 + r.nextInt(120_000);
                        Instant at = Instant.ofEpochSecond(t);
                        String line = companyId
                                + '\t'
                                + at
                                + '\t'
                                + uuid(r)
                                + '\t'
                                + user
                                + '\t'
                                + sessionId
                                + '\t'
                                + path
                                + '\t'
                                + (previous == null ? "\\N" : previous)
                                + '\t'
                                + (hasDuration ? Integer.toString(duration) : "\\N")
                                + '\n';
                        viewRows.add(new String[] {String.format("%012d", t), line});
                        previous = path;
                    }
                    sessionRows.add(companyId + '\t' + sessionId + '\t' + "web-" + date + "-" + s + '\t' + user + '\t'
                            + Instant.ofEpochSecond(first) + '\t' + Instant.ofEpochSecond(t) + '\t' + n + '\n');
                }
            }
        }
        try (Writer out = writer(c, SESSION_COPY)) {
            for (String line : sessionRows) {
                out.append(line);
            }
        }
        viewRows.sort(Comparator.comparing((String[] v) -> v[0]));
        try (Writer out = writer(c, PAGE_VIEW_COPY)) {
            for (String[] v : viewRows) {
                out.append(v[1]);
            }
        }
        return new long[] {sessionRows.size(), viewRows.size()};
    }

    /** API traffic: a few hundred requests per working day over the contract's route templates. */
    private long copyUsage(Connection c, DatasetSpec spec, int ci, List<Member> members) throws Exception {
        CompanySpec company = spec.companies().get(ci);
        ZoneId zone = ZoneId.of(company.zone());
        String companyId = company.id().toString();
        List<Member> callers =
                members.stream().filter(m -> !m.finalStatus().equals("pending")).toList();
        long rows = 0;
        try (Writer out = writer(c, USAGE_COPY)) {
            for (int d = 0; d < spec.days(); d++) {
                LocalDate date = spec.startDate().plusDays(d);
                SplittableRandom r = new SplittableRandom(mix(spec.seed(), ci, d, 4));
                DayOfWeek dow = date.getDayOfWeek();
                boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
                int count = weekend ? 20 + r.nextInt(40) : 200 + r.nextInt(200);
                long open = date.atTime(8, 0).atZone(zone).toEpochSecond();
                List<String[]> day = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    long t = open + r.nextInt(10 * 3600);
                    int pick = r.nextInt(ROUTE_WEIGHT);
                    Route route = ROUTES[0];
                    for (Route candidate : ROUTES) {
                        if (pick < candidate.weight()) {
                            route = candidate;
                            break;
                        }
                        pick -= candidate.weight();
                    }
                    Member caller = callers.isEmpty() ? null : callers.get(r.nextInt(callers.size()));
                    double roll = r.nextDouble();
                    int status = roll < 0.94
                            ? (route.method().equals("POST") && !route.service() ? 202 : 200)
                            : roll < 0.97 ? 400 : roll < 0.985 ? 404 : 429;
                    double ms = route.typicalMs() * Math.exp(0.5 * r.nextGaussian());
                    String user = route.service() || caller == null
                            ? "\\N"
                            : caller.userId().toString();
                    String subject = route.service() ? "svc-agent" : user;
                    day.add(new String[] {
                        String.format("%012d", t),
                        companyId
                                + '\t'
                                + Instant.ofEpochSecond(t)
                                + '\t'
                                + uuid(r)
                                + '\t'
                                + user
                                + '\t'
                                + subject
                                + '\t'
                                + route.template()
                                + '\t'
                                + route.method()
                                + '\t'
                                + status
                                + '\t'
                                + String.format("%.3f", ms)
                                + '\n'
                    });
                }
                day.sort(Comparator.comparing((String[] v) -> v[0]));
                for (String[] v : day) {
                    out.append(v[1]);
                    rows++;
                }
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------- delete

    /**
     * Deletes the given companies and everything that names them, in one transaction: every table
     * with a company_id column (partition parents only), then the companies (their users,
     * memberships and history go by cascade). Tables referencing each other are retried in passes.
     */
    public void delete(List<UUID> companyIds) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            List<String> tables = new ArrayList<>();
            try (Statement s = c.createStatement();
                    var rs = s.executeQuery("""
                            select cl.relname from pg_attribute a
                            join pg_class cl on cl.oid = a.attrelid
                            join pg_namespace n on n.oid = cl.relnamespace
                            where a.attname = 'company_id' and not a.attisdropped and cl.relkind in ('r', 'p')
                              and not cl.relispartition and n.nspname = current_schema()
                              and cl.relname not in ('companies', 'users', 'company_members', 'user_status_changes')
                            """)) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            tables.add("companies");
            UUID[] ids = companyIds.toArray(UUID[]::new);
            for (int pass = 0; pass < 5 && !tables.isEmpty(); pass++) {
                List<String> failed = new ArrayList<>();
                for (String table : tables) {
                    var savepoint = c.setSavepoint();
                    try (var ps = c.prepareStatement("delete from \"" + table + "\" where company_id = any (?)")) {
                        ps.setArray(1, c.createArrayOf("uuid", ids));
                        ps.executeUpdate();
                        c.releaseSavepoint(savepoint);
                    } catch (SQLException e) {
                        c.rollback(savepoint); // referenced by a table not yet emptied: next pass
                        failed.add(table);
                    }
                }
                tables = failed;
            }
            if (!tables.isEmpty()) {
                c.rollback();
                throw new SQLException("could not delete the dataset's rows from " + tables);
            }
            c.commit();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Writer writer(Connection c, String sql) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        return new BufferedWriter(
                new OutputStreamWriter(new PGCopyOutputStream(pg, sql, 1 << 16), StandardCharsets.UTF_8), 1 << 16);
    }

    private static void copy(Connection c, String sql, StringBuilder rows) throws IOException, SQLException {
        try (Writer out = writer(c, sql)) {
            out.append(rows);
        }
    }

    /** Appends one COPY text row; values are free of tabs, newlines and backslashes by construction. */
    private static void row(StringBuilder sb, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('\t');
            }
            sb.append(values[i] == null ? "\\N" : values[i].toString());
        }
        sb.append('\n');
    }

    private static UUID uuid(SplittableRandom r) {
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L; // version 4
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
        return new UUID(msb, lsb);
    }

    private static int zipf(SplittableRandom r) {
        double u = r.nextDouble();
        int i = Arrays.binarySearch(PATH_CDF, u);
        return Math.min(PATHS.length - 1, i >= 0 ? i : -i - 1);
    }

    private static double[] zipfCdf(int n) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / (k + 1);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    /** A well-mixed seed for (base, a, b, c): murmur3's finaliser over a simple combination. */
    static long mix(long base, long a, long b, long c) {
        long h = base;
        for (long v : new long[] {a, b, c}) {
            h = (h ^ v) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            h *= 0xc4ceb93fe53e94d3L;
            h ^= h >>> 33;
        }
        return h;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
