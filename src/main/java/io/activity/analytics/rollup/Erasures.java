package io.activity.analytics.rollup;

import io.activity.analytics.company.MemberErasure;
import io.activity.analytics.web.ApiException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Requests and reports erasures of one member's data. A request, in one transaction: the company
 * forgets the person at once (fields blanked, membership deleted, so their tokens and events are
 * refused from the commit on) and an {@code erasure} job is written to {@code company_jobs}, which
 * {@link RebuildJobs} runs (see {@link Erasure}) after {@link JobsProperties#erasureDelay()}, and
 * takes up again after a crash.
 */
@Service
class Erasures {

    /** The public state of an erasure; a job still pending is reported as running. */
    record Status(
            UUID erasureId,
            UUID userId,
            String status,
            Instant requestedAt,
            Instant finishedAt,
            Retention.Deleted deleted) {}

    /** Published in the request's transaction; the job runner wakes after the commit. */
    record Requested(UUID companyId, UUID erasureId) {}

    private static final String COLUMNS = "job_id, user_id, status, requested_at, finished_at,"
            + " (deleted ->> 'heartbeats')::bigint as heartbeats, (deleted ->> 'page_views')::bigint as page_views,"
            + " (deleted ->> 'sessions')::bigint as sessions, (deleted ->> 'usage_events')::bigint as usage_events";

    private static final Retention.Deleted NOTHING = new Retention.Deleted(0, 0, 0, 0);

    private final JdbcClient jdbc;
    private final MemberErasure members;
    private final JobsProperties properties;
    private final ApplicationEventPublisher events;

    Erasures(JdbcClient jdbc, MemberErasure members, JobsProperties properties, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.members = members;
        this.properties = properties;
        this.events = events;
    }

    /** 404 user_not_found when the id was never a user of the company. */
    @Transactional
    Status request(UUID company, UUID user) {
        if (!members.forget(company, user)) {
            throw ApiException.userNotFound();
        }
        Status status = jdbc.sql("""
                        insert into company_jobs (company_id, kind, user_id, not_before)
                        values (:company, 'erasure', :user, now() + :delay::interval)
                        returning %s
                        """.formatted(COLUMNS))
                .param("company", company)
                .param("user", user)
                .param("delay", properties.erasureDelay().toMillis() + " milliseconds")
                .query(Erasures::status)
                .single();
        events.publishEvent(new Requested(company, status.erasureId()));
        return status;
    }

    /** 404 erasure_not_found for an id that is no erasure of this company. */
    @Transactional(readOnly = true)
    Status status(UUID company, UUID erasure) {
        return jdbc.sql("""
                        select %s from company_jobs
                        where company_id = :company and job_id = :erasure and kind = 'erasure'
                        """.formatted(COLUMNS))
                .param("company", company)
                .param("erasure", erasure)
                .query(Erasures::status)
                .optional()
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND, "erasure_not_found", "This company has no erasure with this id."));
    }

    private static Status status(ResultSet rs, int row) throws SQLException {
        String state = switch (rs.getString("status")) {
            case "done" -> "done";
            case "failed" -> "failed";
            default -> "running"; // pending (not started, or retried after a failure) or running
        };
        Timestamp finished = rs.getTimestamp("finished_at");
        Retention.Deleted deleted = NOTHING; // one transaction: nothing is deleted until it is done
        if (state.equals("done")) {
            deleted = new Retention.Deleted(
                    rs.getLong("heartbeats"),
                    rs.getLong("page_views"),
                    rs.getLong("sessions"),
                    rs.getLong("usage_events"));
        }
        return new Status(
                rs.getObject("job_id", UUID.class),
                rs.getObject("user_id", UUID.class),
                state,
                rs.getTimestamp("requested_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                deleted);
    }
}
