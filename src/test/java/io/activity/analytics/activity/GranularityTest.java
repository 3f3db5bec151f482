package io.activity.analytics.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Plain unit test: the first day of the period holding a day, worked out on a calendar. */
class GranularityTest {

    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void weeksStartOnMondayAcrossMonthAndYearEnds() {
        assertThat(Granularity.WEEKLY.periodStart(d("2026-11-30"))).isEqualTo(d("2026-11-30")); // a Monday
        assertThat(Granularity.WEEKLY.periodStart(d("2026-12-06"))).isEqualTo(d("2026-11-30")); // its Sunday
        assertThat(Granularity.WEEKLY.periodStart(d("2027-01-01"))).isEqualTo(d("2026-12-28")); // a Friday
        assertThat(Granularity.WEEKLY.periodStart(d("2024-03-01"))).isEqualTo(d("2024-02-26")); // after 29 Feb
    }

    @Test
    void monthsAndQuartersStartOnTheirFirstDay() {
        assertThat(Granularity.MONTHLY.periodStart(d("2024-02-29"))).isEqualTo(d("2024-02-01"));
        assertThat(Granularity.MONTHLY.periodStart(d("2026-12-31"))).isEqualTo(d("2026-12-01"));
        assertThat(Granularity.QUARTERLY.periodStart(d("2026-03-31"))).isEqualTo(d("2026-01-01"));
        assertThat(Granularity.QUARTERLY.periodStart(d("2026-04-01"))).isEqualTo(d("2026-04-01"));
        assertThat(Granularity.QUARTERLY.periodStart(d("2026-09-30"))).isEqualTo(d("2026-07-01"));
        assertThat(Granularity.QUARTERLY.periodStart(d("2026-12-31"))).isEqualTo(d("2026-10-01"));
        assertThat(Granularity.DAILY.periodStart(d("2026-03-08"))).isEqualTo(d("2026-03-08"));
    }
}
