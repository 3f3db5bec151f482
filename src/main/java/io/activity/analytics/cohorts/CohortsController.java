package io.activity.analytics.cohorts;

import io.activity.analytics.cohorts.CohortRequests.LifecycleRequest;
import io.activity.analytics.cohorts.CohortRequests.RetentionRequest;
import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.Params;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.ZoneId;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The active-users lifecycle and retention cohorts. */
@RestController
@Tag(name = ApiTags.COHORTS)
@RequestMapping("/api/v2/companies/{companyId}")
class CohortsController {

    private static final String ACTIVE = " A member is active on a day with a heartbeat of total activity > 0 or a page"
            + " view (the active-users rule); days are cut in the company's zone or `timezone`, exactly. The first"
            + " active day ever is the first within the data kept (retention).";

    private final CohortsQuery query;

    CohortsController(CohortsQuery query) {
        this.query = query;
    }

    @GetMapping("/active-users/lifecycle")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.LIFECYCLE)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Lifecycle: new, returning, resurrecting and dormant members per period",
            description = "One point per whole period (day, Monday-based week or calendar month) holding a day of"
                    + " [date_from, date_to], named by its first day (which may lie before date_from). new: first"
                    + " active day ever in the period; returning: active in it and in the period before;"
                    + " resurrecting: active in it, not in the period before, but earlier; dormant: active in the"
                    + " period before but not in it." + ACTIVE + " At most 366 days.")
    LifecycleResponse lifecycle(
            @PathVariable UUID companyId,
            @ParameterObject LifecycleRequest request,
            @Parameter(hidden = true) Caller caller) {
        ZoneId zone = Params.orDefault(request.timezone(), caller.companyZone());
        Period unit = request.period();
        return new LifecycleResponse(
                unit.wireName(),
                zone.getId(),
                query.lifecycle(caller, zone, unit, request.firstPeriod(), request.lastPeriod()));
    }

    @GetMapping("/cohorts/retention")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.RETENTION)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Retention cohorts by first active period or by joining",
            description = "Every cohort whose period (Monday-based week or calendar month) starts in [date_from,"
                    + " date_to], oldest first, zero-filled; retained[k] is how many of its members were active in"
                    + " the k-th period after its own, up to the period holding date_to (retained[0] equals size"
                    + " for first_active). cohort_by=joined groups members by the day their membership was created,"
                    + " in the zone; members later deleted still count." + ACTIVE + " At most 366 days.")
    RetentionResponse retention(
            @PathVariable UUID companyId,
            @ParameterObject RetentionRequest request,
            @Parameter(hidden = true) Caller caller) {
        ZoneId zone = Params.orDefault(request.timezone(), caller.companyZone());
        return new RetentionResponse(
                request.period().wireName(),
                request.cohortBy().wireName(),
                zone.getId(),
                query.retention(
                        caller, zone, request.unit(), request.cohortBy(), request.firstCohort(), request.lastPeriod()));
    }
}
