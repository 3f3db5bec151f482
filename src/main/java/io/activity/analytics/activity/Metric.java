package io.activity.analytics.activity;

import java.util.LinkedHashMap;
import java.util.Map;

/** A counted quantity: its name in the API, its label, and the rollup column holding it. */
enum Metric {
    ACTIVITY("activity-count", "Total Activity", "total_activity_count", null),
    CHROME("chrome-activity-count", "Chrome Activity", "chrome_activity_count", "chrome"),
    EDGE("edge-activity-count", "Edge Activity", "edge_activity_count", "edge"),
    FIREFOX("firefox-activity-count", "Firefox Activity", "firefox_activity_count", "firefox"),
    DESKTOP("desktop-activity-count", "Desktop Activity", "desktop_activity_count", "desktop"),
    WEB_ACCESSIBILITY(
            "web-accessibility-activity-count",
            "Web Accessibility Activity",
            "web_accessibility_activity_count",
            "web-accessibility");

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

    Metric(String value, String label, String column, String app) {
        this.value = value;
        this.label = label;
        this.column = column;
        this.app = app;
    }
}
