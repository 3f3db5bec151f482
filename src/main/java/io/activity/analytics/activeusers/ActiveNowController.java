package io.activity.analytics.activeusers;

import io.activity.analytics.activeusers.ActiveUsersRequests.NowRequest;
import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.ResponseCacheMaxAge;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is active right now: the last minutes, from raw rows, cached for at most 10 s. */
@RestController
@Tag(name = ApiTags.ACTIVE_USERS)
@RequestMapping("/api/v2/companies/{companyId}")
class ActiveNowController {

    /** The contract's "cached for at most 10 s". */
    static final long MAX_AGE_SECONDS = 10;

    private final ActiveNowQuery query;
    private final Clock clock;

    ActiveNowController(ActiveNowQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @GetMapping("/active-users/now")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.NOW)))
    @CompanyAccess(role = Access.MEMBER)
    @ResponseCacheMaxAge(seconds = MAX_AGE_SECONDS)
    @Operation(
            summary = "Active users now",
            description = "Distinct members with a heartbeat of total activity > 0, a page view, or a session whose"
                    + " span [started_at, last_activity_at] reaches into the window (as_of − window_minutes, as_of];"
                    + " by_app: distinct members per app in the window (heartbeats with that app's count > 0; every"
                    + " app listed); per_minute: the 30 UTC minutes up to the one holding as_of, oldest first,"
                    + " zero-filled, distinct members per minute. Deleted members never count. as_of is the"
                    + " service's time in whole seconds; the answer is cached for at most 10 s.")
    ActiveNowResponse now(
            @PathVariable UUID companyId,
            @ParameterObject NowRequest request,
            @Parameter(hidden = true) Caller caller) {
        Instant asOf = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return query.now(caller, asOf, request.windowMinutes());
    }
}
