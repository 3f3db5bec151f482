package io.activity.analytics.activeusers;

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
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Daily and monthly active users, and stickiness (DAU, WAU, MAU, DAU/MAU). */
@RestController
@RequestMapping("/api/v2/companies/{companyId}")
class ActiveUsersController {

    static final int MAX_DAYS = 366;
    static final int MAX_MONTHS = 36;

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
                    + " `timezone`. At most 366 days or 36 months.")
    ActiveUsersResponse activeUsers(
            @PathVariable UUID companyId,
            @Parameter(description = "daily | monthly (required)") @RequestParam(name = "type", required = false)
                    String type,
            @Parameter(description = "First day (YYYY-MM-DD) or month (YYYY-MM) to match `type` (required)")
                    @RequestParam(name = "date_from", required = false)
                    String dateFrom,
            @Parameter(description = "Last day or month, inclusive; default today / this month in the zone")
                    @RequestParam(name = "date_to", required = false)
                    String dateTo,
            @Parameter(description = "IANA zone overriding the company's for this request")
                    @RequestParam(name = "timezone", required = false)
                    String timezone,
            @Parameter(hidden = true) Caller caller) {
        boolean monthly = Params.choice("type", type, Map.of("daily", false, "monthly", true), null);
        ZoneId zone = Params.zone("timezone", timezone, caller.companyZone());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (monthly) {
            YearMonth from = Params.month("date_from", dateFrom);
            YearMonth to = dateTo == null || dateTo.isBlank() ? YearMonth.from(today) : Params.month("date_to", dateTo);
            if (to.isBefore(from)) {
                throw ApiException.validation("date_to", "must not be before the start of the range");
            }
            if (ChronoUnit.MONTHS.between(from, to) + 1 > MAX_MONTHS) {
                throw ApiException.validation("date_to", "Date range cannot exceed " + MAX_MONTHS + " months");
            }
            return new ActiveUsersResponse("monthly", zone.getId(), query.monthly(caller, zone, from, to));
        }
        LocalDate from = Params.date("date_from", dateFrom);
        LocalDate to = Params.date("date_to", dateTo, today);
        Params.range("date_to", from, to, MAX_DAYS, "Date range cannot exceed " + MAX_DAYS + " days");
        return new ActiveUsersResponse("daily", zone.getId(), query.daily(caller, zone, from, to));
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
            @Parameter(description = "First day, YYYY-MM-DD (required)")
                    @RequestParam(name = "date_from", required = false)
                    String dateFrom,
            @Parameter(description = "Last day, inclusive; default today in the zone")
                    @RequestParam(name = "date_to", required = false)
                    String dateTo,
            @Parameter(description = "IANA zone overriding the company's for this request")
                    @RequestParam(name = "timezone", required = false)
                    String timezone,
            @Parameter(hidden = true) Caller caller) {
        ZoneId zone = Params.zone("timezone", timezone, caller.companyZone());
        LocalDate from = Params.date("date_from", dateFrom);
        LocalDate to = Params.date("date_to", dateTo, LocalDate.now(clock.withZone(zone)));
        Params.range("date_to", from, to, MAX_DAYS, "Date range cannot exceed " + MAX_DAYS + " days");
        return new StickinessResponse(zone.getId(), query.stickiness(caller, zone, from, to));
    }
}
