package io.activity.analytics.security;

import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** One indexed lookup per request: the company's zone and, for a user, their membership. */
@Component
class MembershipLookup {

    record Membership(ZoneId zone, Role role, boolean active) {}

    private final JdbcClient jdbc;

    MembershipLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ZoneId> companyZone(UUID companyId) {
        return jdbc.sql("select timezone from companies where company_id = ?")
                .param(companyId)
                .query((rs, n) -> ZoneId.of(rs.getString(1)))
                .optional();
    }

    /** Empty when the company does not exist; otherwise the zone and the member's standing. */
    Optional<Membership> membership(UUID companyId, UUID userId) {
        return jdbc.sql("""
                        select c.timezone, m.role, (m.status = 'active' and m.deleted_at is null) as active
                        from companies c
                        left join company_members m on m.company_id = c.company_id and m.user_id = ?
                        where c.company_id = ?
                        """)
                .param(userId)
                .param(companyId)
                .query((rs, n) -> new Membership(
                        ZoneId.of(rs.getString(1)),
                        rs.getString(2) == null ? null : Role.parse(rs.getString(2)),
                        rs.getBoolean(3)))
                .optional();
    }
}
