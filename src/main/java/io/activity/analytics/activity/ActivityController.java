package io.activity.analytics.activity;

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
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The activity series of a member, a device and an app. */
@RestController
@Tag(name = ApiTags.ACTIVITY)
@RequestMapping("/api/v2/companies/{companyId}")
class ActivityController {

    private static final String SERIES = "Zero-filled buckets between start_date and end_date (inclusive) in the"
            + " company's timezone or the `timezone` given. Weeks start on Monday, months and quarters are"
            + " calendar ones; a bucket's date is its first day inside the range. Daily ranges are limited to"
            + " 90 days, the others to 731 days.";

    private final ActivitySeries series;

    ActivityController(ActivitySeries series) {
        this.series = series;
    }

    @GetMapping("/users/{userId}/activity")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.SERIES)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(summary = "Activity series of one member", description = SERIES + " A deleted member is not found.")
    SeriesResponse user(
            @PathVariable UUID companyId,
            @Parameter(description = "The member's user id") @PathVariable("userId") UUID userId,
            @ParameterObject SeriesRequest request,
            Caller caller) {
        return series.forUser(caller.companyId(), caller.companyZone(), userId, request.in(caller.companyZone()));
    }

    @GetMapping("/devices/{deviceId}/activity")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.SERIES)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Activity series of one device (all its users)",
            description = SERIES + " A device the company has never seen is not found.")
    SeriesResponse device(
            @PathVariable UUID companyId,
            @Parameter(description = "The device id the agents report") @PathVariable String deviceId,
            @ParameterObject SeriesRequest request,
            Caller caller) {
        return series.forDevice(caller.companyId(), caller.companyZone(), deviceId, request.in(caller.companyZone()));
    }

    @GetMapping("/apps/{app}/activity")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.SERIES)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Activity series of one app (all users)",
            description = SERIES + " The app's own source is counted; metric is activity-count or the app's"
                    + " own per-source metric.")
    SeriesResponse app(
            @PathVariable UUID companyId,
            @Parameter(description = "chrome, edge, firefox, desktop or web-accessibility") @PathVariable String app,
            @ParameterObject SeriesRequest request,
            Caller caller) {
        return series.forApp(
                caller.companyId(), caller.companyZone(), Metric.ofApp(app), request.in(caller.companyZone()));
    }
}
