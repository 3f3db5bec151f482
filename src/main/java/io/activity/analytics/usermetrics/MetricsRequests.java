package io.activity.analytics.usermetrics;

import io.activity.analytics.usermetrics.MetricsFilter.Ordering;
import io.activity.analytics.usermetrics.MetricsFilter.Role;
import io.activity.analytics.usermetrics.MetricsFilter.Status;
import io.activity.analytics.web.Compare;
import io.activity.analytics.web.Params;
import io.swagger.v3.oas.annotations.Parameter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.springframework.web.bind.annotation.BindParam;

/** The bound queries of the user-metrics list and export, and of the summary. */
final class MetricsRequests {

    private MetricsRequests() {}

    record ListRequest(
            @Parameter(description = "First day, YYYY-MM-DD (default today − 29)") @BindParam("date_from")
            LocalDate from,

            @Parameter(description = "Last day, YYYY-MM-DD (default today, company timezone)") @BindParam("date_to")
            LocalDate to,

            @Parameter(description = "active, inactive or pending")
            Status status,

            @Parameter(description = "member, admin or owner")
            Role role,

            @Parameter(description = "Exact department") String department,

            @Parameter(description = "Part of the email, first, last or full name; case-insensitive")
            String search,

            @Parameter(
                    description = "last_active, -last_active (default), total_sessions, -total_sessions, email, -email")
            Ordering ordering) {

        ListRequest {
            department = Params.text("department", department, MetricsFilter.MAX_SEARCH);
            search = Params.text("search", search, MetricsFilter.MAX_SEARCH);
        }

        MetricsFilter filter(ZoneId zone, Clock clock) {
            return MetricsFilter.of(from, to, zone, clock, status, role, department, search, ordering);
        }
    }

    record SummaryRequest(
            @Parameter(description = "First day, YYYY-MM-DD (default today − 29)") @BindParam("date_from")
            LocalDate from,

            @Parameter(description = "Last day, YYYY-MM-DD (default today, company timezone)") @BindParam("date_to")
            LocalDate to,

            @Parameter(description = "previous: also the equally long range just before")
            Compare compare) {

        MetricsFilter filter(ZoneId zone, Clock clock) {
            return MetricsFilter.of(from, to, zone, clock, null, null, null, null, null);
        }
    }
}
