package io.activity.analytics.cohorts;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    static final String LIFECYCLE = """
            {"period": "week", "timezone": "America/New_York",
             "data": [{"date": "2026-03-02", "new": 2, "returning": 0, "resurrecting": 0, "dormant": 0},
                      {"date": "2026-03-09", "new": 1, "returning": 1, "resurrecting": 0, "dormant": 1},
                      {"date": "2026-03-16", "new": 0, "returning": 1, "resurrecting": 1, "dormant": 1}]}""";

    static final String RETENTION = """
            {"period": "week", "cohort_by": "first_active", "timezone": "UTC",
             "cohorts": [{"cohort": "2026-10-05", "size": 12, "retained": [12, 9, 8, 8]},
                         {"cohort": "2026-10-12", "size": 3, "retained": [3, 2, 2]},
                         {"cohort": "2026-10-19", "size": 0, "retained": [0, 0]},
                         {"cohort": "2026-10-26", "size": 5, "retained": [5]}]}""";

    private OpenApiExamples() {}
}
