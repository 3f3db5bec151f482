package io.activity.analytics.rollup;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The five sources an agent counts activity in. Each is a field of a heartbeat, a column of the
 * raw heartbeats table and of every activity rollup (summed into {@link #TOTAL}), and an app of
 * {@code /apps/{app}/activity}. Every list of them in code or SQL is made from this type, so a
 * sixth source is one line here (and a migration).
 */
public enum ActivitySource {
    CHROME("chrome"),
    EDGE("edge"),
    FIREFOX("firefox"),
    DESKTOP("desktop"),
    WEB_ACCESSIBILITY("web-accessibility");

    /** The sum of the five, in the raw table (generated) and every activity rollup. */
    public static final String TOTAL = "total_activity_count";

    /** Its name in {@code /apps/{app}/activity}. */
    public final String app;

    /**
     * The heartbeat field and the column name, e.g. {@code chrome_activity_count}: fixed, never
     * client input, so it may be placed in SQL text.
     */
    public final String column;

    /** A short name for statements, e.g. {@code chrome}, {@code web_accessibility}. */
    public final String alias;

    ActivitySource(String app) {
        this.app = app;
        this.alias = name().toLowerCase(Locale.ROOT);
        this.column = alias + "_activity_count";
    }

    /**
     * The pattern once per source, comma-separated, with {@code {column}} and {@code {alias}}
     * replaced: {@code each("sum(h.{column}) as {alias}")} is
     * {@code sum(h.chrome_activity_count) as chrome, …, sum(h.web_accessibility_activity_count) as web_accessibility}.
     */
    public static String each(String pattern) {
        return Arrays.stream(values())
                .map(s -> pattern.replace("{column}", s.column).replace("{alias}", s.alias))
                .collect(Collectors.joining(", "));
    }
}
