package io.activity.analytics.activity;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.WireName;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A counted quantity: its name in the API, its label, and the rollup column holding it. */
enum Metric implements WireName {
    ACTIVITY("Total Activity", null),
    CHROME("Chrome Activity", ActivitySource.CHROME),
    EDGE("Edge Activity", ActivitySource.EDGE),
    FIREFOX("Firefox Activity", ActivitySource.FIREFOX),
    DESKTOP("Desktop Activity", ActivitySource.DESKTOP),
    WEB_ACCESSIBILITY("Web Accessibility Activity", ActivitySource.WEB_ACCESSIBILITY);

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

    @Override
    public String wireName() {
        return value;
    }

    /** The metric of an app of /apps/{app}/activity: every metric with a source. */
    static Metric ofApp(String app) {
        for (Metric m : values()) {
            if (m.app != null && m.app.equals(app)) {
                return m;
            }
        }
        throw ApiException.validation(
                "app",
                "must be one of "
                        + Arrays.stream(values())
                                .filter(m -> m.app != null)
                                .map(m -> m.app)
                                .collect(Collectors.joining(", ")));
    }
}
