package io.activity.analytics.insights;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** The JSON of the four insights reports, exactly as the contract spells it (plus the zone used). */
final class InsightsResponses {

    private InsightsResponses() {}

    record UserActivityReport(Report<UserSeconds> report) {}

    record UserLatencyReport(Report<UserLatency> report) {}

    record Report<T>(Instant startTime, Instant endTime, List<T> users) {}

    record UserSeconds(String userId, String email, String firstName, String lastName, long seconds) {}

    record UserLatency(String userId, String email, Latency latencyMs) {}

    record Latency(BigDecimal p50, BigDecimal p95) {}

    record Endpoints(List<Endpoint> items) {}

    record Endpoint(
            String endpoint,
            String method,
            String feature,
            long count,
            BigDecimal avgResponseTimeMs,
            BigDecimal p95ResponseTimeMs) {}

    /** previous only with compare=previous: absent otherwise, so the old shape is unchanged. */
    record Trends(
            String granularity,
            String timezone,
            List<TrendPoint> data,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<TrendPoint> previous) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TrendPoint(String date, long activeUsers, long requests, BigDecimal avgResponseTimeMs, long pageViews) {}
}
