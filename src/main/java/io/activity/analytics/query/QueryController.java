package io.activity.analytics.query;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /companies/{id}/query}: a read sent as a body, limited and cached like a GET. */
@RestController
@Tag(name = ApiTags.QUERY)
@RequestMapping("/api/v2/companies/{companyId}")
class QueryController {

    private final QueryService service;

    QueryController(QueryService service) {
        this.service = service;
    }

    @PostMapping("/query")
    @CompanyAccess(role = Access.MEMBER, read = true)
    @Operation(
            summary = "Query metrics by dimensions, per bucket, with comparisons",
            description = "metrics (1-6): active_users (distinct members active: a heartbeat with total > 0 or a page"
                    + " view), activity (sum of total_activity_count), heartbeats, page_views, sessions (started in the"
                    + " bucket), session_seconds (their summed duration). dimensions (0-2): department, role, status"
                    + " (the member's current values; no department is null), app (with active_users, activity,"
                    + " heartbeats: a member counts under each app they used; heartbeats are those that carried"
                    + " activity of the app), path (with page_views, active_users), device (with active_users,"
                    + " activity, heartbeats). filters [op, dimension, values] with is, is_not, contains (path and"
                    + " department, case-insensitive), combined with AND. date_range [first, last] inclusive, at most"
                    + " 366 days; granularity none (default), day, week (from Monday), month, zero-filled; compare"
                    + " previous or year adds comparison and change (relative, null where the earlier figure is 0),"
                    + " aligned by bucket position. order_by [[name, asc|desc]] (default the date, then the first"
                    + " metric descending), limit 1-1000 (default 100), offset. Distinct members are exact over"
                    + " every bucket, in the company's zone or the timezone override. A read: counts against the"
                    + " read limit and is cached by its canonical body, like a GET; read-only service tokens may"
                    + " call it. A bad name, op or pair is a 400 naming its place (dimensions[1], filters[0][1]).",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "OK",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.RESPONSE))))
    QueryResponse query(
            @PathVariable UUID companyId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.REQUEST)))
                    @RequestBody
                    QueryRequest body,
            @Parameter(hidden = true) Caller caller) {
        return service.run(caller, body.normalise(caller.companyZone()));
    }
}
