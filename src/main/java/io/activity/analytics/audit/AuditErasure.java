package io.activity.analytics.audit;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail's part of erasing one member's data: the member's entries stay (the access
 * happened: route, method, query, status, outcome and time are kept) but lose who it was, both the
 * user id and the token subject (a user token's subject is the user id), which become null and
 * {@value #SUBJECT}. Runs in the caller's transaction.
 */
@Component
public class AuditErasure {

    /** The subject an erased member's entries keep. */
    public static final String SUBJECT = "erased";

    private final JdbcClient jdbc;

    AuditErasure(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns how many entries lost the member's identity. */
    @Transactional(propagation = Propagation.MANDATORY)
    public int forget(UUID companyId, UUID userId) {
        return jdbc.sql("""
                        update access_audit_log set user_id = null, subject = :erased
                        where company_id = :company and (user_id = :user or subject = :subject)
                        """)
                .param("erased", SUBJECT)
                .param("company", companyId)
                .param("user", userId)
                .param("subject", userId.toString())
                .update();
    }
}
