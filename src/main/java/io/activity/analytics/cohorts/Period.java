package io.activity.analytics.cohorts;

import io.activity.analytics.web.WireName;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * The periods days are grouped into: days, ISO weeks starting on Monday, calendar months. The
 * wire names are also PostgreSQL's {@code date_trunc} fields, and {@link #step()} its interval.
 */
enum Period implements WireName {
    DAY,
    WEEK,
    MONTH;

    /** The first day of the period holding {@code day}. */
    LocalDate start(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    /** The first day of the period {@code n} periods after the one starting on {@code start}. */
    LocalDate plus(LocalDate start, long n) {
        return switch (this) {
            case DAY -> start.plusDays(n);
            case WEEK -> start.plusWeeks(n);
            case MONTH -> start.plusMonths(n);
        };
    }

    /** How many periods lie from the period starting on {@code from} to the one starting on {@code to}. */
    long between(LocalDate from, LocalDate to) {
        return switch (this) {
            case DAY -> ChronoUnit.DAYS.between(from, to);
            case WEEK -> ChronoUnit.WEEKS.between(from, to);
            case MONTH -> ChronoUnit.MONTHS.between(from, to);
        };
    }

    /**
     * SQL for the number of the period holding the date {@code day} (an SQL expression), counted
     * from the period starting on {@code :origin} (0). Only for days on or after {@code :origin}:
     * integer arithmetic, no date_trunc per row.
     */
    String indexSql(String day) {
        return switch (this) {
            case DAY -> "(" + day + " - cast(:origin as date))";
            case WEEK -> "((" + day + " - cast(:origin as date)) / 7)";
            case MONTH ->
                "((date_part('year', cast(%1$s as timestamp)) - date_part('year', cast(:origin as timestamp))) * 12"
                                .formatted(day)
                        + " + date_part('month', cast(%1$s as timestamp)) - date_part('month', cast(:origin as timestamp)))::int"
                                .formatted(day);
        };
    }
}
