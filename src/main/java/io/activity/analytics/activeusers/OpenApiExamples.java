package io.activity.analytics.activeusers;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    static final String ACTIVE_USERS = """
            {"type": "daily", "timezone": "America/New_York",
             "data": [{"date": "2026-03-07", "active_users": 1},
                      {"date": "2026-03-08", "active_users": 2},
                      {"date": "2026-03-09", "active_users": 0}]}""";

    static final String STICKINESS = """
            {"timezone": "UTC",
             "data": [{"date": "2026-01-01", "dau": 1, "wau": 1, "mau": 2, "dau_mau_ratio": 0.5000},
                      {"date": "2026-06-01", "dau": 0, "wau": 0, "mau": 0, "dau_mau_ratio": null}]}""";

    private OpenApiExamples() {}
}
