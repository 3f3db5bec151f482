package io.activity.analytics.company;

/** Example bodies for the provisioning and my-companies operations' OpenAPI description. */
final class OpenApiExamples {

    static final String COMPANY_REQUEST = """
            {"name": "Acme Analytics GmbH", "timezone": "Europe/Berlin"}""";

    static final String COMPANY_RESPONSE = """
            {"company_id": "3f2c1d9e-8a4b-4c71-9e2a-5b6d7f8e9a01", "name": "Acme Analytics GmbH",
             "timezone": "Europe/Berlin", "created_at": "2026-01-05T09:12:44.318204Z",
             "updated_at": "2026-01-05T09:12:44.318204Z"}""";

    static final String MEMBER_REQUEST = """
            {"email": "lena.fischer@acme.example", "first_name": "Lena", "last_name": "Fischer",
             "role": "admin", "department": "Sales", "status": "active"}""";

    static final String MEMBER_PATCH = """
            {"status": "inactive"}""";

    static final String MEMBER_RESPONSE = """
            {"user_id": "7b1e4c2a-0d3f-4a5b-8c6d-9e0f1a2b3c4d", "email": "lena.fischer@acme.example",
             "first_name": "Lena", "last_name": "Fischer", "role": "admin", "department": "Sales",
             "status": "active", "created_at": "2026-01-05T09:13:02.101877Z"}""";

    static final String MY_COMPANIES = """
            {"results": [
              {"company_id": "3f2c1d9e-8a4b-4c71-9e2a-5b6d7f8e9a01", "name": "Acme Analytics GmbH",
               "timezone": "Europe/Berlin", "role": "admin"},
              {"company_id": "0b6e2f4a-1c3d-4e5f-8a9b-7c6d5e4f3a2b", "name": "Globex Corporation",
               "timezone": "America/New_York", "role": "member"}]}""";

    private OpenApiExamples() {}
}
