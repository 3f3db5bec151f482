package io.activity.analytics.audit;

import io.activity.analytics.cache.NoResponseCache;
import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.Page;
import io.activity.analytics.web.Paging;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The company's access audit log, newest first, for its owners. Never cached: it is the record. */
@RestController
@RequestMapping("/api/v2/companies/{companyId}")
class AuditController {

    record AuditRow(Instant at, UUID userId, String route, String method, String query, int status) {}

    private final JdbcClient jdbc;

    AuditController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/audit-log")
    @CompanyAccess(role = Access.OWNER)
    @NoResponseCache
    Page<AuditRow> auditLog(
            @PathVariable UUID companyId,
            @RequestParam(name = "page", required = false) String page,
            @RequestParam(name = "page_size", required = false) String pageSize,
            Caller caller) {
        Paging paging = Paging.of(page, pageSize, 20);
        long count = jdbc.sql("select count(*) from access_audit_log where company_id = :company")
                .param("company", caller.companyId())
                .query(Long.class)
                .single();
        paging.check(count);
        var rows = jdbc.sql("""
                        select at, user_id, route, method, query, status
                        from access_audit_log
                        where company_id = :company
                        order by at desc, audit_id desc
                        limit :limit offset :offset
                        """)
                .param("company", caller.companyId())
                .param("limit", paging.pageSize())
                .param("offset", paging.offset())
                .query((rs, n) -> new AuditRow(
                        rs.getTimestamp("at").toInstant(),
                        rs.getObject("user_id", UUID.class),
                        rs.getString("route"),
                        rs.getString("method"),
                        rs.getString("query"),
                        rs.getInt("status")))
                .list();
        return paging.page(count, rows);
    }
}
