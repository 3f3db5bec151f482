package io.activity.analytics.pagestats;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.Params;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Page statistics over [start_timestamp, end_timestamp], both seconds included. */
@RestController
@RequestMapping("/api/v2/companies/{companyId}")
class PageStatisticsController {

    static final Duration MAX_RANGE = Duration.ofDays(366);

    private final PageStatisticsQuery query;

    PageStatisticsController(PageStatisticsQuery query) {
        this.query = query;
    }

    @GetMapping("/page-statistics")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.PAGE_STATISTICS)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Views, distinct viewers and average duration per path",
            description = "Counts the page views with start_timestamp <= viewed_at < end_timestamp + 1 s (the end"
                    + " second is included), exactly: whole company-local days from the day rollups, the partial"
                    + " first and last day from the raw views. Ordered by page_views desc, then path; `limit`"
                    + " caps the list, the totals cover every path. Range at most 366 days.")
    PageStatisticsResponse pageStatistics(
            @PathVariable UUID companyId,
            @Parameter(description = "Start, UNIX seconds (required)")
                    @RequestParam(name = "start_timestamp", required = false)
                    String startTimestamp,
            @Parameter(description = "End, UNIX seconds, included (required, >= start_timestamp)")
                    @RequestParam(name = "end_timestamp", required = false)
                    String endTimestamp,
            @Parameter(description = "Paths listed, 1..500, default 50") @RequestParam(name = "limit", required = false)
                    String limit,
            @Parameter(hidden = true) Caller caller) {
        Instant start = Params.epochSeconds("start_timestamp", startTimestamp);
        Instant end = Params.epochSeconds("end_timestamp", endTimestamp);
        int max = Params.integer("limit", limit, 50, 1, 500);
        if (end.isBefore(start)) {
            throw ApiException.validation("end_timestamp", "must not be before start_timestamp");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ApiException.validation("end_timestamp", "Date range cannot exceed 366 days");
        }
        return query.statistics(caller, start, end, max);
    }
}
