package io.activity.analytics.activity;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    static final String SERIES = """
            {
              "metric": "activity-count",
              "label": "Total Activity",
              "granularity": "weekly",
              "timezone": "America/New_York",
              "period": {"start": "2026-03-04", "end": "2026-03-15"},
              "data": [
                {"date": "2026-03-04", "value": 7},
                {"date": "2026-03-09", "value": 8}
              ]
            }""";

    private OpenApiExamples() {}
}
