package io.activity.analytics.rollup;

/** Example bodies for the erasure operations' OpenAPI description. */
final class OpenApiExamples {

    static final String ERASURE_REQUESTED = """
            {"erasure_id": "0f6c2b8e-5d1a-4e3f-9b7c-2a4d6e8f0b13", "status": "running"}""";

    static final String ERASURE_DONE = """
            {"erasure_id": "0f6c2b8e-5d1a-4e3f-9b7c-2a4d6e8f0b13", "user_id": "7b1e4c2a-0d3f-4a5b-8c6d-9e0f1a2b3c4d",
             "status": "done", "requested_at": "2026-03-02T10:15:04.218907Z",
             "finished_at": "2026-03-02T10:15:07.530112Z",
             "deleted": {"heartbeats": 4812, "page_views": 391, "sessions": 57, "usage_events": 1204}}""";

    private OpenApiExamples() {}
}
