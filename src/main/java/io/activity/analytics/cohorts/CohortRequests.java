package io.activity.analytics.cohorts;

import io.activity.analytics.web.Params;
import io.activity.analytics.web.WireName;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.web.bind.annotation.BindParam;

/** The bound queries of the lifecycle and the retention cohorts; both dates are required. */
final class CohortRequests {

    static final int MAX_DAYS = 366;

    private CohortRequests() {}

    /** The periods of a retention table: weeks or months (a day is too short for a cohort). */
    enum CohortPeriod implements WireName {
        WEEK(Period.WEEK),
        MONTH(Period.MONTH);

        final Period period;

        CohortPeriod(Period period) {
            this.period = period;
        }
    }

    /** What puts a member in a cohort. */
    enum CohortBy implements WireName {
        /** The period of the member's first active day ever. */
        FIRST_ACTIVE,
        /** The period in which the membership was created. */
        JOINED
    }

    record LifecycleRequest(
            @Parameter(description = "First day, YYYY-MM-DD (required); its whole period is shown")
            @BindParam("date_from")
            LocalDate from,

            @Parameter(description = "Last day, inclusive (required; at most 366 days); its whole period is shown")
            @BindParam("date_to")
            LocalDate to,

            @Parameter(description = "day | week | month, default week (weeks start on Monday)")
            Period period,

            @Parameter(description = "IANA zone overriding the company's for this request")
            ZoneId timezone) {

        LifecycleRequest {
            Params.required("date_from", from);
            Params.required("date_to", to);
            Params.range("date_to", from, to, MAX_DAYS);
            period = Params.orDefault(period, Period.WEEK);
        }

        /** The first day of the first period shown: the period holding date_from. */
        LocalDate firstPeriod() {
            return period.start(from);
        }

        /** The first day of the last period shown: the period holding date_to. */
        LocalDate lastPeriod() {
            return period.start(to);
        }
    }

    record RetentionRequest(
            @Parameter(
                    description = "First day, YYYY-MM-DD (required); cohorts are the periods starting on or after it")
            @BindParam("date_from")
            LocalDate from,

            @Parameter(
                    description = "Last day, inclusive (required; at most 366 days); activity is followed up to"
                            + " the end of its period")
            @BindParam("date_to")
            LocalDate to,

            @Parameter(description = "week | month, default week (weeks start on Monday)")
            CohortPeriod period,

            @Parameter(description = "first_active | joined, default first_active") @BindParam("cohort_by")
            CohortBy cohortBy,

            @Parameter(description = "IANA zone overriding the company's for this request")
            ZoneId timezone) {

        RetentionRequest {
            Params.required("date_from", from);
            Params.required("date_to", to);
            Params.range("date_to", from, to, MAX_DAYS);
            period = Params.orDefault(period, CohortPeriod.WEEK);
            cohortBy = Params.orDefault(cohortBy, CohortBy.FIRST_ACTIVE);
        }

        Period unit() {
            return period.period;
        }

        /** The first cohort: the first period that starts on or after date_from. */
        LocalDate firstCohort() {
            LocalDate start = unit().start(from);
            return start.isBefore(from) ? unit().plus(start, 1) : start;
        }

        /** The last period followed (and the last cohort): the period holding date_to. */
        LocalDate lastPeriod() {
            return unit().start(to);
        }
    }
}
