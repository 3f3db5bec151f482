package io.activity.analytics.insights;

import io.activity.analytics.insights.InsightsRequests.EndpointsRequest;
import io.activity.analytics.insights.InsightsRequests.TrendsRequest;
import io.activity.analytics.insights.InsightsRequests.Window;
import io.activity.analytics.insights.InsightsResponses.Endpoints;
import io.activity.analytics.insights.InsightsResponses.Report;
import io.activity.analytics.insights.InsightsResponses.TrendPoint;
import io.activity.analytics.insights.InsightsResponses.Trends;
import io.activity.analytics.insights.InsightsResponses.UserActivityReport;
import io.activity.analytics.insights.InsightsResponses.UserLatencyReport;
import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.Compare;
import io.activity.analytics.web.Params;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The four insights reports (insights/user-activity, insights/user-latency, insights/endpoints,
 * insights/trends); every range is bounded so each stays one bounded scan.
 */
@RestController
@Tag(name = ApiTags.INSIGHTS)
@RequestMapping("/api/v2/companies/{companyId}/insights")
class InsightsController {

    private final InsightsQuery query;
    private final Clock clock;

    InsightsController(InsightsQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @GetMapping("/user-activity")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.USER_ACTIVITY)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Session time per member in a window",
            description = "Seconds of session time [started_at, last_activity_at] inside [start_time, end_time),"
                    + " a member's overlapping sessions counted once, whole seconds rounded down; members with"
                    + " no time and soft-deleted members are left out. Most seconds first, ties by user_id."
                    + " The window is at most 366 days.")
    UserActivityReport userActivity(
            @PathVariable UUID companyId, @ParameterObject Window window, @Parameter(hidden = true) Caller caller) {
        return new UserActivityReport(
                new Report<>(window.start(), window.end(), query.userActivity(caller, window.start(), window.end())));
    }

    @GetMapping("/user-latency")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.USER_LATENCY)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "API latency per member in a window",
            description = "p50 and p95 (continuous percentiles, ms rounded to 2 decimals) of the member's recorded"
                    + " API requests with start_time <= occurred_at < end_time. Members without requests, service"
                    + " tokens and soft-deleted members are left out. Highest p95 first, ties by user_id.")
    UserLatencyReport userLatency(
            @PathVariable UUID companyId, @ParameterObject Window window, @Parameter(hidden = true) Caller caller) {
        return new UserLatencyReport(
                new Report<>(window.start(), window.end(), query.userLatency(caller, window.start(), window.end())));
    }

    @GetMapping("/endpoints")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.ENDPOINTS)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Requests per endpoint and method",
            description = "Recorded API requests grouped by route template and method over company-local days:"
                    + " count, average and p95 response time (ms, 2 decimals), and the feature the route belongs"
                    + " to (configurable map, unmatched → other). Most requested first; at most 366 days.")
    Endpoints endpoints(
            @PathVariable UUID companyId,
            @ParameterObject EndpointsRequest request,
            @Parameter(hidden = true) Caller caller) {
        LocalDate to = request.end(LocalDate.now(clock.withZone(caller.companyZone())));
        return new Endpoints(query.endpoints(caller, request.start(), to, request.limit()));
    }

    @GetMapping("/trends")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.TRENDS)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Active users, requests, response time and page views per day, week or month",
            description = "Zero-filled buckets over [start_date, end_date] in the company's zone or `timezone`;"
                    + " weeks start on Monday, months are calendar months, a bucket is dated by its first day"
                    + " inside the range. active_users counts distinct members over the bucket. At most 366 days."
                    + " compare=previous adds `previous`: the same buckets moved back by the range's length (the"
                    + " equally long range just before), dated by their own first day, aligned by position; without"
                    + " it the key is absent.")
    Trends trends(
            @PathVariable UUID companyId,
            @ParameterObject TrendsRequest request,
            @Parameter(hidden = true) Caller caller) {
        ZoneId zone = Params.orDefault(request.timezone(), caller.companyZone());
        LocalDate to = request.end(LocalDate.now(clock.withZone(zone)));
        String unit = request.granularity().wireName();
        List<TrendPoint> previous = null;
        if (request.compare() == Compare.PREVIOUS) {
            long days = ChronoUnit.DAYS.between(request.start(), to) + 1;
            previous = query.trends(caller, zone, request.start(), to, unit, days);
        }
        return new Trends(unit, zone.getId(), query.trends(caller, zone, request.start(), to, unit, 0), previous);
    }
}
