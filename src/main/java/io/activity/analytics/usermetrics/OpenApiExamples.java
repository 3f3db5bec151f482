package io.activity.analytics.usermetrics;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    static final String LIST = """
            {
              "count": 247,
              "next": "http://localhost:8080/api/v2/companies/f659ecfa-32be-4a9b-9c9b-6e56c3ccf29a/user-metrics/?status=active&page_size=2&date_from=2026-01-01&date_to=2026-01-31&page=2",
              "previous": null,
              "results": [
                {
                  "user_id": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
                  "email": "john.doe@example.com",
                  "first_name": "John",
                  "last_name": "Doe",
                  "last_active": "2026-02-01T08:00:00Z",
                  "total_sessions": 2,
                  "sessions_this_month": 0,
                  "avg_session_duration": "00:25:00",
                  "status": "active",
                  "role": "admin",
                  "department": "Engineering",
                  "created_at": "2025-01-15T09:00:00Z",
                  "last_login": "2026-01-31T23:30:00Z"
                },
                {
                  "user_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                  "email": "jane.smith@example.com",
                  "first_name": "Jane",
                  "last_name": "Smith",
                  "last_active": null,
                  "total_sessions": 0,
                  "sessions_this_month": 0,
                  "avg_session_duration": "00:00:00",
                  "status": "active",
                  "role": "member",
                  "department": null,
                  "created_at": "2025-02-10T10:30:00Z",
                  "last_login": null
                }
              ]
            }""";

    static final String SUMMARY = """
            {
              "date_from": "2026-01-01",
              "date_to": "2026-01-31",
              "total_users": 4,
              "users_by_status": {"active": 2, "inactive": 1, "pending": 1},
              "active_users": {"today": 1, "last_7_days": 2, "last_30_days": 2},
              "total_sessions": 4,
              "avg_session_duration": "00:25:00",
              "total_page_views": 3,
              "unique_users": 2,
              "total_activity": 10,
              "previous": {
                "date_from": "2025-12-01",
                "date_to": "2025-12-31",
                "total_sessions": 1,
                "avg_session_duration": "00:50:00",
                "total_page_views": 0,
                "unique_users": 1,
                "total_activity": 4
              },
              "change": {
                "total_sessions": 3.0,
                "avg_session_duration": -0.5,
                "total_page_views": null,
                "unique_users": 1.0,
                "total_activity": 1.5
              }
            }""";

    static final String REFRESH = """
            {"status": "accepted"}""";

    private OpenApiExamples() {}
}
