package io.activity.analytics.insights;

import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.Compare;
import io.activity.analytics.web.Params;
import io.activity.analytics.web.WireName;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.web.bind.annotation.BindParam;

/** The bound queries of the insights reports; every range is bounded so each stays one bounded scan. */
final class InsightsRequests {

    static final int MAX_DAYS = 366;
    static final Duration MAX_WINDOW = Duration.ofDays(MAX_DAYS);

    private InsightsRequests() {}

    /** [start_time, end_time) of the per-member reports. */
    record Window(
            @Parameter(description = "Window start, ISO-8601 instant (required)") @BindParam("start_time")
            Instant start,

            @Parameter(description = "Window end, ISO-8601 instant, excluded (required, after start_time)")
            @BindParam("end_time")
            Instant end) {

        Window {
            Params.required("start_time", start);
            Params.required("end_time", end);
            if (!end.isAfter(start)) {
                throw ApiException.validation("end_time", "must be after start_time");
            }
            if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
                throw ApiException.validation("end_time", "Time range cannot exceed " + MAX_DAYS + " days");
            }
        }
    }

    /** insights/endpoints: company-local days and the number of endpoints listed. */
    record EndpointsRequest(
            @Parameter(description = "First day, YYYY-MM-DD (required)") @BindParam("start_date")
            LocalDate start,

            @Parameter(description = "Last day, inclusive; default today in the company's zone") @BindParam("end_date")
            LocalDate end,

            @Parameter(description = "Endpoints listed, 1..100, default 20")
            Integer limit) {

        EndpointsRequest {
            Params.required("start_date", start);
            limit = Params.between("limit", limit, 20, 1, 100);
        }

        /** The last day: end_date, or today where it is left out. */
        LocalDate end(LocalDate today) {
            return Params.lastDay("end_date", start, end, today, MAX_DAYS);
        }
    }

    enum Unit implements WireName {
        DAY,
        WEEK,
        MONTH // the wire names are also PostgreSQL's date_trunc fields
    }

    /** insights/trends: buckets of days in the company's zone or the one given. */
    record TrendsRequest(
            @Parameter(description = "First day, YYYY-MM-DD (required)") @BindParam("start_date")
            LocalDate start,

            @Parameter(description = "Last day, inclusive; default today in the zone") @BindParam("end_date")
            LocalDate end,

            @Parameter(description = "day | week | month, default day")
            Unit granularity,

            @Parameter(description = "IANA zone overriding the company's for this request")
            ZoneId timezone,

            @Parameter(
                    description = "previous: also `previous`, each bucket's days moved back by the range's length"
                            + " (the equally long range just before), aligned by position")
            Compare compare) {

        TrendsRequest {
            Params.required("start_date", start);
            granularity = Params.orDefault(granularity, Unit.DAY);
        }

        LocalDate end(LocalDate today) {
            return Params.lastDay("end_date", start, end, today, MAX_DAYS);
        }
    }
}
