package io.activity.analytics.activity;

import io.activity.analytics.web.WireName;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;

/** How days are grouped: ISO weeks starting on Monday, calendar months and quarters. */
enum Granularity implements WireName {
    DAILY("daily", 90),
    WEEKLY("weekly", 731),
    MONTHLY("monthly", 731),
    QUARTERLY("quarterly", 731);

    final String value;
    final int maxDays;

    Granularity(String value, int maxDays) {
        this.value = value;
        this.maxDays = maxDays;
    }

    @Override
    public String wireName() {
        return value;
    }

    /** The first day of the period holding {@code day}, wherever the requested range starts. */
    LocalDate periodStart(LocalDate day) {
        return switch (this) {
            case DAILY -> day;
            case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTHLY -> day.withDayOfMonth(1);
            case QUARTERLY -> LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
        };
    }
}
