package io.activity.analytics.query;

/** Example request and response for this feature's OpenAPI description, taken from docs/reference/query.md. */
final class OpenApiExamples {

    static final String REQUEST = """
            {"metrics": ["active_users", "activity"],
             "date_range": ["2026-11-02", "2026-11-03"],
             "granularity": "day",
             "dimensions": ["department"],
             "filters": [["is", "role", ["member", "admin"]], ["is_not", "department", ["Sales"]]],
             "timezone": "Asia/Kolkata",
             "compare": "previous",
             "order_by": [["date", "asc"], ["active_users", "desc"]],
             "limit": 100, "offset": 0}""";

    static final String RESPONSE = """
            {"query": {"metrics": ["active_users", "activity"], "date_range": ["2026-11-02", "2026-11-03"],
                       "granularity": "day", "dimensions": ["department"],
                       "filters": [["is", "role", ["member", "admin"]], ["is_not", "department", ["Sales"]]],
                       "timezone": "Asia/Kolkata", "compare": "previous",
                       "order_by": [["date", "asc"], ["active_users", "desc"]], "limit": 100, "offset": 0},
             "timezone": "Asia/Kolkata",
             "total_rows": 4,
             "results": [
               {"date": "2026-11-02", "dimensions": {"department": "Engineering"},
                "metrics": {"active_users": 12, "activity": 3811},
                "comparison": {"active_users": 10, "activity": 4100}, "change": {"active_users": 0.2, "activity": -0.0705}},
               {"date": "2026-11-02", "dimensions": {"department": null},
                "metrics": {"active_users": 1, "activity": 40},
                "comparison": {"active_users": 0, "activity": 0}, "change": {"active_users": null, "activity": null}},
               {"date": "2026-11-03", "dimensions": {"department": "Engineering"},
                "metrics": {"active_users": 11, "activity": 2950},
                "comparison": {"active_users": 11, "activity": 2950}, "change": {"active_users": 0.0, "activity": 0.0}},
               {"date": "2026-11-03", "dimensions": {"department": null},
                "metrics": {"active_users": 0, "activity": 0},
                "comparison": {"active_users": 2, "activity": 75}, "change": {"active_users": -1.0, "activity": -1.0}}]}""";

    private OpenApiExamples() {}
}
