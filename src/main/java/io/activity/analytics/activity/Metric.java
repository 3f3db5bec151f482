package io.activity.analytics.activity;

import io.activity.analytics.rollup.ActivitySource;
import java.util.LinkedHashMap;
import java.util.Map;

/** A counted quantity: its name in the API, its label, and the rollup column holding it. */
enum Metric {
    ACTIVITY("Total Activity", null),
    CHROME("Chrome Activity", ActivitySource.CHROME),
    EDGE("Edge Activity", ActivitySource.EDGE),
    FIREFOX("Firefox Activity", ActivitySource.FIREFOX),
    DESKTOP("Desktop Activity", ActivitySource.DESKTOP),
    WEB_ACCESSIBILITY("Web Accessibility Activity", ActivitySource.WEB_ACCESSIBILITY);

    static final Map<String, Metric> BY_NAME = new LinkedHashMap<>();
    /** The apps of /apps/{app}/activity: every metric with a source. */
    static final Map<String, Metric> BY_APP = new LinkedHashMap<>();

    static {
        for (Metric m : values()) {
            BY_NAME.put(m.value, m);
            if (m.app != null) {
                BY_APP.put(m.app, m);
            }
        }
    }

    final String value;
    final String label;
    /** A fixed column name, never client input, so it may be placed in SQL text. */
    final String column;

    final String app;

    /** A source's metric is named after its column ("chrome-activity-count"); null is the total. */
    Metric(String label, ActivitySource source) {
        this.column = source == null ? ActivitySource.TOTAL : source.column;
        this.value = source == null ? "activity-count" : source.column.replace('_', '-');
        this.label = label;
        this.app = source == null ? null : source.app;
    }
}
