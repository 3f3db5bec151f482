package io.activity.analytics.statuscounts;

import io.activity.analytics.replica.ReadStore;
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
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Members per status at the end of each day, from the status history the database trigger keeps. */
@RestController
@Tag(name = ApiTags.STATUS_COUNTS)
@RequestMapping("/api/v2/companies/{companyId}")
class StatusCountsController {

    static final int MAX_DAYS = 366;
    static final int DEFAULT_DAYS = 30;
    static final List<String> STATUSES = List.of("active", "inactive", "pending");

    record Count(String date, long count) {}

    record Days(
            @Parameter(description = "First day, YYYY-MM-DD; default 29 days before date_to") @BindParam("date_from")
            LocalDate from,

            @Parameter(description = "Last day, inclusive; default today in the company's zone") @BindParam("date_to")
            LocalDate to) {}

    record StatusCountsResponse(Map<String, List<Count>> statusCounts) {}

    // A change is a member's end-of-day status on every local day from the day it happened up to
    // the day before that member's next change: a day with two changes ends in the later one (ties
    // by change_id), and a change whose next change falls on the same day covers no day at all.
    // Each covered run adds 1 to its status from its first day and takes it away after its last;
    // a running sum of those steps over the days is the count. 'deleted' covers runs too, but is
    // no series, so a deleted member counts nowhere; before a member's first change (creation)
    // nothing counts. One statement, O(changes up to the range's end) rather than days × members.
    private static final String SQL = """
            with changes as (
                select new_status,
                       local_day(changed_at, :zone) as first_day,
                       local_day(lead(changed_at) over (partition by user_id order by changed_at, change_id), :zone)
                            as next_day
                from user_status_changes
                where company_id = :company and changed_at < :end_of_range
            ),
            runs as (
                select new_status as status,
                       greatest(first_day, cast(:from as date)) as first_day,
                       least(coalesce(next_day, cast(:to as date) + 1), cast(:to as date) + 1) as after_day
                from changes
                where new_status <> 'deleted'
            ),
            steps as (
                select status, first_day as day, 1 as step from runs where first_day < after_day
                union all
                select status, after_day, -1 from runs where first_day < after_day
            ),
            per_day as (select status, day, sum(step) as step from steps group by status, day)
            select s.status, d::date as day,
                   sum(coalesce(p.step, 0)) over (partition by s.status order by d) as n
            from unnest(array['active', 'inactive', 'pending']) as s(status)
            cross join generate_series(cast(:from as date)::timestamp, cast(:to as date)::timestamp, interval '1 day') d
            left join per_day p on p.status = s.status and p.day = d::date
            order by s.status, d
            """;

    private final ReadStore reads;
    private final Clock clock;

    StatusCountsController(ReadStore reads, Clock clock) {
        this.reads = reads;
        this.clock = clock;
    }

    @GetMapping("/user-status-counts")
    @ApiResponse(
            responseCode = "200",
            description = "OK",
            content = @Content(examples = @ExampleObject(value = OpenApiExamples.STATUS_COUNTS)))
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Members per status at the end of each day",
            description = "For each company-local day, the members whose last status change at or before the end"
                    + " of the day left them active, inactive or pending. Soft-deleted members count in none;"
                    + " a member counts from the day it was created. Every status is present, zero-filled.")
    StatusCountsResponse statusCounts(
            @PathVariable UUID companyId, @ParameterObject Days request, @Parameter(hidden = true) Caller caller) {
        LocalDate to = Params.orDefault(request.to(), LocalDate.now(clock.withZone(caller.companyZone())));
        LocalDate from = Params.orDefault(request.from(), to.minusDays(DEFAULT_DAYS - 1));
        Params.range("date_to", from, to, MAX_DAYS);

        Map<String, List<Count>> series = new LinkedHashMap<>();
        STATUSES.forEach(status -> series.put(status, new ArrayList<>()));
        reads.jdbc()
                .sql(SQL)
                .param("company", caller.companyId())
                .param("zone", caller.companyZone().getId())
                .param("from", from)
                .param("to", to)
                .param(
                        "end_of_range",
                        to.plusDays(1).atStartOfDay(caller.companyZone()).toOffsetDateTime())
                .query((rs, n) -> {
                    series.get(rs.getString("status"))
                            .add(new Count(rs.getObject("day", LocalDate.class).toString(), rs.getLong("n")));
                    return null;
                })
                .list();
        return new StatusCountsResponse(series);
    }
}
