package io.activity.analytics.insights;

import io.activity.analytics.insights.InsightsResponses.Endpoints;
import io.activity.analytics.insights.InsightsResponses.Report;
import io.activity.analytics.insights.InsightsResponses.Trends;
import io.activity.analytics.insights.InsightsResponses.UserActivityReport;
import io.activity.analytics.insights.InsightsResponses.UserLatencyReport;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The four insights reports (insights/user-activity, insights/user-latency, insights/endpoints,
 * insights/trends); every range is bounded so each stays one bounded scan.
 */
@RestController
@RequestMapping("/api/v2/companies/{companyId}/insights")
class InsightsController {

    static final int MAX_DAYS = 366;
    static final Duration MAX_WINDOW = Duration.ofDays(MAX_DAYS);
    private static final Map<String, String> GRANULARITIES = granularities();

    private final InsightsQuery query;
    private final Clock clock;

    InsightsController(InsightsQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    private static Map<String, String> granularities() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("day", "day");
        map.put("week", "week");
        map.put("month", "month");
        return map;
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
            @PathVariable UUID companyId,
            @Parameter(description = "Window start, ISO-8601 instant (required)")
                    @RequestParam(name = "start_time", required = false)
                    String startTime,
            @Parameter(description = "Window end, ISO-8601 instant, excluded (required, after start_time)")
                    @RequestParam(name = "end_time", required = false)
                    String endTime,
            @Parameter(hidden = true) Caller caller) {
        Instant[] window = window(startTime, endTime);
        return new UserActivityReport(
                new Report<>(window[0], window[1], query.userActivity(caller, window[0], window[1])));
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
            @PathVariable UUID companyId,
            @Parameter(description = "Window start, ISO-8601 instant (required)")
                    @RequestParam(name = "start_time", required = false)
                    String startTime,
            @Parameter(description = "Window end, ISO-8601 instant, excluded (required, after start_time)")
                    @RequestParam(name = "end_time", required = false)
                    String endTime,
            @Parameter(hidden = true) Caller caller) {
        Instant[] window = window(startTime, endTime);
        return new UserLatencyReport(
                new Report<>(window[0], window[1], query.userLatency(caller, window[0], window[1])));
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
            @Parameter(description = "First day, YYYY-MM-DD (required)")
                    @RequestParam(name = "start_date", required = false)
                    String startDate,
            @Parameter(description = "Last day, inclusive; default today in the company's zone")
                    @RequestParam(name = "end_date", required = false)
                    String endDate,
            @Parameter(description = "Endpoints listed, 1..100, default 20")
                    @RequestParam(name = "limit", required = false)
                    String limit,
            @Parameter(hidden = true) Caller caller) {
        LocalDate from = Params.date("start_date", startDate);
        LocalDate to = Params.date("end_date", endDate, LocalDate.now(clock.withZone(caller.companyZone())));
        Params.range("end_date", from, to, MAX_DAYS, "Date range cannot exceed " + MAX_DAYS + " days");
        int max = Params.integer("limit", limit, 20, 1, 100);
        return new Endpoints(query.endpoints(caller, from, to, max));
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
                    + " inside the range. active_users counts distinct members over the bucket. At most 366 days.")
    Trends trends(
            @PathVariable UUID companyId,
            @Parameter(description = "First day, YYYY-MM-DD (required)")
                    @RequestParam(name = "start_date", required = false)
                    String startDate,
            @Parameter(description = "Last day, inclusive; default today in the zone")
                    @RequestParam(name = "end_date", required = false)
                    String endDate,
            @Parameter(description = "day | week | month, default day")
                    @RequestParam(name = "granularity", required = false)
                    String granularity,
            @Parameter(description = "IANA zone overriding the company's for this request")
                    @RequestParam(name = "timezone", required = false)
                    String timezone,
            @Parameter(hidden = true) Caller caller) {
        String unit = Params.choice("granularity", granularity, GRANULARITIES, "day");
        ZoneId zone = Params.zone("timezone", timezone, caller.companyZone());
        LocalDate from = Params.date("start_date", startDate);
        LocalDate to = Params.date("end_date", endDate, LocalDate.now(clock.withZone(zone)));
        Params.range("end_date", from, to, MAX_DAYS, "Date range cannot exceed " + MAX_DAYS + " days");
        return new Trends(unit, zone.getId(), query.trends(caller, zone, from, to, unit));
    }

    private static Instant[] window(String startTime, String endTime) {
        Instant start = Params.instant("start_time", startTime);
        Instant end = Params.instant("end_time", endTime);
        if (!end.isAfter(start)) {
            throw ApiException.validation("end_time", "must be after start_time");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw ApiException.validation("end_time", "Time range cannot exceed " + MAX_DAYS + " days");
        }
        return new Instant[] {start, end};
    }
}
