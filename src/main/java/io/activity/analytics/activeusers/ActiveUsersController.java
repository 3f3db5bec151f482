package io.activity.analytics.activeusers;

import io.activity.analytics.activeusers.ActiveUsersRequests.ActiveUsersRequest;
import io.activity.analytics.activeusers.ActiveUsersRequests.StickinessRequest;
import io.activity.analytics.activeusers.ActiveUsersRequests.Type;
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
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Daily and monthly active users, and stickiness (DAU, WAU, MAU, DAU/MAU). */
@RestController
@Tag(name = ApiTags.ACTIVE_USERS)
@RequestMapping("/api/v2/companies/{companyId}")
class ActiveUsersController {

    private final ActiveUsersQuery query;
    private final Clock clock;

    ActiveUsersController(ActiveUsersQuery query, Clock clock) {
        this.query = query;
        this.clock = clock;
    }

    @GetMapping("/active-users")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.ACTIVE_USERS)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Active users per day or calendar month",
            description = "Members with a heartbeat of total activity > 0 or a page view on the day; monthly counts"
                    + " distinct members over the calendar month. Zero-filled; days in the company's zone or"
                    + " `timezone`. At most 366 days or 36 months. compare=previous adds `previous`: the points of"
                    + " the equally long range just before (as many days, or as many calendar months), aligned by"
                    + " position; without it the key is absent.")
    ActiveUsersResponse activeUsers(
            @PathVariable UUID companyId,
            @ParameterObject ActiveUsersRequest request,
            @Parameter(hidden = true) Caller caller) {
        ZoneId zone = Params.orDefault(request.timezone(), caller.companyZone());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        boolean compare = request.compare() == Compare.PREVIOUS;
        if (request.type() == Type.MONTHLY) {
            YearMonth[] months = request.months(today);
            long count = ChronoUnit.MONTHS.between(months[0], months[1]) + 1;
            return new ActiveUsersResponse(
                    "monthly",
                    zone.getId(),
                    query.monthly(caller, zone, months[0], months[1]),
                    compare
                            ? query.monthly(caller, zone, months[0].minusMonths(count), months[0].minusMonths(1))
                            : null);
        }
        LocalDate[] days = request.days(today);
        long count = ChronoUnit.DAYS.between(days[0], days[1]) + 1;
        return new ActiveUsersResponse(
                "daily",
                zone.getId(),
                query.daily(caller, zone, days[0], days[1]),
                compare ? query.daily(caller, zone, days[0].minusDays(count), days[0].minusDays(1)) : null);
    }

    @GetMapping("/active-users/stickiness")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.STICKINESS)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Stickiness: DAU, WAU, MAU and DAU/MAU per day",
            description = "wau and mau are distinct active members over the rolling 7 and 30 days ending that day;"
                    + " dau_mau_ratio is dau / mau rounded to 4 decimals, null when mau is 0. At most 366 days.")
    StickinessResponse stickiness(
            @PathVariable UUID companyId,
            @ParameterObject StickinessRequest request,
            @Parameter(hidden = true) Caller caller) {
        ZoneId zone = Params.orDefault(request.timezone(), caller.companyZone());
        LocalDate to = request.to(LocalDate.now(clock.withZone(zone)));
        return new StickinessResponse(zone.getId(), query.stickiness(caller, zone, request.from(), to));
    }
}
