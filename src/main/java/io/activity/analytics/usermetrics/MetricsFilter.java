package io.activity.analytics.usermetrics;

import io.activity.analytics.web.Params;
import io.activity.analytics.web.WireName;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

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

    /** A member status or role filter, spelled as stored. */
    interface Choice extends WireName {}

    enum Status implements Choice {
        ACTIVE,
        INACTIVE,
        PENDING;
    }

    enum Role implements Choice {
        MEMBER,
        ADMIN,
        OWNER;
    }

    /** Sort keys; ties always by user_id ascending so paging is stable. Nulls last both ways. */
    enum Ordering implements WireName {
        LAST_ACTIVE("last_active", "last_active asc nulls last, user_id"),
        LAST_ACTIVE_DESC("-last_active", "last_active desc nulls last, user_id"),
        TOTAL_SESSIONS("total_sessions", "range_sessions asc, user_id"),
        TOTAL_SESSIONS_DESC("-total_sessions", "range_sessions desc, user_id"),
        EMAIL("email", "email asc, user_id"),
        EMAIL_DESC("-email", "email desc, user_id");

        final String value;
        /** Fixed SQL, never client input. */
        final String sql;

        Ordering(String value, String sql) {
            this.value = value;
            this.sql = sql;
        }

        @Override
        public String wireName() {
            return value;
        }

        boolean bySessions() {
            return this == TOTAL_SESSIONS || this == TOTAL_SESSIONS_DESC;
        }
    }

    /** The default range ends today in the company's zone and spans DEFAULT_DAYS days. */
    static MetricsFilter of(
            LocalDate from,
            LocalDate to,
            ZoneId zone,
            Clock clock,
            Choice status,
            Choice role,
            String department,
            String search,
            Ordering ordering) {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        LocalDate last = Params.orDefault(to, today);
        LocalDate first = Params.orDefault(from, today.minusDays(DEFAULT_DAYS - 1));
        Params.range("date_to", first, last, MAX_DAYS);
        return new MetricsFilter(
                first,
                last,
                zone,
                today,
                status == null ? null : status.wireName(),
                role == null ? null : role.wireName(),
                department,
                search,
                Params.orDefault(ordering, Ordering.LAST_ACTIVE_DESC));
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
}
