package io.activity.analytics.activity;

import io.activity.analytics.web.Params;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.web.bind.annotation.BindParam;

/**
 * The query of every activity series, bound from the request; the range limits live here.
 * {@code timezone} is null until {@link #in} fills in the company's zone.
 */
record SeriesRequest(
        @Parameter(description = "First day, YYYY-MM-DD (required)") @BindParam("start_date")
        LocalDate start,

        @Parameter(description = "Last day, inclusive, YYYY-MM-DD (required)") @BindParam("end_date")
        LocalDate end,

        @Parameter(description = "daily (default), weekly, monthly or quarterly")
        Granularity granularity,

        @Parameter(
                description = "activity-count or a per-source metric: chrome-activity-count,"
                        + " edge-activity-count, firefox-activity-count, desktop-activity-count,"
                        + " web-accessibility-activity-count (required)")
        Metric metric,

        @Parameter(description = "IANA zone overriding the company's for this request")
        ZoneId timezone) {

    SeriesRequest {
        Params.required("start_date", start);
        Params.required("end_date", end);
        granularity = Params.orDefault(granularity, Granularity.DAILY);
        Params.required("metric", metric, Metric.class);
        Params.range("end_date", start, end, granularity.maxDays);
    }

    /** The request in the zone it is answered in: its own or else the company's. */
    SeriesRequest in(ZoneId companyZone) {
        return timezone != null ? this : new SeriesRequest(start, end, granularity, metric, companyZone);
    }

    ZoneId zone() {
        return timezone;
    }
}
