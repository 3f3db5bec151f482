package io.activity.analytics.cohorts;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    static final String LIFECYCLE = """
            {"period": "week", "timezone": "America/New_York",
             "data": [{"date": "2026-03-02", "new": 2, "returning": 0, "resurrecting": 0, "dormant": 1},
                      {"date": "2026-03-09", "new": 1, "returning": 1, "resurrecting": 1, "dormant": 1}]}""";

    static final String RETENTION = """
            {"period": "week", "cohort_by": "first_active", "timezone": "UTC",
             "cohorts": [{"cohort": "2025-12-29", "size": 2, "retained": [2, 1, 1, 0]},
                         {"cohort": "2026-01-05", "size": 1, "retained": [1, 0, 0]},
                         {"cohort": "2026-01-12", "size": 1, "retained": [1, 0]},
                         {"cohort": "2026-01-19", "size": 1, "retained": [1]}]}""";

    private OpenApiExamples() {}
}
