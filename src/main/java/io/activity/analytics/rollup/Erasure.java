package io.activity.analytics.rollup;

import io.activity.analytics.audit.AuditErasure;
import io.activity.analytics.company.MemberErasure;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The work of one erasure, in the caller's transaction (the job's), under the company's exclusive
 * lock like a rebuild or a retention run, so ingest of the company waits for it and never sees
 * half of it. Every per-member raw table loses the member's rows (heartbeats with their event-id
 * guards, page views, sessions, usage events); the member's bit position in the page rollups is
 * given up; every rollup is rebuilt by {@link RollupRebuild} from the rows left, so it equals a
 * rebuild by construction; the company forgets the person ({@link MemberErasure}) and the audit
 * trail the identity ({@link AuditErasure}). Run twice, it finds nothing the second time.
 */
@Component
class Erasure {

    private final JdbcClient jdbc;
    private final RollupRebuild rollups;
    private final MemberErasure members;
    private final AuditErasure audit;

    Erasure(JdbcClient jdbc, RollupRebuild rollups, MemberErasure members, AuditErasure audit) {
        this.jdbc = jdbc;
        this.rollups = rollups;
        this.members = members;
        this.audit = audit;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    Retention.Deleted erase(UUID company, UUID user) {
        // Exclusive against ingest (shared), rebuilds and retention of this company.
        jdbc.sql(Retention.LOCK).param("company", company).query().singleRow();
        long heartbeats = deleteWithGuards("heartbeats", "event_id", "heartbeat_event_ids", company, user);
        // A view sent with an event_id keeps it as its view_id; its guard row goes with it.
        long pageViews = deleteWithGuards("page_views", "view_id", "page_view_event_ids", company, user);
        long sessions = delete("sessions", company, user);
        long usageEvents = delete("usage_events", company, user);
        // The rebuild keeps the ordinals it finds (ingest gave them), so the member's goes here.
        delete("page_member_ordinals", company, user);
        for (RollupRebuild.Part part : RollupRebuild.Part.values()) {
            rollups.rebuildPart(company, part);
        }
        members.forget(company, user);
        audit.forget(company, user);
        return new Retention.Deleted(heartbeats, pageViews, sessions, usageEvents);
    }

    /**
     * The member's raw rows of {@code table} and the event-id guard rows of those rows: the guard
     * rows first (found through the rows), then the rows; two plain statements rather than one with
     * data-modifying CTEs, which Citus never routes to one worker.
     */
    private long deleteWithGuards(String table, String idColumn, String guards, UUID company, UUID user) {
        jdbc.sql("""
                        delete from %s g using %s t
                        where g.company_id = :company and t.company_id = g.company_id
                          and t.user_id = :user and t.%s = g.event_id
                        """.formatted(guards, table, idColumn))
                .param("company", company)
                .param("user", user)
                .update();
        return delete(table, company, user);
    }

    private long delete(String table, UUID company, UUID user) {
        return jdbc.sql("delete from " + table + " where company_id = :company and user_id = :user")
                .param("company", company)
                .param("user", user)
                .update();
    }
}
