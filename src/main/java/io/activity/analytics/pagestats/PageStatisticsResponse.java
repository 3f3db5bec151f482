package io.activity.analytics.pagestats;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code start_date} and {@code end_date} echo the request's UNIX seconds. */
record PageStatisticsResponse(
        long startDate, long endDate, long totalPageViews, long totalUniqueUsers, List<PathStatistics> pageStatistics) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record PathStatistics(String path, long pageViews, long uniqueUsers, Long avgDurationMs) {}
}
