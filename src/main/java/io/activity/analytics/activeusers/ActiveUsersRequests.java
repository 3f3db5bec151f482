package io.activity.analytics.activeusers;

import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.Compare;
import io.activity.analytics.web.InputFormats;
import io.activity.analytics.web.Params;
import io.activity.analytics.web.WireName;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.springframework.web.bind.annotation.BindParam;

/** The bound queries of active users and stickiness. */
final class ActiveUsersRequests {

    static final int MAX_DAYS = 366;
    static final int MAX_MONTHS = 36;

    static final String DAY_OR_MONTH = "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$";

    private ActiveUsersRequests() {}

    enum Type implements WireName {
        DAILY,
        MONTHLY;
    }

    /**
     * date_from and date_to are days or months as {@code type} says, so they are the one pair read
     * after binding, by {@link Params#parse} with the binder's own formats.
     */
    record ActiveUsersRequest(
            @Parameter(description = "daily | monthly (required)")
            Type type,

            // A day or a month, so no `format: date`; the pattern types it for clients instead.
            @Parameter(
                    description = "First day (YYYY-MM-DD) or month (YYYY-MM) to match `type` (required)",
                    schema = @Schema(type = "string", pattern = DAY_OR_MONTH, example = "2026-06-01"))
            @BindParam("date_from")
            String from,

            @Parameter(
                    description = "Last day or month, inclusive; default today / this month in the zone",
                    schema = @Schema(type = "string", pattern = DAY_OR_MONTH, example = "2026-06-30"))
            @BindParam("date_to")
            String to,

            @Parameter(description = "IANA zone overriding the company's for this request")
            ZoneId timezone,

            @Parameter(
                    description = "previous: also `previous`, the points of the equally long range just before"
                            + " (as many days, or as many months), aligned by position")
            Compare compare) {

        ActiveUsersRequest {
            Params.required("type", type, Type.class);
        }

        LocalDate[] days(LocalDate today) {
            LocalDate first = Params.required("date_from", Params.parse("date_from", from, InputFormats::date));
            LocalDate last =
                    Params.lastDay("date_to", first, Params.parse("date_to", to, InputFormats::date), today, MAX_DAYS);
            return new LocalDate[] {first, last};
        }

        YearMonth[] months(LocalDate today) {
            YearMonth first = Params.required("date_from", Params.parse("date_from", from, InputFormats::month));
            YearMonth last = Params.orDefault(Params.parse("date_to", to, InputFormats::month), YearMonth.from(today));
            if (last.isBefore(first)) {
                throw ApiException.validation("date_to", "must not be before the start of the range");
            }
            if (ChronoUnit.MONTHS.between(first, last) + 1 > MAX_MONTHS) {
                throw ApiException.validation("date_to", "Date range cannot exceed " + MAX_MONTHS + " months");
            }
            return new YearMonth[] {first, last};
        }
    }

    /** active-users/now: how many minutes before as_of count as now. */
    record NowRequest(
            @Parameter(description = "Minutes before as_of that count as now, 1..60, default 5")
            @BindParam("window_minutes")
            Integer windowMinutes) {

        static final int DEFAULT_WINDOW = 5;
        static final int MAX_WINDOW = 60;

        NowRequest {
            windowMinutes = Params.between("window_minutes", windowMinutes, DEFAULT_WINDOW, 1, MAX_WINDOW);
        }
    }

    record StickinessRequest(
            @Parameter(description = "First day, YYYY-MM-DD (required)") @BindParam("date_from")
            LocalDate from,

            @Parameter(description = "Last day, inclusive; default today in the zone") @BindParam("date_to")
            LocalDate to,

            @Parameter(description = "IANA zone overriding the company's for this request")
            ZoneId timezone) {

        StickinessRequest {
            Params.required("date_from", from);
        }

        LocalDate to(LocalDate today) {
            return Params.lastDay("date_to", from, to, today, MAX_DAYS);
        }
    }
}
