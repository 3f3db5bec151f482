package io.activity.analytics.activity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.Map;

/** How days are grouped: ISO weeks starting on Monday, calendar months and quarters. */
enum Granularity {
    DAILY("daily", 90),
    WEEKLY("weekly", 731),
    MONTHLY("monthly", 731),
    QUARTERLY("quarterly", 731);

    static final Map<String, Granularity> BY_NAME = new LinkedHashMap<>();

    static {
        for (Granularity g : values()) {
            BY_NAME.put(g.value, g);
        }
    }

    final String value;
    final int maxDays;

    Granularity(String value, int maxDays) {
        this.value = value;
        this.maxDays = maxDays;
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
