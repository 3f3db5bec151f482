package io.activity.analytics.statuscounts;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    static final String STATUS_COUNTS = """
            {"status_counts": {
              "active":   [{"date": "2026-05-01", "count": 4}, {"date": "2026-05-02", "count": 4}, {"date": "2026-05-03", "count": 4}],
              "inactive": [{"date": "2026-05-01", "count": 1}, {"date": "2026-05-02", "count": 1}, {"date": "2026-05-03", "count": 1}],
              "pending":  [{"date": "2026-05-01", "count": 0}, {"date": "2026-05-02", "count": 0}, {"date": "2026-05-03", "count": 1}]}}""";

    private OpenApiExamples() {}
}
