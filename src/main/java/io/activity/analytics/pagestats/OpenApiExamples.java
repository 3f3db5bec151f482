package io.activity.analytics.pagestats;

/** Example responses for this feature's OpenAPI description, taken from docs/reference. */
final class OpenApiExamples {

    static final String PAGE_STATISTICS = """
            {"start_date": 1780288200, "end_date": 1780664400,
             "total_page_views": 7, "total_unique_users": 3,
             "page_statistics": [
               {"path": "/home", "page_views": 3, "unique_users": 2, "avg_duration_ms": 2000},
               {"path": "/reports", "page_views": 2, "unique_users": 2, "avg_duration_ms": 1000},
               {"path": "/settings", "page_views": 2, "unique_users": 1, "avg_duration_ms": 251}]}""";

    private OpenApiExamples() {}
}
