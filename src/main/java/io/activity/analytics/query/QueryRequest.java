package io.activity.analytics.query;

import io.activity.analytics.query.Query.Compare;
import io.activity.analytics.query.Query.Dimension;
import io.activity.analytics.query.Query.Direction;
import io.activity.analytics.query.Query.Filter;
import io.activity.analytics.query.Query.Granularity;
import io.activity.analytics.query.Query.Metric;
import io.activity.analytics.query.Query.Op;
import io.activity.analytics.query.Query.Order;
import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.InputFormats;
import io.activity.analytics.web.InvalidInput;
import io.activity.analytics.web.WireName;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST /query} as sent. Jackson reads the shapes (a list where a list belongs);
 * {@link #normalise} reads the names, checks every rule and collects every error under the path
 * of the offending value ({@code metrics[2]}, {@code filters[0][1]}, {@code date_range[1]}), then
 * throws them all at once.
 */
@Schema(name = "QueryRequest", description = "A typed query over the company's activity")
record QueryRequest(
        @ArraySchema(
                arraySchema =
                        @Schema(
                                description = "1 to 6 of active_users, activity, heartbeats, page_views,"
                                        + " sessions, session_seconds (required)"),
                schema =
                        @Schema(
                                type = "string",
                                allowableValues = {
                                    "active_users",
                                    "activity",
                                    "heartbeats",
                                    "page_views",
                                    "sessions",
                                    "session_seconds"
                                }))
        List<String> metrics,

        @ArraySchema(
                arraySchema = @Schema(description = "[first, last] days, inclusive, at most 366 (required)"),
                schema = @Schema(type = "string", format = "date"),
                minItems = 2,
                maxItems = 2)
        List<String> dateRange,

        @Schema(
                description = "none (default), day, week (from Monday) or month",
                allowableValues = {"none", "day", "week", "month"})
        String granularity,

        @ArraySchema(
                arraySchema = @Schema(description = "0 to 2 of department, role, status, app, path, device"),
                schema =
                        @Schema(
                                type = "string",
                                allowableValues = {"department", "role", "status", "app", "path", "device"}))
        List<String> dimensions,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                description = "[op, dimension, values]: op is, is_not or contains (path and"
                                        + " department only, case-insensitive substring); all must hold"),
                schema = @Schema(type = "array"))
        List<List<JsonNode>> filters,

        @Schema(description = "IANA zone overriding the company's for this query")
        String timezone,

        @Schema(
                description = "previous (the equally long range just before) or year (the same dates a year earlier)",
                allowableValues = {"previous", "year"})
        String compare,

        @ArraySchema(
                arraySchema =
                        @Schema(
                                description = "[name, asc|desc]: a requested metric or dimension, or date;"
                                        + " default the date, then the first metric descending"),
                schema = @Schema(type = "array"))
        List<List<String>> orderBy,

        // Numbers are read from the tree: a value beyond any integer type is this field's error,
        // not a parse failure of the whole body.
        @Schema(type = "integer", description = "Rows per answer, 1 to 1000 (default 100)")
        JsonNode limit,

        @Schema(type = "integer", description = "Rows to skip, at least 0 (default 0)")
        JsonNode offset) {

    private static final Set<String> APPS =
            Set.copyOf(Arrays.stream(ActivitySource.values()).map(s -> s.app).toList());
    private static final List<String> ROLES = List.of("member", "admin", "owner");
    private static final List<String> STATUSES = List.of("active", "inactive", "pending");
    private static final int MAX_FILTERS = 20;
    private static final int MAX_VALUES = 100;
    private static final int MAX_VALUE_LENGTH = 2000;

    /** The query with its defaults, or a 400 naming every offending value. */
    Query normalise(ZoneId companyZone) {
        Map<String, List<String>> errors = new LinkedHashMap<>();

        List<Metric> metricList = new ArrayList<>();
        if (metrics == null || metrics.isEmpty() || metrics.size() > Query.MAX_METRICS) {
            error(errors, "metrics", "must hold 1 to 6 of " + WireName.choices(Metric.class));
        } else {
            for (int i = 0; i < metrics.size(); i++) {
                Metric metric = parse(errors, "metrics[" + i + "]", metrics.get(i), Metric.class);
                if (metric != null && metricList.contains(metric)) {
                    error(errors, "metrics[" + i + "]", "is named twice");
                } else if (metric != null) {
                    metricList.add(metric);
                }
            }
        }

        LocalDate from = null;
        LocalDate to = null;
        if (dateRange == null || dateRange.size() != 2) {
            error(errors, "date_range", "must be two days [first, last] (YYYY-MM-DD), inclusive");
        } else {
            from = date(errors, "date_range[0]", dateRange.get(0));
            to = date(errors, "date_range[1]", dateRange.get(1));
            if (from != null && to != null) {
                if (to.isBefore(from)) {
                    error(errors, "date_range[1]", "must not be before the start of the range");
                } else if (ChronoUnit.DAYS.between(from, to) + 1 > Query.MAX_DAYS) {
                    error(errors, "date_range[1]", "Date range cannot exceed " + Query.MAX_DAYS + " days");
                }
            }
        }

        Granularity granularityValue =
                granularity == null ? Granularity.NONE : parse(errors, "granularity", granularity, Granularity.class);

        List<Dimension> dimensionList = new ArrayList<>();
        List<Dimension> used = new ArrayList<>(); // dimensions and filtered dimensions, for the pairing rules
        if (dimensions != null) {
            for (int i = 0; i < dimensions.size(); i++) {
                String field = "dimensions[" + i + "]";
                if (i >= Query.MAX_DIMENSIONS) {
                    error(errors, field, "at most " + Query.MAX_DIMENSIONS + " dimensions");
                    continue;
                }
                Dimension dimension = parse(errors, field, dimensions.get(i), Dimension.class);
                if (dimension == null) {
                    continue;
                }
                if (dimensionList.contains(dimension)) {
                    error(errors, field, "is named twice");
                    continue;
                }
                if (combines(errors, field, dimension, metricList, used)) {
                    dimensionList.add(dimension);
                    used.add(dimension);
                }
            }
        }

        List<Filter> filterList = new ArrayList<>();
        if (filters != null) {
            if (filters.size() > MAX_FILTERS) {
                error(errors, "filters", "at most " + MAX_FILTERS + " filters");
            } else {
                for (int i = 0; i < filters.size(); i++) {
                    Filter filter = filter(errors, "filters[" + i + "]", filters.get(i), metricList, used);
                    if (filter != null) {
                        filterList.add(filter);
                    }
                }
            }
        }

        ZoneId zone = companyZone;
        if (timezone != null && !timezone.isBlank()) {
            try {
                zone = InputFormats.zone(timezone);
            } catch (InvalidInput e) {
                error(errors, "timezone", e.getMessage());
            }
        }

        Compare compareValue = compare == null ? null : parse(errors, "compare", compare, Compare.class);

        // Names in order_by are checked against the metrics, dimensions and granularity, so only
        // once those are valid: a bad metric is reported once, where it is.
        boolean namesKnown = errors.keySet().stream()
                .noneMatch(f -> f.startsWith("metrics") || f.startsWith("dimensions") || f.equals("granularity"));
        List<Order> orders = new ArrayList<>();
        if (orderBy != null) {
            for (int i = 0; i < orderBy.size(); i++) {
                Order order = order(
                        errors,
                        "order_by[" + i + "]",
                        orderBy.get(i),
                        metricList,
                        dimensionList,
                        granularityValue,
                        orders,
                        namesKnown);
                if (order != null) {
                    orders.add(order);
                }
            }
        }

        int limitValue = integer(errors, "limit", limit, Query.DEFAULT_LIMIT, 1, Query.MAX_LIMIT);
        int offsetValue = integer(errors, "offset", offset, 0, 0, Integer.MAX_VALUE);

        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        if (orders.isEmpty()) {
            if (granularityValue != Granularity.NONE) {
                orders.add(new Order("date", Direction.ASC));
            }
            orders.add(new Order(metricList.get(0).wireName(), Direction.DESC));
        }
        return new Query(
                List.copyOf(metricList),
                from,
                to,
                granularityValue,
                List.copyOf(dimensionList),
                List.copyOf(filterList),
                zone,
                compareValue,
                List.copyOf(orders),
                limitValue,
                offsetValue);
    }

    /**
     * Whether the dimension combines with every metric and with the dimensions already used; if
     * not, the error names {@code field}.
     */
    private static boolean combines(
            Map<String, List<String>> errors,
            String field,
            Dimension dimension,
            List<Metric> metrics,
            List<Dimension> used) {
        List<String> refused = metrics.stream()
                .filter(m -> !dimension.metrics.contains(m))
                .map(Metric::wireName)
                .toList();
        if (!refused.isEmpty()) {
            error(
                    errors,
                    field,
                    dimension.wireName() + " combines only with "
                            + String.join(
                                    ", ",
                                    dimension.metrics.stream()
                                            .map(Metric::wireName)
                                            .toList())
                            + ", not with " + String.join(", ", refused));
            return false;
        }
        for (Dimension other : used) {
            if (!dimension.combinesWith(other)) {
                error(errors, field, dimension.wireName() + " does not combine with " + other.wireName());
                return false;
            }
        }
        return true;
    }

    private static Filter filter(
            Map<String, List<String>> errors,
            String field,
            List<JsonNode> filter,
            List<Metric> metrics,
            List<Dimension> used) {
        if (filter == null || filter.size() != 3) {
            error(errors, field, "must be [op, dimension, values]");
            return null;
        }
        Op op = parse(errors, field + "[0]", text(filter.get(0)), Op.class);
        Dimension dimension = parse(errors, field + "[1]", text(filter.get(1)), Dimension.class);
        if (dimension != null) {
            if (!combines(errors, field + "[1]", dimension, metrics, used)) {
                dimension = null;
            } else if (!used.contains(dimension)) {
                used.add(dimension);
            }
        }
        if (op == Op.CONTAINS
                && dimension != null
                && dimension != Dimension.PATH
                && dimension != Dimension.DEPARTMENT) {
            error(errors, field + "[0]", "contains applies to path and department only");
            op = null;
        }
        JsonNode values = filter.get(2);
        String valuesField = field + "[2]";
        if (values == null || !values.isArray() || values.isEmpty() || values.size() > MAX_VALUES) {
            error(errors, valuesField, "must be a list of 1 to " + MAX_VALUES + " values");
            return null;
        }
        List<String> list = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < values.size(); j++) {
            String valueField = valuesField + "[" + j + "]";
            JsonNode value = values.get(j);
            if (value == null || value.isNull()) {
                if (dimension == Dimension.DEPARTMENT && op != Op.CONTAINS) {
                    list.add(null); // members without a department
                } else {
                    error(errors, valueField, "must be a string");
                }
                continue;
            }
            if (!value.isString()) {
                error(errors, valueField, "must be a string");
                continue;
            }
            String text = value.stringValue();
            if (text.isEmpty() || text.length() > MAX_VALUE_LENGTH || text.indexOf('\u0000') >= 0) {
                error(errors, valueField, "must be 1 to " + MAX_VALUE_LENGTH + " characters without NUL");
                continue;
            }
            List<String> allowed = op == null
                    ? null // the op is already refused; its values are not read against the dimension
                    : dimension == Dimension.APP
                            ? APPS.stream().sorted().toList()
                            : dimension == Dimension.ROLE ? ROLES : dimension == Dimension.STATUS ? STATUSES : null;
            if (allowed != null && !allowed.contains(text)) {
                error(errors, valueField, "must be one of " + String.join(", ", allowed));
                continue;
            }
            if (seen.add(text)) {
                list.add(text);
            }
        }
        if (op == null || dimension == null) {
            return null;
        }
        return new Filter(op, dimension, java.util.Collections.unmodifiableList(list));
    }

    private static Order order(
            Map<String, List<String>> errors,
            String field,
            List<String> entry,
            List<Metric> metrics,
            List<Dimension> dimensions,
            Granularity granularity,
            List<Order> earlier,
            boolean namesKnown) {
        if (entry == null || entry.size() != 2) {
            error(errors, field, "must be [name, asc|desc]");
            return null;
        }
        String key = entry.get(0);
        boolean known = ("date".equals(key) && granularity != Granularity.NONE)
                || metrics.stream().anyMatch(m -> m.wireName().equals(key))
                || dimensions.stream().anyMatch(d -> d.wireName().equals(key));
        if (!known && !namesKnown) {
            parse(errors, field + "[1]", entry.get(1), Direction.class);
            return null;
        } else if (!known) {
            error(errors, field + "[0]", "must be a requested metric or dimension, or date with a granularity");
        } else if (earlier.stream().anyMatch(o -> o.key().equals(key))) {
            error(errors, field + "[0]", "is named twice");
            return null;
        }
        Direction direction = parse(errors, field + "[1]", entry.get(1), Direction.class);
        return known && direction != null ? new Order(key, direction) : null;
    }

    /** A whole JSON number in [min, max], or the fallback when absent; 10.0 counts as 10, 10.5 does not. */
    private static int integer(
            Map<String, List<String>> errors, String field, JsonNode value, int fallback, int min, int max) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isNumber() && (value.isIntegralNumber() || Double.isFinite(value.doubleValue()))) {
            BigDecimal number = value.decimalValue();
            if (number.signum() == 0 || number.stripTrailingZeros().scale() <= 0) {
                BigInteger whole = number.toBigInteger();
                if (whole.compareTo(BigInteger.valueOf(min)) >= 0 && whole.compareTo(BigInteger.valueOf(max)) <= 0) {
                    return whole.intValue();
                }
            }
        }
        error(
                errors,
                field,
                max == Integer.MAX_VALUE
                        ? "must be an integer of at least " + min
                        : "must be an integer between " + min + " and " + max);
        return fallback;
    }

    private static LocalDate date(Map<String, List<String>> errors, String field, String value) {
        return read(errors, field, value, InputFormats::date);
    }

    private static <E extends Enum<E> & WireName> E parse(
            Map<String, List<String>> errors, String field, String value, Class<E> type) {
        return read(errors, field, value, v -> WireName.parse(type, v));
    }

    private static <T> T read(
            Map<String, List<String>> errors, String field, String value, Function<String, T> format) {
        if (value == null) {
            error(errors, field, "is required");
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            error(errors, field, "must not contain NUL");
            return null;
        }
        try {
            return format.apply(value);
        } catch (InvalidInput e) {
            error(errors, field, e.getMessage());
            return null;
        }
    }

    /** A string as itself; any other JSON value as text no name matches, so the error lists the choices. */
    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    private static void error(Map<String, List<String>> errors, String field, String message) {
        errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
    }
}
