package io.activity.analytics.usermetrics;

import io.activity.analytics.replica.ReadStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The member rows of the list and the export, in one statement: members and their latest
 * activity (member_activity), ordered and cut to the page first, then each remaining member's
 * sessions counted through an index range on (company, user, started_at). Only ordering by
 * session count has to count the range's sessions of every matching member before the cut.
 */
@Component
class UserMetricsQuery {

    record Result(long count, List<UserMetric> rows) {}

    private final ReadStore reads;
    private final JdbcClient primary;

    UserMetricsQuery(ReadStore reads, JdbcClient primary) {
        this.reads = reads;
        this.primary = primary;
    }

    Result page(UUID company, MetricsFilter filter, long limit, long offset) {
        List<UserMetric> rows = new ArrayList<>();
        long[] count = {0};
        statement(reads.jdbc(), company, filter, true)
                .param("limit", limit)
                .param("offset", offset)
                .query(rs -> {
                    count[0] = rs.getLong("total");
                    rows.add(map(rs));
                });
        return new Result(count[0], rows);
    }

    /**
     * Every matching member, read through a cursor; must run inside a transaction. On the primary,
     * even with a replica: the transaction is the primary's transaction manager's, and a cursor
     * needs its statement on that transaction's connection.
     */
    void stream(UUID company, MetricsFilter filter, Consumer<UserMetric> sink) {
        statement(primary, company, filter, false).withFetchSize(500).query(rs -> {
            sink.accept(map(rs));
        });
    }

    private JdbcClient.StatementSpec statement(JdbcClient jdbc, UUID company, MetricsFilter filter, boolean paged) {
        StringBuilder where = new StringBuilder("m.company_id = :company and m.deleted_at is null");
        if (filter.status() != null) {
            where.append(" and m.status = :status");
        }
        if (filter.role() != null) {
            where.append(" and m.role = :role");
        }
        if (filter.department() != null) {
            where.append(" and m.department = :department");
        }
        if (filter.search() != null) {
            where.append(" and (u.email ilike :pattern or u.first_name ilike :pattern or u.last_name ilike :pattern"
                    + " or (u.first_name || ' ' || u.last_name) ilike :pattern)");
        }
        boolean bySessions = filter.ordering().bySessions();
        String sql = """
                with matched as (
                    select m.user_id, u.email, u.first_name, u.last_name, m.status, m.role, m.department,
                           m.created_at, greatest(a.last_heartbeat_at, a.last_session_at) as last_active,
                           a.last_login_at as last_login, %s as range_sessions
                    from company_members m
                    join users u on u.company_id = m.company_id and u.user_id = m.user_id
                    left join member_activity a on a.company_id = m.company_id and a.user_id = m.user_id
                    %s
                    where %s
                ),
                page as (
                    select matched.* %s from matched order by %s %s
                )
                select p.*, coalesce(r.sessions, 0) as total_sessions, r.avg_seconds,
                       coalesce(t.sessions, 0) as sessions_this_month
                from page p
                left join lateral (
                    select count(*) as sessions, avg(extract(epoch from s.last_activity_at - s.started_at)) as avg_seconds
                    from sessions s
                    where s.company_id = :company and s.user_id = p.user_id
                      and s.started_at >= :from and s.started_at < :to
                ) r on true
                left join lateral (
                    select count(*) as sessions
                    from sessions s
                    where s.company_id = :company and s.user_id = p.user_id
                      and s.started_at >= :month_start and s.started_at < :month_end
                ) t on true
                order by %s
                """.formatted(
                        bySessions ? "coalesce(rs.sessions, 0)" : "0",
                        bySessions ? """
                                left join (
                                    select user_id, count(*) as sessions from sessions
                                    where company_id = :company and started_at >= :from and started_at < :to
                                    group by user_id
                                ) rs on rs.user_id = m.user_id
                                """ : "",
                        where,
                        paged ? ", count(*) over () as total" : "",
                        filter.ordering().sql,
                        paged ? "limit :limit offset :offset" : "",
                        filter.ordering().sql);
        var spec = jdbc.sql(sql)
                .param("company", company)
                .param("from", filter.fromInstant())
                .param("to", filter.toInstant())
                .param("month_start", filter.monthStart())
                .param("month_end", filter.monthEnd());
        if (filter.status() != null) {
            spec = spec.param("status", filter.status());
        }
        if (filter.role() != null) {
            spec = spec.param("role", filter.role());
        }
        if (filter.department() != null) {
            spec = spec.param("department", filter.department());
        }
        if (filter.search() != null) {
            spec = spec.param("pattern", filter.searchPattern());
        }
        return spec;
    }

    private static UserMetric map(ResultSet rs) throws SQLException {
        double avg = rs.getDouble("avg_seconds");
        boolean noAverage = rs.wasNull();
        return new UserMetric(
                rs.getObject("user_id", UUID.class),
                rs.getString("email"),
                rs.getString("first_name"),
                rs.getString("last_name"),
                instant(rs.getTimestamp("last_active")),
                rs.getLong("total_sessions"),
                rs.getLong("sessions_this_month"),
                UserMetric.duration(noAverage ? 0 : Math.round(avg)),
                rs.getString("status"),
                rs.getString("role"),
                rs.getString("department"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("last_login")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
