package io.activity.analytics.activeusers;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    /** With compare=previous; without it the same body has no "previous". */
    static final String ACTIVE_USERS = """
            {"type": "daily", "timezone": "America/New_York",
             "data": [{"date": "2026-03-07", "active_users": 1},
                      {"date": "2026-03-08", "active_users": 2},
                      {"date": "2026-03-09", "active_users": 0}],
             "previous": [{"date": "2026-03-04", "active_users": 0},
                          {"date": "2026-03-05", "active_users": 1},
                          {"date": "2026-03-06", "active_users": 1}]}""";

    static final String NOW = """
            {"as_of": "2026-07-15T12:00:40Z", "window_minutes": 5, "active_users": 3,
             "by_app": {"chrome": 2, "edge": 0, "firefox": 0, "desktop": 1, "web-accessibility": 0},
             "per_minute": [{"minute": "2026-07-15T11:31:00Z", "active_users": 0},
                            {"minute": "2026-07-15T11:32:00Z", "active_users": 1},
                            {"minute": "2026-07-15T12:00:00Z", "active_users": 2}]}""";

    static final String STICKINESS = """
            {"timezone": "UTC",
             "data": [{"date": "2026-01-01", "dau": 1, "wau": 1, "mau": 2, "dau_mau_ratio": 0.5000},
                      {"date": "2026-06-01", "dau": 0, "wau": 0, "mau": 0, "dau_mau_ratio": null}]}""";

    private OpenApiExamples() {}
}
