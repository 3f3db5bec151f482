package io.activity.analytics.query;

import io.activity.analytics.query.Query.Direction;
import io.activity.analytics.query.Query.Granularity;
import io.activity.analytics.query.Query.Metric;
import io.activity.analytics.query.Query.Order;
import io.activity.analytics.query.QueryResponse.Row;
import io.activity.analytics.security.Caller;
import io.activity.analytics.web.ApiException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Runs a query: one statement for its range and, with {@code compare}, the same statement for
 * the comparison range; then zero-fills the buckets for every combination of dimension values
 * seen in either range, lines the comparison up by bucket position, orders and pages the rows.
 */
@Component
class QueryService {

    /** Rows before paging; more is a query to narrow (filters, a coarser granularity). */
    static final int MAX_ROWS = 200_000;

    private final QueryEngine engine;

    QueryService(QueryEngine engine) {
        this.engine = engine;
    }

    QueryResponse run(Caller caller, Query query) {
        String statement = QueryEngine.statement(query, caller.companyZone());
        var current = engine.run(caller.companyId(), query, statement, query.from(), query.to());
        List<LocalDate> buckets = query.granularity().buckets(query.from(), query.to());
        Map<LocalDate, Map<List<String>, long[]>> earlier = null;
        List<LocalDate> earlierBuckets = List.of();
        if (query.compare() != null) {
            LocalDate[] range = query.comparisonRange();
            earlier = engine.run(caller.companyId(), query, statement, range[0], range[1]);
            earlierBuckets = query.granularity().buckets(range[0], range[1]);
        }

        // Dimension combinations: every one seen in either range; without dimensions the one empty one.
        Set<List<String>> combinations = new LinkedHashSet<>();
        if (query.dimensions().isEmpty()) {
            combinations.add(List.of());
        } else {
            current.values().forEach(m -> combinations.addAll(m.keySet()));
            if (earlier != null) {
                earlier.values().forEach(m -> combinations.addAll(m.keySet()));
            }
        }
        if ((long) combinations.size() * buckets.size() > MAX_ROWS) {
            throw ApiException.validation(
                    query.dimensions().isEmpty() ? "granularity" : "dimensions",
                    "the query would return more than " + MAX_ROWS
                            + " rows; narrow it with filters or a coarser granularity");
        }

        List<Figures> rows = new ArrayList<>();
        long[] zeros = new long[Metric.values().length];
        for (int k = 0; k < buckets.size(); k++) {
            LocalDate bucket = buckets.get(k);
            Map<List<String>, long[]> now = current.getOrDefault(bucket, Map.of());
            Map<List<String>, long[]> then = earlier == null || k >= earlierBuckets.size()
                    ? Map.of()
                    : earlier.getOrDefault(earlierBuckets.get(k), Map.of());
            for (List<String> combination : combinations) {
                rows.add(new Figures(
                        bucket,
                        combination,
                        now.getOrDefault(combination, zeros),
                        earlier == null ? null : then.getOrDefault(combination, zeros)));
            }
        }
        rows.sort(order(query));
        int from = (int) Math.min(rows.size(), query.offset());
        int to = (int) Math.min(rows.size(), (long) from + query.limit());
        List<Row> page = new ArrayList<>(to - from);
        for (Figures figures : rows.subList(from, to)) {
            page.add(row(query, figures));
        }
        return new QueryResponse(echo(query), query.timezone().getId(), rows.size(), page);
    }

    private record Figures(LocalDate bucket, List<String> dimensions, long[] values, long[] earlier) {}

    /**
     * The requested order, then date, then the dimension values (nulls last), so that pages are
     * stable.
     */
    private static Comparator<Figures> order(Query query) {
        Comparator<Figures> order = (a, b) -> 0;
        for (Order o : query.orderBy()) {
            Comparator<Figures> step = by(query, o.key());
            order = order.thenComparing(o.direction() == Direction.DESC ? step.reversed() : step);
        }
        order = order.thenComparing(Figures::bucket);
        for (int d = 0; d < query.dimensions().size(); d++) {
            order = order.thenComparing(dimensionValue(d));
        }
        return order;
    }

    private static Comparator<Figures> by(Query query, String key) {
        if (key.equals("date")) {
            return Comparator.comparing(Figures::bucket);
        }
        for (Metric metric : query.metrics()) {
            if (metric.wireName().equals(key)) {
                return Comparator.comparingLong(f -> f.values()[metric.ordinal()]);
            }
        }
        for (int d = 0; d < query.dimensions().size(); d++) {
            if (query.dimensions().get(d).wireName().equals(key)) {
                return dimensionValue(d);
            }
        }
        throw new IllegalStateException("Unknown order key " + key);
    }

    /** A dimension's values in text order, a missing one (null) last whichever the direction. */
    private static Comparator<Figures> dimensionValue(int d) {
        return (a, b) -> {
            String x = a.dimensions().get(d);
            String y = b.dimensions().get(d);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            return x.compareTo(y);
        };
    }

    private static Row row(Query query, Figures figures) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        for (int d = 0; d < query.dimensions().size(); d++) {
            dimensions.put(
                    query.dimensions().get(d).wireName(), figures.dimensions().get(d));
        }
        Map<String, Long> metrics = new LinkedHashMap<>();
        Map<String, Long> comparison = figures.earlier() == null ? null : new LinkedHashMap<>();
        Map<String, Double> change = figures.earlier() == null ? null : new LinkedHashMap<>();
        for (Metric metric : query.metrics()) {
            long value = figures.values()[metric.ordinal()];
            metrics.put(metric.wireName(), value);
            if (comparison != null) {
                long before = figures.earlier()[metric.ordinal()];
                comparison.put(metric.wireName(), before);
                change.put(metric.wireName(), relative(value, before));
            }
        }
        return new Row(
                query.granularity() == Granularity.NONE ? null : figures.bucket(),
                dimensions,
                metrics,
                comparison,
                change);
    }

    /** (current − earlier) / earlier, rounded to 4 decimals; null where the earlier figure is 0. */
    static Double relative(long current, long earlier) {
        if (earlier == 0) {
            return null;
        }
        return Math.round((current - earlier) * 10_000.0 / earlier) / 10_000.0;
    }

    static QueryResponse.Echo echo(Query query) {
        List<List<Object>> filters = new ArrayList<>();
        for (Query.Filter filter : query.filters()) {
            List<Object> f = new ArrayList<>();
            f.add(filter.op().wireName());
            f.add(filter.dimension().wireName());
            f.add(filter.values());
            filters.add(f);
        }
        return new QueryResponse.Echo(
                query.metrics().stream().map(Metric::wireName).toList(),
                List.of(query.from(), query.to()),
                query.granularity().wireName(),
                query.dimensions().stream().map(Query.Dimension::wireName).toList(),
                filters,
                query.timezone().getId(),
                query.compare() == null ? null : query.compare().wireName(),
                query.orderBy().stream()
                        .map(o -> List.of(o.key(), o.direction().wireName()))
                        .toList(),
                query.limit(),
                query.offset());
    }
}
