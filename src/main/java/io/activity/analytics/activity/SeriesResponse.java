package io.activity.analytics.activity;

import java.time.LocalDate;
import java.util.List;

/** Exactly the JSON of an activity series in the contract. */
record SeriesResponse(
        String metric, String label, String granularity, String timezone, Period period, List<Point> data) {

    record Period(LocalDate start, LocalDate end) {}

    @io.swagger.v3.oas.annotations.media.Schema(name = "SeriesPoint")
    record Point(LocalDate date, long value) {}
}
