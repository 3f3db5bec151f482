package io.activity.analytics.audit;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.NoResponseCache;
import io.activity.analytics.web.Page;
import io.activity.analytics.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The company's access audit log, newest first, for its owners. Never cached: it is the record. */
@RestController
@Tag(name = ApiTags.AUDIT)
@RequestMapping("/api/v2/companies/{companyId}")
class AuditController {

    /**
     * @param outcome allowed, denied (refused by the access check) or limited (by the rate limit)
     * @param repeats further refused requests this row stands for (a folded flood), else 0
     */
    record AuditRow(
            Instant at,
            UUID userId,
            String route,
            String method,
            String query,
            int status,
            String outcome,
            int repeats) {}

    private static final String EXAMPLE = """
            {"count": 57,
             "next": "http://localhost:8080/api/v2/companies/3f2c1d9e-8a4b-4c71-9e2a-5b6d7f8e9a01/audit-log?page=2&page_size=1",
             "previous": null,
             "results": [{"at": "2026-01-15T14:31:07.412Z", "user_id": "7b1e4c2a-0d3f-4a5b-8c6d-9e0f1a2b3c4d",
               "route": "/api/v2/companies/{companyId}/user-metrics/", "method": "GET",
               "query": "date_from=2026-01-01&ordering=-total_sessions", "status": 200, "outcome": "allowed",
               "repeats": 0}]}""";

    private final JdbcClient jdbc;

    AuditController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/audit-log")
    @Operation(
            summary = "Access audit log",
            description = "Owners only, newest first. Every request of the company's routes that passed the access"
                    + " check (reads, cached ones included, and every write except ingest batches: provisioning,"
                    + " refresh, retention) with outcome `allowed`; every attempt the access check refused on them"
                    + " (`denied`: a non-member's 404, a missing role's or scope's 403); every read over the rate"
                    + " limit (`limited`, 429). Route template, raw query string (cut at 2 KB and marked `…(cut)`),"
                    + " final status, user id (null for service tokens). A flood of refusals is sampled: per minute"
                    + " the first 20 of a company are rows of their own, the rest one row whose `repeats` says how"
                    + " many more it stands for. Written off the request thread, so a request appears within about"
                    + " a second. Kept for analytics.audit.retention (default 400 days). Paged like user-metrics.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "One page of the log",
                            content = @Content(examples = @ExampleObject(value = EXAMPLE))))
    @CompanyAccess(role = Access.OWNER)
    @NoResponseCache
    Page<AuditRow> auditLog(@PathVariable UUID companyId, @ParameterObject Paging paging, Caller caller) {
        long count = jdbc.sql("select count(*) from access_audit_log where company_id = :company")
                .param("company", caller.companyId())
                .query(Long.class)
                .single();
        paging.check(count);
        var rows = jdbc.sql("""
                        select at, user_id, route, method, query, status, outcome, repeats
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
                        rs.getInt("status"),
                        rs.getString("outcome"),
                        rs.getInt("repeats")))
                .list();
        return paging.page(count, rows);
    }
}
