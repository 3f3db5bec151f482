package io.activity.analytics.company;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The companies a user may open: those where their membership is active (status {@code active},
 * not deleted), the same rule the company access check applies on every request. Read from the
 * database on every call, never cached, so a membership change shows at once.
 */
@Component
class MyCompanies {

    /**
     * By name without regard to case, then by name, then by id: the same order whatever the
     * database's collation (names compared as Java strings, lower-cased with the root locale).
     */
    static final Comparator<MyCompany> ORDER = Comparator.comparing(
                    (MyCompany c) -> c.name().toLowerCase(Locale.ROOT))
            .thenComparing(MyCompany::name)
            .thenComparing(c -> c.companyId().toString());

    private final JdbcClient jdbc;

    MyCompanies(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<MyCompany> of(UUID userId) {
        return jdbc
                .sql("""
                        select c.company_id, c.name, c.timezone, m.role
                        from company_members m
                        join companies c on c.company_id = m.company_id
                        where m.user_id = ? and m.status = 'active' and m.deleted_at is null
                        """)
                .param(userId)
                .query((rs, n) ->
                        new MyCompany(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list()
                .stream()
                .sorted(ORDER)
                .toList();
    }
}
