package io.activity.analytics.query;

import io.activity.analytics.web.WireName;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A query after validation, with every default filled in: what the engine runs and what the
 * response echoes. {@code timezone} is the zone the query is answered in (the override, or the
 * company's).
 */
record Query(
        List<Metric> metrics,
        LocalDate from,
        LocalDate to,
        Granularity granularity,
        List<Dimension> dimensions,
        List<Filter> filters,
        ZoneId timezone,
        Compare compare,
        List<Order> orderBy,
        int limit,
        int offset) {

    static final int MAX_DAYS = 366;
    static final int MAX_METRICS = 6;
    static final int MAX_DIMENSIONS = 2;
    static final int MAX_LIMIT = 1000;
    static final int DEFAULT_LIMIT = 100;

    enum Metric implements WireName {
        ACTIVE_USERS,
        ACTIVITY,
        HEARTBEATS,
        PAGE_VIEWS,
        SESSIONS,
        SESSION_SECONDS
    }

    /** What a row can be broken down or filtered by, and the metrics each one combines with. */
    enum Dimension implements WireName {
        DEPARTMENT(true, EnumSet.allOf(Metric.class)),
        ROLE(true, EnumSet.allOf(Metric.class)),
        STATUS(true, EnumSet.allOf(Metric.class)),
        APP(false, EnumSet.of(Metric.ACTIVE_USERS, Metric.ACTIVITY, Metric.HEARTBEATS)),
        PATH(false, EnumSet.of(Metric.PAGE_VIEWS, Metric.ACTIVE_USERS)),
        DEVICE(false, EnumSet.of(Metric.ACTIVE_USERS, Metric.ACTIVITY, Metric.HEARTBEATS));

        /** A current attribute of the member (company_members), as opposed to one of the activity. */
        final boolean member;

        final Set<Metric> metrics;

        Dimension(boolean member, Set<Metric> metrics) {
            this.member = member;
            this.metrics = metrics;
        }

        /** Page views carry a path but no app or device; heartbeats the reverse. */
        boolean combinesWith(Dimension other) {
            return !((this == PATH && (other == APP || other == DEVICE))
                    || (other == PATH && (this == APP || this == DEVICE)));
        }
    }

    enum Op implements WireName {
        IS,
        IS_NOT,
        CONTAINS
    }

    enum Granularity implements WireName {
        NONE,
        DAY,
        WEEK,
        MONTH;

        /**
         * The buckets of a range, each dated by its first day inside the range: the range's first
         * day, then every day, Monday or first of the month after it.
         */
        List<LocalDate> buckets(LocalDate from, LocalDate to) {
            List<LocalDate> out = new ArrayList<>();
            out.add(from);
            if (this == NONE) {
                return out;
            }
            LocalDate next = switch (this) {
                case DAY -> from.plusDays(1);
                case WEEK -> from.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
                case MONTH -> from.withDayOfMonth(1).plusMonths(1);
                case NONE -> throw new IllegalStateException();
            };
            while (!next.isAfter(to)) {
                out.add(next);
                next = switch (this) {
                    case DAY -> next.plusDays(1);
                    case WEEK -> next.plusWeeks(1);
                    default -> next.plusMonths(1);
                };
            }
            return out;
        }
    }

    enum Compare implements WireName {
        PREVIOUS,
        YEAR
    }

    enum Direction implements WireName {
        ASC,
        DESC
    }

    /** {@code values} may hold null (a member without a department) for department only. */
    record Filter(Op op, Dimension dimension, List<String> values) {}

    /** {@code key} is "date", a metric's or a dimension's name. */
    record Order(String key, Direction direction) {}

    /** The range the comparison reads: the equally long one just before, or the same dates a year earlier. */
    LocalDate[] comparisonRange() {
        if (compare == Compare.YEAR) {
            return new LocalDate[] {from.minusYears(1), to.minusYears(1)};
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        return new LocalDate[] {from.minusDays(days), from.minusDays(1)};
    }

    boolean uses(Dimension dimension) {
        return dimensions.contains(dimension) || filters.stream().anyMatch(f -> f.dimension() == dimension);
    }

    boolean usesMemberAttributes() {
        return dimensions.stream().anyMatch(d -> d.member) || filters.stream().anyMatch(f -> f.dimension().member);
    }
}
