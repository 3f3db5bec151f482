package io.activity.analytics.activity;

import io.activity.analytics.web.Params;
import java.time.LocalDate;
import java.time.ZoneId;

/** The parsed, validated query of every activity series; the range limits live here. */
record SeriesRequest(LocalDate start, LocalDate end, Granularity granularity, Metric metric, ZoneId zone) {

    static SeriesRequest parse(
            String startDate, String endDate, String granularity, String metric, String timezone, ZoneId companyZone) {
        LocalDate start = Params.date("start_date", startDate);
        LocalDate end = Params.date("end_date", endDate);
        Granularity g = Params.choice("granularity", granularity, Granularity.BY_NAME, Granularity.DAILY);
        Metric m = Params.choice("metric", metric, Metric.BY_NAME, null);
        ZoneId zone = Params.zone("timezone", timezone, companyZone);
        Params.range("end_date", start, end, g.maxDays, "Date range cannot exceed " + g.maxDays + " days");
        return new SeriesRequest(start, end, g, m, zone);
    }
}
