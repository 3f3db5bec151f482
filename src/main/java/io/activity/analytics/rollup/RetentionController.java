package io.activity.analytics.rollup;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.NoResponseCache;
import io.activity.analytics.web.Params;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.UUID;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The retention endpoint: an admin deletes the company's older analytics data now. */
@RestController
@Tag(name = ApiTags.DATA_RIGHTS)
@RequestMapping("/api/v2/companies/{companyId}")
class RetentionController {

    static final int MAX_DAYS = 36_500;

    record Response(Retention.Deleted deleted) {}

    /** The OpenAPI example of a 200: what was deleted, per kind. */
    static final String EXAMPLE = """
            {"deleted": {"heartbeats": 48210, "page_views": 9120, "sessions": 1304, "usage_events": 2210}}""";

    private final Retention retention;

    RetentionController(Retention retention) {
        this.retention = retention;
    }

    @DeleteMapping("/analytics/data")
    @CompanyAccess(role = Access.ADMIN)
    @NoResponseCache
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = EXAMPLE)))
    @Operation(
            summary = "Delete the company's analytics data older than N days",
            description = "Admin. Deletes heartbeats, page views, sessions (by last activity) and API usage events"
                    + " before the start of the company-local day that contains now minus N days, keeps the rollups"
                    + " consistent with what is left, and clears the company's response cache.")
    Response delete(
            @Parameter(description = "The company") @PathVariable UUID companyId,
            @Parameter(description = "Whole days to keep, 1 to 36500", required = true)
                    @RequestParam(name = "older_than_days", required = false)
                    Long olderThanDays,
            Caller caller) {
        long days = Params.between("older_than_days", olderThanDays, 1, MAX_DAYS);
        return new Response(retention.apply(caller.companyId(), Duration.ofDays(days)));
    }
}
