package io.activity.analytics.usermetrics;

import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.Params;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The date range and member filters shared by the list, the summary and the export. Days are the
 * company's: the default range is the last 30 days with today included (today − 29 … today), the
 * same window as the summary's {@code active_users.last_30_days}.
 */
record MetricsFilter(
        LocalDate from,
        LocalDate to,
        ZoneId zone,
        LocalDate today,
        String status,
        String role,
        String department,
        String search,
        Ordering ordering) {

    static final int MAX_DAYS = 731;
    static final int DEFAULT_DAYS = 30;
    static final int MAX_SEARCH = 200;

    private static final Map<String, String> STATUSES = choices("active", "inactive", "pending");
    private static final Map<String, String> ROLES = choices("member", "admin", "owner");

    /** Sort keys; ties always by user_id ascending so paging is stable. Nulls last both ways. */
    enum Ordering {
        LAST_ACTIVE("last_active", "last_active asc nulls last, user_id"),
        LAST_ACTIVE_DESC("-last_active", "last_active desc nulls last, user_id"),
        TOTAL_SESSIONS("total_sessions", "range_sessions asc, user_id"),
        TOTAL_SESSIONS_DESC("-total_sessions", "range_sessions desc, user_id"),
        EMAIL("email", "email asc, user_id"),
        EMAIL_DESC("-email", "email desc, user_id");

        static final Map<String, Ordering> BY_NAME = new LinkedHashMap<>();

        static {
            for (Ordering o : values()) {
                BY_NAME.put(o.value, o);
            }
        }

        final String value;
        /** Fixed SQL, never client input. */
        final String sql;

        Ordering(String value, String sql) {
            this.value = value;
            this.sql = sql;
        }

        boolean bySessions() {
            return this == TOTAL_SESSIONS || this == TOTAL_SESSIONS_DESC;
        }
    }

    static MetricsFilter parse(
            String dateFrom,
            String dateTo,
            String status,
            String role,
            String department,
            String search,
            String ordering,
            ZoneId zone,
            Clock clock) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate to = Params.date("date_to", dateTo, today);
        LocalDate from = Params.date("date_from", dateFrom, today.minusDays(DEFAULT_DAYS - 1));
        Params.range("date_to", from, to, MAX_DAYS, "Date range cannot exceed " + MAX_DAYS + " days");
        String s = blankToNull(search);
        if (s != null && s.length() > MAX_SEARCH) {
            throw ApiException.validation("search", "must be at most " + MAX_SEARCH + " characters");
        }
        String d = blankToNull(department);
        if (d != null && d.length() > MAX_SEARCH) {
            throw ApiException.validation("department", "must be at most " + MAX_SEARCH + " characters");
        }
        return new MetricsFilter(
                from,
                to,
                zone,
                today,
                status == null || status.isBlank() ? null : Params.choice("status", status, STATUSES, null),
                role == null || role.isBlank() ? null : Params.choice("role", role, ROLES, null),
                d,
                s,
                Params.choice("ordering", ordering, Ordering.BY_NAME, Ordering.LAST_ACTIVE_DESC));
    }

    /** Start of the first day of the range, as an instant. */
    OffsetDateTime fromInstant() {
        return startOf(from);
    }

    /** Start of the day after the range. */
    OffsetDateTime toInstant() {
        return startOf(to.plusDays(1));
    }

    OffsetDateTime monthStart() {
        return startOf(today.withDayOfMonth(1));
    }

    OffsetDateTime monthEnd() {
        return startOf(today.withDayOfMonth(1).plusMonths(1));
    }

    OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** LIKE pattern matching the search text anywhere, its wildcards taken literally. */
    String searchPattern() {
        return "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Map<String, String> choices(String... values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String v : values) {
            map.put(v, v);
        }
        return map;
    }
}
