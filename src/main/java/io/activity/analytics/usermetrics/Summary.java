package io.activity.analytics.usermetrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;

/** The summary of the contract; previous and change only with compare=previous. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Summary(
        LocalDate dateFrom,
        LocalDate dateTo,
        long totalUsers,
        UsersByStatus usersByStatus,
        ActiveUsers activeUsers,
        long totalSessions,
        String avgSessionDuration,
        long totalPageViews,
        long uniqueUsers,
        long totalActivity,
        RangeFigures previous,
        Change change) {

    record UsersByStatus(long active, long inactive, long pending) {}

    /** Named explicitly: the snake_case strategy would write last7_days. */
    record ActiveUsers(
            long today,
            @JsonProperty("last_7_days") long last7Days,
            @JsonProperty("last_30_days") long last30Days) {}

    /** The figures bound to a date range; avgSeconds is kept for the relative change. */
    record RangeFigures(
            LocalDate dateFrom,
            LocalDate dateTo,
            long totalSessions,
            String avgSessionDuration,
            long totalPageViews,
            long uniqueUsers,
            long totalActivity,
            @com.fasterxml.jackson.annotation.JsonIgnore long avgSeconds) {}

    /** (current − previous) / previous, rounded to 4 decimals; null where previous is 0. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Change(
            Double totalSessions,
            Double avgSessionDuration,
            Double totalPageViews,
            Double uniqueUsers,
            Double totalActivity) {

        static Change between(RangeFigures current, RangeFigures previous) {
            return new Change(
                    relative(current.totalSessions(), previous.totalSessions()),
                    relative(current.avgSeconds(), previous.avgSeconds()),
                    relative(current.totalPageViews(), previous.totalPageViews()),
                    relative(current.uniqueUsers(), previous.uniqueUsers()),
                    relative(current.totalActivity(), previous.totalActivity()));
        }

        private static Double relative(long current, long previous) {
            if (previous == 0) {
                return null;
            }
            return Math.round((current - previous) * 10_000.0 / previous) / 10_000.0;
        }
    }
}
