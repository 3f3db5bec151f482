package io.activity.analytics.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.activity.analytics.web.ApiException;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Plain unit test of the series query's own rules: defaults, required fields and range limits. */
class SeriesRequestTest {

    private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);

    private static void refused(Runnable build, String field) {
        assertThatThrownBy(build::run)
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errors()).containsOnlyKeys(field));
    }

    @Test
    void granularityDefaultsToDailyAndTheZoneToTheCompanys() {
        var request = new SeriesRequest(JAN_1, JAN_1, null, Metric.ACTIVITY, null);
        assertThat(request.granularity()).isEqualTo(Granularity.DAILY);
        assertThat(request.in(ZoneId.of("Asia/Tokyo")).zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        var berlin = new SeriesRequest(JAN_1, JAN_1, null, Metric.ACTIVITY, ZoneId.of("Europe/Berlin"));
        assertThat(berlin.in(ZoneId.of("Asia/Tokyo")).zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    }

    @Test
    void dailyRangesHoldNinetyDaysTheOthersSevenHundredThirtyOne() {
        new SeriesRequest(JAN_1, JAN_1.plusDays(89), Granularity.DAILY, Metric.ACTIVITY, null);
        refused(
                () -> new SeriesRequest(JAN_1, JAN_1.plusDays(90), Granularity.DAILY, Metric.ACTIVITY, null),
                "end_date");
        new SeriesRequest(JAN_1, JAN_1.plusDays(730), Granularity.WEEKLY, Metric.ACTIVITY, null);
        refused(
                () -> new SeriesRequest(JAN_1, JAN_1.plusDays(731), Granularity.QUARTERLY, Metric.ACTIVITY, null),
                "end_date");
        refused(() -> new SeriesRequest(JAN_1, JAN_1.minusDays(1), null, Metric.ACTIVITY, null), "end_date");
    }

    @Test
    void datesAndMetricAreRequired() {
        refused(() -> new SeriesRequest(null, JAN_1, null, Metric.ACTIVITY, null), "start_date");
        refused(() -> new SeriesRequest(JAN_1, null, null, Metric.ACTIVITY, null), "end_date");
        refused(() -> new SeriesRequest(JAN_1, JAN_1, null, null, null), "metric");
    }
}
