package io.activity.analytics.ingest;

/** Example bodies for the ingest operations' OpenAPI description. */
final class OpenApiExamples {

    static final String HEARTBEATS = """
            {"heartbeats": [
              {"event_id": "5d0f4e8a-2b6c-4c1d-9a7e-3f8b2c1d0e9f", "user_id": "7b1e4c2a-0d3f-4a5b-8c6d-9e0f1a2b3c4d",
               "device_id": "laptop-42", "generated_at": "2026-01-15T14:30:00Z", "chrome_activity_count": 3,
               "edge_activity_count": 0, "firefox_activity_count": 0, "desktop_activity_count": 12,
               "web_accessibility_activity_count": 0}]}""";

    static final String HEARTBEATS_RESULT = """
            {"accepted": 1, "duplicates": 0}""";

    static final String PAGE_VIEW = """
            {"event_id": "9c2a6e14-5b3d-4f7a-8e1c-2d4b6f8a0c13", "path": "/dashboard/reports",
             "referrer": "/dashboard", "session_id": "tab-7f3a", "duration_ms": 5400,
             "viewed_at": "2026-01-15T14:30:00Z"}""";

    static final String PAGE_VIEWS = """
            {"page_views": [
              {"event_id": "3e5f7a9b-1c2d-4e6f-8a0b-c1d2e3f4a5b6", "user_id": "7b1e4c2a-0d3f-4a5b-8c6d-9e0f1a2b3c4d",
               "session_id": "tab-7f3a", "path": "/dashboard", "viewed_at": "2026-01-15T14:29:10Z"},
              {"event_id": "4f6a8b0c-2d3e-4f5a-9b1c-d2e3f4a5b6c7", "user_id": "7b1e4c2a-0d3f-4a5b-8c6d-9e0f1a2b3c4d",
               "session_id": "tab-7f3a", "path": "/dashboard/reports", "referrer": "/dashboard",
               "duration_ms": 5400, "viewed_at": "2026-01-15T14:30:00Z"}]}""";

    static final String PAGE_VIEWS_RESULT = """
            {"accepted": 2, "duplicates": 0}""";

    static final String SESSION_HEARTBEAT = """
            {"session_id": "tab-7f3a"}""";

    static final String ACCEPTED = """
            {"status": "accepted"}""";

    private OpenApiExamples() {}
}
