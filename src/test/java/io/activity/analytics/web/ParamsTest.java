package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * Plain unit tests of how query values are read (InputFormats: the value or what was expected)
 * and checked once typed (Params: the value or a 400 naming the field).
 */
class ParamsTest {

    private static void refused(Runnable check, String field) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("validation_error");
            assertThat(e.errors()).containsOnlyKeys(field);
        });
    }

    private static void unreadable(Runnable parse, String expected) {
        assertThatThrownBy(parse::run).isInstanceOf(InvalidInput.class).hasMessageContaining(expected);
    }

    private enum Shape implements WireName {
        ROUND,
        SQUARE
    }

    @Test
    void datesMonthsAndInstantsAreIsoAndWithinTheYears1To9999() {
        assertThat(InputFormats.date(" 2026-03-08 ")).isEqualTo(LocalDate.of(2026, 3, 8));
        unreadable(() -> InputFormats.date("2026-02-30"), "YYYY-MM-DD");
        unreadable(() -> InputFormats.date("08/03/2026"), "YYYY-MM-DD");
        unreadable(() -> InputFormats.date("+10000-01-01"), "0001 to 9999");
        assertThat(InputFormats.month("2026-02")).isEqualTo(YearMonth.of(2026, 2));
        unreadable(() -> InputFormats.month("2026-13"), "YYYY-MM");
        assertThat(InputFormats.instant("2026-01-15T14:30:00Z")).isEqualTo(Instant.parse("2026-01-15T14:30:00Z"));
        unreadable(() -> InputFormats.instant("2026-01-15T14:30:00"), "ISO-8601"); // no zone
    }

    @Test
    void zonesAreIanaNamesAndIdsAreCanonical() {
        assertThat(InputFormats.zone("Asia/Kathmandu")).isEqualTo(ZoneId.of("Asia/Kathmandu"));
        unreadable(() -> InputFormats.zone("+05:30"), "IANA"); // no DST rules
        unreadable(() -> InputFormats.zone("Mars/Olympus"), "IANA");
        assertThat(InputFormats.uuid("00000000-0000-0000-0000-00000000000a").toString())
                .isEqualTo("00000000-0000-0000-0000-00000000000a");
        unreadable(() -> InputFormats.uuid(" 00000000-0000-0000-0000-00000000000a"), "UUID");
        unreadable(() -> InputFormats.uuid("0-0-0-0-a"), "UUID");
    }

    @Test
    void wireNamesAreExactAndListTheChoices() {
        assertThat(WireName.parse(Shape.class, "square")).isEqualTo(Shape.SQUARE);
        unreadable(() -> WireName.parse(Shape.class, "SQUARE"), "must be one of round, square");
        refused(() -> Params.required("shape", null, Shape.class), "shape");
    }

    @Test
    void integersAreBoundedWithDefaults() {
        assertThat(Params.between("page", 7, 1, 1, 100)).isEqualTo(7);
        assertThat(Params.between("page", null, 1, 1, 100)).isEqualTo(1);
        refused(() -> Params.between("page", 0, 1, 1, 100), "page");
        refused(() -> Params.between("older_than_days", (Long) null, 1, 10), "older_than_days");
        refused(() -> Params.between("older_than_days", 11L, 1, 10), "older_than_days");
    }

    @Test
    void rangesAndTextAndTypeDependentValues() {
        LocalDate from = LocalDate.of(2026, 1, 1);
        Params.range("date_to", from, from.plusDays(89), 90); // 90 days inclusive
        refused(() -> Params.range("date_to", from, from.plusDays(90), 90), "date_to");
        refused(() -> Params.range("date_to", from, from.minusDays(1), 90), "date_to");
        assertThat(Params.text("search", "  ada ", 5)).isEqualTo("ada");
        assertThat(Params.text("search", "  ", 5)).isNull();
        refused(() -> Params.text("search", "abcdef", 5), "search");
        assertThat(Params.parse("date_from", "2026-03", InputFormats::month)).isEqualTo(YearMonth.of(2026, 3));
        assertThat(Params.parse("date_from", " ", InputFormats::month)).isNull();
        refused(() -> Params.parse("date_from", "2026-03-08", InputFormats::month), "date_from");
    }
}
