package io.activity.analytics.ingest;

import io.activity.analytics.rollup.Partitions;
import io.activity.analytics.rollup.RetentionProperties;
import io.activity.analytics.security.Caller;
import io.activity.analytics.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Page views and session heartbeats of a member's own browser. A session is the client's
 * session_id plus activity without an idle gap over {@code session-idle}: a view or heartbeat
 * joins the session of that client id whose span (widened by the idle gap on both sides) contains
 * it, or opens a new one. Out-of-order views can therefore move a session's start earlier. Two
 * requests of the same client session serialise on an advisory lock, so they never open two
 * sessions for one gap.
 *
 * <p>{@link #store} is the one code path of a page view, for {@code track/pageview} and for every
 * item of a server-side batch ({@link PageViewBatch}): in its own transaction, under the company's
 * shared lock, the view's event id (if it has one) goes into {@code page_view_event_ids} first; an
 * id already there ends the transaction with nothing else written (no session, no rollup, no
 * last-active), otherwise the session is touched and {@code page-view.sql} stores the view and
 * every rollup it feeds.
 */
@Component
class Tracking {

    /** A view lasts at most a day (API.md); bounded so the per-path duration sums cannot overflow. */
    static final long MAX_DURATION_MS = 86_400_000L;

    private static final String SESSION_LOCK =
            "select pg_advisory_xact_lock(hashtextextended(:company::text || '/' || :user::text || '/' || :client, 1))";

    /** The event id's guard row; no row back means the id was stored before: a duplicate. */
    private static final String EVENT_GUARD = """
            insert into page_view_event_ids (company_id, event_id, viewed_at)
            values (:company::uuid, :event::uuid, :at::timestamptz)
            on conflict do nothing
            returning event_id
            """;

    private static final String FIND_SESSION = """
            select session_id from sessions
            where company_id = :company and user_id = :user and client_session_id = :client
              and last_activity_at >= :at::timestamptz - :idle::interval
              and started_at <= :at::timestamptz + :idle::interval
            order by last_activity_at desc
            limit 1
            """;

    /**
     * A change of one session's share in the day rollup of its start: {@code sessions} (1 or -1)
     * sessions and as many times the span's duration, on the company-local day of its start. Read
     * from the company's own row, so Citus routes it to the company's worker. {@code $} is the
     * prefix of the parameters' names, so two of them can go in one round trip.
     */
    private static final String SESSION_DAY = """
            insert into daily_company_sessions as t (company_id, day, sessions, duration_micros)
            select c.company_id, local_day(:$start::timestamptz, c.timezone), :$sessions::int,
                   :$sessions::int * session_micros(:$start::timestamptz, :$last::timestamptz)
            from companies c where c.company_id = :company::uuid
            on conflict (company_id, day) do update set sessions = t.sessions + excluded.sessions,
                duration_micros = t.duration_micros + excluded.duration_micros
            """;

    private static final String OPEN_SESSION = """
            insert into sessions (company_id, client_session_id, user_id, started_at, last_activity_at, page_count)
            values (:company::uuid, :client::text, :user::uuid, :at::timestamptz, :at::timestamptz, :pages::int)
            returning session_id
            """;

    /** Extends a session to cover :at; returns its span before and after (the FROM row is the old one). */
    private static final String EXTEND_SESSION = """
            update sessions s set started_at = least(s.started_at, :at::timestamptz),
                last_activity_at = greatest(s.last_activity_at, :at::timestamptz),
                page_count = s.page_count + :pages::int
            from sessions old
            where s.company_id = :company::uuid and s.session_id = :session::uuid
              and old.company_id = s.company_id and old.session_id = s.session_id
            returning old.started_at as old_start, old.last_activity_at as old_last,
                      s.started_at as new_start, s.last_activity_at as new_last
            """;

    private static final String DROP_EMPTY_DAY = """
            delete from daily_company_sessions
            where company_id = :company::uuid and sessions = 0 and duration_micros = 0
              and day = (select local_day(:old_start::timestamptz, timezone) from companies
                         where company_id = :company::uuid)
            """;

    private static final String MEMBER =
            "select exists (select 1 from company_members where company_id = :company and user_id = :user)";

    // The member's latest session start is read first and written as a value, not read inside
    // ON CONFLICT: a query there would not run on a Citus shard.
    private static final String MEMBER_SESSIONS = """
            select (select max(last_activity_at) from sessions
                    where company_id = :company::uuid and session_id = :session::uuid) as last_activity,
                   (select max(started_at) from sessions
                    where company_id = :company::uuid and user_id = :user::uuid) as last_login
            from companies c where c.company_id = :company::uuid
            """;

    private static final String SESSION_MEMBER = """
            insert into member_activity as t (company_id, user_id, last_session_at, last_login_at)
            values (:company::uuid, :user::uuid, :last_activity::timestamptz, :last_login::timestamptz)
            on conflict (company_id, user_id) do update set
                last_session_at = greatest(t.last_session_at, excluded.last_session_at),
                last_login_at = excluded.last_login_at
            """;

    private final JdbcClient jdbc;
    private final PageViewWriter pageViews;
    private final TransactionTemplate transactions;
    private final Partitions partitions;
    private final IngestProperties properties;
    private final RetentionProperties retention;
    private final Counter views;
    private final Counter duplicates;
    private final Clock clock = Clock.systemUTC();

    Tracking(
            JdbcClient jdbc,
            PageViewWriter pageViews,
            TransactionTemplate transactions,
            Partitions partitions,
            IngestProperties properties,
            RetentionProperties retention,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.pageViews = pageViews;
        this.transactions = transactions;
        this.partitions = partitions;
        this.properties = properties;
        this.retention = retention;
        this.views = Counter.builder("analytics.ingest.page_views")
                .description("Page views stored")
                .register(meters);
        this.duplicates = Counter.builder("analytics.ingest.page_view_duplicates")
                .description("Page views skipped because their event_id was stored before")
                .register(meters);
    }

    /** A validated page view; {@code eventId} null when the client sent none (never deduplicated). */
    record PageView(UUID eventId, String path, String referrer, String sessionId, Long durationMs, Instant viewedAt) {}

    void pageView(Caller caller, JsonNode body) {
        Fields fields = new Fields();
        JsonNode object = object(body, fields);
        if (object == null) {
            fields.throwIfAny();
        }
        Instant now = now();
        PageView view = readView(object, "", fields, now, false);
        fields.throwIfAny();
        partitions.ensure(Partitions.PAGE_VIEWS, view.viewedAt());
        store(caller.companyId(), caller.userId(), view);
    }

    /**
     * Reads the fields of one page view under {@code prefix} ("" or "page_views[3]."); problems go
     * to {@code fields}. A batch item ({@code batchItem}) must carry its event_id and viewed_at;
     * track/pageview may leave out both (viewed_at is then now).
     */
    PageView readView(JsonNode object, String prefix, Fields fields, Instant now, boolean batchItem) {
        UUID eventId = fields.uuid(object, prefix, "event_id", batchItem);
        String path = fields.string(object, prefix, "path", true, properties.maxPathLength());
        String referrer = fields.string(object, prefix, "referrer", false, properties.maxPathLength());
        String session = fields.string(object, prefix, "session_id", true, properties.maxIdLength());
        long duration = fields.integer(object, prefix, "duration_ms", MAX_DURATION_MS, Long.MIN_VALUE);
        Instant viewedAt = fields.instant(
                object,
                prefix,
                "viewed_at",
                now.minus(retention.period()),
                now.plus(properties.maxFuture()),
                batchItem ? null : now);
        return new PageView(eventId, path, referrer, session, duration == Long.MIN_VALUE ? null : duration, viewedAt);
    }

    /**
     * Stores one validated view of {@code user} in its own transaction, its session and every rollup
     * with it; false, with nothing written, when its event id was stored before. The caller has made
     * sure the month partition of {@code viewedAt} exists ({@link Partitions#ensure}).
     */
    boolean store(UUID company, UUID user, PageView view) {
        Boolean stored = transactions.execute(status -> {
            jdbc.sql(RollupUpkeep.LOCK_SHARED).param("company", company).query().singleRow();
            requireMember(company, user);
            if (view.eventId() != null && !guard(company, view)) {
                return false;
            }
            lockSession(company, user, view.sessionId());
            UUID session = touchSession(company, user, view.sessionId(), view.viewedAt(), 1);
            pageViews.write(company, user, session, view);
            return true;
        });
        if (Boolean.TRUE.equals(stored)) {
            views.increment();
            return true;
        }
        duplicates.increment();
        return false;
    }

    /**
     * Inserts the view's event-id guard row; false when the id is stored already. A concurrent
     * request with the same id waits here for this transaction and then finds the row.
     */
    private boolean guard(UUID company, PageView view) {
        return jdbc.sql(EVENT_GUARD)
                .param("company", company)
                .param("event", view.eventId())
                .param("at", view.viewedAt().toString())
                .query(UUID.class)
                .optional()
                .isPresent();
    }

    void heartbeat(Caller caller, JsonNode body) {
        Fields fields = new Fields();
        JsonNode object = object(body, fields);
        String client = object == null ? null : fields.string(object, "", "session_id", true, properties.maxIdLength());
        fields.throwIfAny();
        Instant now = now();
        UUID company = caller.companyId();
        UUID user = caller.userId();
        transactions.executeWithoutResult(status -> {
            jdbc.sql(RollupUpkeep.LOCK_SHARED).param("company", company).query().singleRow();
            requireMember(company, user);
            lockSession(company, user, client);
            UUID session = touchSession(company, user, client, now, 0);
            Map<String, Object> params = new HashMap<>(Map.of("company", company, "user", user, "session", session));
            jdbc.sql(MEMBER_SESSIONS).params(params).query(rs -> {
                params.put("last_activity", rs.getString("last_activity"));
                params.put("last_login", rs.getString("last_login"));
            });
            jdbc.sql(SESSION_MEMBER).params(params).update();
        });
    }

    /**
     * Checked again under the company's lock: a member erased since the access check (or since a
     * batch was validated) is a non-member now, and nothing of theirs is stored after the erasure.
     */
    private void requireMember(UUID company, UUID user) {
        if (!jdbc.sql(MEMBER)
                .param("company", company)
                .param("user", user)
                .query(Boolean.class)
                .single()) {
            throw ApiException.companyNotFound();
        }
    }

    private void lockSession(UUID company, UUID user, String client) {
        jdbc.sql(SESSION_LOCK)
                .param("company", company)
                .param("user", user)
                .param("client", client)
                .query()
                .singleRow();
    }

    /** The session the activity at {@code at} belongs to, extended to cover it, or a new one. */
    private UUID touchSession(UUID company, UUID user, String client, Instant at, int pages) {
        String idle = properties.sessionIdle().toSeconds() + " seconds";
        var existing = jdbc.sql(FIND_SESSION)
                .param("company", company)
                .param("user", user)
                .param("client", client)
                .param("at", at.toString())
                .param("idle", idle)
                .query(UUID.class)
                .optional();
        if (existing.isPresent()) {
            Map<String, Object> params = new HashMap<>();
            params.put("company", company);
            params.put("session", existing.get());
            params.put("at", at.toString());
            params.put("pages", pages);
            jdbc.sql(EXTEND_SESSION).params(params).query(rs -> {
                for (String column : List.of("old_start", "old_last", "new_start", "new_last")) {
                    params.put(
                            column,
                            rs.getObject(column, OffsetDateTime.class)
                                    .toInstant()
                                    .toString());
                }
            });
            params.put("old_sessions", -1);
            params.put("new_sessions", 1);
            // The old span leaves its start day and the new one joins its own: the same day unless
            // an earlier view moved the start, and then the earlier day first (the lock order of
            // two such extensions of one company). After such a move the day left may count
            // nothing, and a rebuild writes no row for such a day, so neither does the upkeep.
            boolean moved = at.isBefore(Instant.parse((String) params.get("old_start")));
            jdbc.sql(SESSION_DAY.replace("$", "new_") + ";\n" + SESSION_DAY.replace("$", "old_")
                            + (moved ? ";\n" + DROP_EMPTY_DAY : ""))
                    .params(params)
                    .update();
            return existing.get();
        }
        UUID session = jdbc.sql(OPEN_SESSION)
                .param("company", company)
                .param("client", client)
                .param("user", user)
                .param("at", at.toString())
                .param("pages", pages)
                .query(UUID.class)
                .single();
        // One more session on its start day, with no duration yet.
        jdbc.sql(SESSION_DAY.replace("$", ""))
                .param("company", company)
                .param("start", at.toString())
                .param("last", at.toString())
                .param("sessions", 1)
                .update();
        return session;
    }

    private static JsonNode object(JsonNode body, Fields fields) {
        if (body == null || !body.isObject()) {
            fields.add("body", "must be a JSON object");
            return null;
        }
        return body;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
