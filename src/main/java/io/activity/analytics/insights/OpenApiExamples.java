package io.activity.analytics.insights;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    static final String USER_ACTIVITY = """
            {"report": {"start_time": "2026-04-01T10:00:00Z", "end_time": "2026-04-01T12:00:00Z",
              "users": [{"user_id": "0b6f3c52-9d1e-4f7a-8b2c-3d4e5f6a7b8c", "email": "bob@example.com", "first_name": "Bob", "last_name": "Ng", "seconds": 7200},
                        {"user_id": "1c7a4d63-ae2f-4a8b-9c3d-4e5f6a7b8c9d", "email": "ada@example.com", "first_name": "Ada", "last_name": "Li", "seconds": 5400}]}}""";

    static final String USER_LATENCY = """
            {"report": {"start_time": "2026-04-01T00:00:00Z", "end_time": "2026-04-02T00:00:00Z",
              "users": [{"user_id": "0b6f3c52-9d1e-4f7a-8b2c-3d4e5f6a7b8c", "email": "bob@example.com", "latency_ms": {"p50": 100.00, "p95": 100.00}},
                        {"user_id": "1c7a4d63-ae2f-4a8b-9c3d-4e5f6a7b8c9d", "email": "ada@example.com", "latency_ms": {"p50": 25.00, "p95": 38.50}}]}}""";

    static final String ENDPOINTS = """
            {"items": [{"endpoint": "/api/v2/companies/{companyId}/user-metrics/", "method": "GET",
                        "feature": "user-metrics", "count": 4, "avg_response_time_ms": 25.00, "p95_response_time_ms": 38.50}]}""";

    /** With compare=previous; without it the same body has no "previous". */
    static final String TRENDS = """
            {"granularity": "week", "timezone": "UTC",
             "data": [{"date": "2026-03-04", "active_users": 2, "requests": 1, "avg_response_time_ms": 10.00, "page_views": 0},
                      {"date": "2026-03-09", "active_users": 1, "requests": 2, "avg_response_time_ms": 30.00, "page_views": 1}],
             "previous": [{"date": "2026-02-20", "active_users": 1, "requests": 0, "avg_response_time_ms": null, "page_views": 0},
                          {"date": "2026-02-25", "active_users": 2, "requests": 3, "avg_response_time_ms": 20.00, "page_views": 2}]}""";

    private OpenApiExamples() {}
}
