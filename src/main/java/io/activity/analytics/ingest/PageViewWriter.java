package io.activity.analytics.ingest;

import io.activity.analytics.web.SqlFiles;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Writes one page view and every rollup it feeds ({@code page-view.sql}), inside the caller's
 * transaction, after {@link Tracking} has stored its guard row and touched its session; on the
 * member's first view it gives them a page ordinal. Each statement is a plain single-company INSERT, so Citus routes it to the
 * company's worker as it is; a statement that wrote several tables through data-modifying CTEs
 * would be planned as one sub-plan per CTE there (docs/scaling.md). The statements go in three
 * round trips (several statements in one JDBC statement are sent together).
 */
@Component
class PageViewWriter {

    static final String SQL = SqlFiles.text(PageViewWriter.class, "page-view.sql");
    private static final String CONTEXT = SqlFiles.text(PageViewWriter.class, "page-view-context.sql");

    static final List<String> ROUND_TRIPS = RollupUpkeep.roundTrips(SQL);

    private static final String ORDINAL =
            "select ordinal from page_member_ordinals where company_id = :company::uuid and user_id = :user::uuid";

    private static final String NEXT_ORDINAL =
            "select coalesce(max(ordinal) + 1, 0) from page_member_ordinals where company_id = :company::uuid";

    private static final String ADD_ORDINAL = """
            insert into page_member_ordinals (company_id, user_id, ordinal)
            values (:company::uuid, :user::uuid, :ordinal::int)
            on conflict do nothing
            returning ordinal
            """;

    private final JdbcClient jdbc;

    PageViewWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void write(UUID company, UUID user, UUID session, Tracking.PageView view) {
        Map<String, Object> params = new HashMap<>();
        params.put("company", company);
        params.put("user", user);
        params.put("session", session);
        params.put("event", view.eventId());
        params.put("at", view.viewedAt().toString());
        params.put("path", view.path());
        params.put("referrer", view.referrer());
        params.put("duration", view.durationMs());
        jdbc.sql(CONTEXT).params(params).query(rs -> {
            params.put("day", rs.getObject("day", LocalDate.class).toString());
            params.put("bucket", instant(rs.getObject("bucket", OffsetDateTime.class)));
            params.put("ordinal", rs.getObject("ordinal", Integer.class));
            params.put("last_activity", instant(rs.getObject("last_activity", OffsetDateTime.class)));
            params.put("last_login", instant(rs.getObject("last_login", OffsetDateTime.class)));
        });
        if (params.get("ordinal") == null) {
            params.put("ordinal", addOrdinal(company, user));
        }
        jdbc.sql(ROUND_TRIPS.get(0)).params(params).update();
        boolean newDay = !jdbc.sql(ROUND_TRIPS.get(1))
                .params(params)
                .query()
                .listOfRows()
                .isEmpty();
        params.put("new_active", newDay ? 1 : 0);
        jdbc.sql(ROUND_TRIPS.get(2)).params(params).update();
    }

    /**
     * Gives the member a bit position in page_day_users on their first page view. Two first views of
     * different members may race for the same next ordinal: the loser's insert does nothing (the
     * unique ordinal), and it tries again with the winner's row now visible.
     */
    private int addOrdinal(UUID company, UUID user) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int next = jdbc.sql(NEXT_ORDINAL)
                    .param("company", company)
                    .query(Integer.class)
                    .single();
            var added = jdbc.sql(ADD_ORDINAL)
                    .param("company", company)
                    .param("user", user)
                    .param("ordinal", next)
                    .query(Integer.class)
                    .optional();
            if (added.isPresent()) {
                return added.get();
            }
            var own = jdbc.sql(ORDINAL)
                    .param("company", company)
                    .param("user", user)
                    .query(Integer.class)
                    .optional();
            if (own.isPresent()) { // a concurrent first view of the same member won
                return own.get();
            }
        }
        throw new IllegalStateException("no page ordinal for member " + user);
    }

    private static String instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toString();
    }
}
