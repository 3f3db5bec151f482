package io.activity.analytics.pagestats;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.Params;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Page statistics over [start_timestamp, end_timestamp], both seconds included. */
@RestController
@Tag(name = ApiTags.PAGE_STATISTICS)
@RequestMapping("/api/v2/companies/{companyId}")
class PageStatisticsController {

    static final long MAX_RANGE_SECONDS = Duration.ofDays(366).toSeconds();
    /** 9999-12-31T23:59:59Z. */
    static final long LAST_SECOND = 253_402_300_799L;

    record Request(
            @Parameter(description = "Start, UNIX seconds (required)") @BindParam("start_timestamp")
            Long start,

            @Parameter(description = "End, UNIX seconds, included (required, >= start_timestamp)")
            @BindParam("end_timestamp")
            Long end,

            @Parameter(description = "Paths listed, 1..500, default 50")
            Integer limit) {

        Request {
            Params.between("start_timestamp", start, 0, LAST_SECOND);
            Params.between("end_timestamp", end, 0, LAST_SECOND);
            limit = Params.between("limit", limit, 50, 1, 500);
            if (end < start) {
                throw ApiException.validation("end_timestamp", "must not be before start_timestamp");
            }
            if (end - start > MAX_RANGE_SECONDS) {
                throw ApiException.validation("end_timestamp", "Date range cannot exceed 366 days");
            }
        }
    }

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
            @PathVariable UUID companyId, @ParameterObject Request request, @Parameter(hidden = true) Caller caller) {
        return query.statistics(
                caller, Instant.ofEpochSecond(request.start()), Instant.ofEpochSecond(request.end()), request.limit());
    }
}
