package io.activity.analytics.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The member rule of the server-side batches (heartbeats and page views): an item's {@code user_id}
 * must be a member of the company in any status (the sender reports what it sees, pending and
 * inactive members included). A soft-deleted member is accepted only for events from before the
 * deletion (late delivery of history) and refused for later ones. One query per batch.
 */
@Component
class IngestMembers {

    private final JdbcClient jdbc;

    IngestMembers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Adds a problem for {@code <list>[i].user_id} of every item whose user is refused. Items whose
     * user_id did not parse (null) are skipped; a null time with a deleted member is refused.
     *
     * @param what the event in the deletion message: "this heartbeat was generated"
     */
    void check(UUID company, String list, String what, UUID[] userIds, Instant[] times, Fields fields) {
        List<UUID> users =
                Arrays.stream(userIds).filter(Objects::nonNull).distinct().toList();
        if (users.isEmpty()) {
            return;
        }
        Map<UUID, Instant> deletedAt = new HashMap<>();
        Map<UUID, Boolean> known = new HashMap<>();
        jdbc.sql("""
                        select user_id, deleted_at from company_members
                        where company_id = :company::uuid and user_id = any(:users::uuid[])
                        """)
                .param("company", company)
                .param("users", new SqlArrayValue("uuid", users.toArray()))
                .query(rs -> {
                    UUID user = rs.getObject(1, UUID.class);
                    known.put(user, true);
                    Timestamp deleted = rs.getTimestamp(2);
                    if (deleted != null) {
                        deletedAt.put(user, deleted.toInstant());
                    }
                });
        for (int i = 0; i < userIds.length; i++) {
            UUID user = userIds[i];
            if (user == null) {
                continue;
            }
            String field = list + "[" + i + "].user_id";
            if (!known.containsKey(user)) {
                fields.add(field, "is not a member of this company");
            } else if (deletedAt.containsKey(user) && (times[i] == null || !times[i].isBefore(deletedAt.get(user)))) {
                fields.add(field, "was removed from this company before " + what);
            }
        }
    }
}
