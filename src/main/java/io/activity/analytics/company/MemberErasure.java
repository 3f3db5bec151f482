package io.activity.analytics.company;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The company's part of erasing one member's data (the erasure job of {@code rollup} drives it):
 * the person's fields are blanked and the membership is deleted, with its status history (the
 * foreign key cascades). The {@code users} row itself stays, blank, so the company still knows the
 * id was one of its users: a repeated erasure finds it (and nothing else), and the member's
 * events are refused like a non-member's. Runs in the caller's transaction.
 */
@Component
public class MemberErasure {

    private final JdbcClient jdbc;

    MemberErasure(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the id was never a user of the company (nothing to erase); true otherwise. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean forget(UUID companyId, UUID userId) {
        int users = jdbc.sql("""
                        update users set email = '', first_name = '', last_name = '',
                            updated_at = case when email = '' and first_name = '' and last_name = ''
                                then updated_at else :now end
                        where company_id = :company and user_id = :user
                        """)
                // A value, not now() inside the CASE: Citus evaluates no volatile function there.
                .param("now", java.sql.Timestamp.from(java.time.Instant.now()))
                .param("company", companyId)
                .param("user", userId)
                .update();
        if (users == 0) {
            return false;
        }
        jdbc.sql("delete from company_members where company_id = :company and user_id = :user")
                .param("company", companyId)
                .param("user", userId)
                .update();
        return true;
    }
}
