package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain unit test of query-parameter parsing: the value, or a 400 naming the field. */
class ParamsTest {

    private static void refused(Runnable parse, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("validation_error");
            assertThat(e.errors()).containsOnlyKeys(field);
        });
    }

    @Test
    void datesAreIsoAndWithinTheYears1To9999() {
        assertThat(Params.date("date_from", " 2026-03-08 ")).isEqualTo(LocalDate.of(2026, 3, 8));
        assertThat(Params.date("date_from", "", LocalDate.EPOCH)).isEqualTo(LocalDate.EPOCH);
        refused(() -> Params.date("date_from", "2026-02-30"), "date_from");
        refused(() -> Params.date("date_from", "08/03/2026"), "date_from");
        refused(() -> Params.date("date_from", "+10000-01-01"), "date_from");
        refused(() -> Params.date("date_to", null), "date_to");
        refused(() -> Params.month("month", "2026-13"), "month");
        refused(() -> Params.instant("start_time", "2026-01-15T14:30:00"), "start_time"); // no zone
    }

    @Test
    void integersAreBoundedAndZonesAreIanaNames() {
        assertThat(Params.integer("page", "7", 1, 1, 100)).isEqualTo(7);
        assertThat(Params.integer("page", null, 1, 1, 100)).isEqualTo(1);
        refused(() -> Params.integer("page", "0", 1, 1, 100), "page");
        refused(() -> Params.integer("page", "1.5", 1, 1, 100), "page");
        refused(() -> Params.integer("page", "99999999999999999999", 1, 1, 100), "page");
        assertThat(Params.zone("timezone", "Asia/Kathmandu", ZoneOffset.UTC)).isEqualTo(ZoneId.of("Asia/Kathmandu"));
        assertThat(Params.zone("timezone", null, ZoneOffset.UTC)).isEqualTo(ZoneOffset.UTC);
        refused(() -> Params.zone("timezone", "+05:30", ZoneOffset.UTC), "timezone"); // no DST rules
        refused(() -> Params.zone("timezone", "Mars/Olympus", ZoneOffset.UTC), "timezone");
    }

    @Test
    void choicesAndRanges() {
        Map<String, Integer> choices = Map.of("daily", 1, "weekly", 7);
        assertThat(Params.choice("type", "weekly", choices, 1)).isEqualTo(7);
        assertThat(Params.choice("type", null, choices, 1)).isEqualTo(1);
        refused(() -> Params.choice("type", "Weekly", choices, 1), "type"); // case-sensitive
        refused(() -> Params.choice("type", null, choices, null), "type");
        LocalDate from = LocalDate.of(2026, 1, 1);
        Params.range("date_to", from, from.plusDays(89), 90, "too long"); // 90 days inclusive
        refused(() -> Params.range("date_to", from, from.plusDays(90), 90, "too long"), "date_to");
        refused(() -> Params.range("date_to", from, from.minusDays(1), 90, "too long"), "date_to");
    }
}
