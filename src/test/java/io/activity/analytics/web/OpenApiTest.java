package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Every controller route is described, and the document is valid OpenAPI 3. */
class OpenApiTest extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyApiRouteAppearsInTheDocument() {
        var response = api.get("/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(200);
        var paths = response.json().get("paths");

        List<String> missing = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (var verb : info.getMethodsCondition().getMethods()) {
                    var item = paths.get(pattern);
                    if (item == null || !item.has(verb.name().toLowerCase(Locale.ROOT))) {
                        missing.add(verb + " " + pattern);
                    }
                }
            }
        });
        assertThat(missing).isEmpty();
        assertThat(paths.size()).isGreaterThan(0);
    }

    @Test
    void everyOperationHasASummaryADescriptionAndDescribedParameters() {
        var response = api.get("/v3/api-docs", null);
        var paths = response.json().get("paths");
        List<String> problems = new ArrayList<>();
        paths.properties().forEach(path -> {
            if (!path.getKey().startsWith("/api/")) {
                return;
            }
            path.getValue().properties().forEach(op -> {
                String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                var operation = op.getValue();
                if (!operation.hasNonNull("summary")
                        || operation.get("summary").asString().isBlank()) {
                    problems.add(name + ": no summary");
                }
                if (!operation.hasNonNull("description")
                        || operation.get("description").asString().isBlank()) {
                    problems.add(name + ": no description");
                }
                if (operation.has("parameters")) {
                    for (var parameter : operation.get("parameters")) {
                        if (!parameter.hasNonNull("description")
                                || parameter.get("description").asString().isBlank()) {
                            problems.add(name + ": parameter "
                                    + parameter.get("name").asString() + " has no description");
                        }
                    }
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    /** Query records are documented by the names the binder reads (@BindParam), with their types. */
    @Test
    void queryParametersAreNamedAndTypedAsTheyAreBound() {
        var paths = api.get("/v3/api-docs", null).json().get("paths");
        List<String> camel = new ArrayList<>();
        paths.properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (op.getValue().has("parameters")) {
                        for (var parameter : op.getValue().get("parameters")) {
                            String name = parameter.get("name").asString();
                            if (parameter.get("in").asString().equals("query") && !name.matches("[a-z_]+")) {
                                camel.add(op.getKey() + " " + path.getKey() + " " + name);
                            }
                        }
                    }
                }));
        assertThat(camel).isEmpty();

        var series = paths.get("/api/v2/companies/{companyId}/users/{userId}/activity")
                .get("get");
        List<String> query = new ArrayList<>();
        for (var parameter : series.get("parameters")) {
            if (parameter.get("in").asString().equals("query")) {
                query.add(parameter.get("name").asString());
                if (parameter.get("name").asString().equals("start_date")) {
                    assertThat(parameter.get("schema").get("format").asString()).isEqualTo("date");
                }
                if (parameter.get("name").asString().equals("granularity")) {
                    assertThat(parameter.get("schema").get("enum").toString())
                            .isEqualTo("[\"daily\",\"weekly\",\"monthly\",\"quarterly\"]");
                }
                if (parameter.get("name").asString().equals("timezone")) {
                    assertThat(parameter.get("schema").get("type").asString()).isEqualTo("string");
                }
            }
        }
        assertThat(query).containsExactlyInAnyOrder("start_date", "end_date", "granularity", "metric", "timezone");
        for (var parameter :
                paths.get("/api/v2/companies/{companyId}/audit-log").get("get").get("parameters")) {
            if (parameter.get("in").asString().equals("query")) {
                assertThat(parameter.get("schema").get("type").asString())
                        .as(parameter.get("name").asString())
                        .isEqualTo("integer");
            }
        }
    }

    @Test
    void documentIsValidOpenApi3() {
        var response = api.get("/v3/api-docs", null);
        var result = new OpenAPIV3Parser().readContents(response.body());
        assertThat(result.getMessages()).isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
    }

    /** Swagger UI's sections are the features, each described; none is a "…-controller" group. */
    @Test
    void operationsAreGroupedByDescribedFeatureTags() {
        var document = api.get("/v3/api-docs", null).json();
        List<String> declared = new ArrayList<>();
        for (var tag : document.get("tags")) {
            assertThat(tag.path("description").asString("")).as(tag.toString()).isNotBlank();
            declared.add(tag.get("name").asString());
        }
        assertThat(declared)
                .containsExactly(
                        "Ingest",
                        "User metrics",
                        "Activity",
                        "Active users",
                        "Cohorts",
                        "Status counts",
                        "Page statistics",
                        "Insights",
                        "Query",
                        "Companies & members",
                        "Data rights & retention",
                        "Audit log");
        List<String> used = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        operations(document, (name, operation) -> {
            var tags = operation.path("tags");
            if (tags.size() != 1 || !declared.contains(tags.get(0).asString())) {
                problems.add(name + ": tags " + tags);
            } else {
                used.add(tags.get(0).asString());
            }
        });
        assertThat(problems).isEmpty();
        assertThat(document.toString()).doesNotContain("-controller");
        assertThat(used).containsAll(declared); // no empty section
        assertThat(tagOf(document, "GET", "/api/v2/companies/{companyId}/active-users/now"))
                .isEqualTo("Active users");
        assertThat(tagOf(document, "GET", "/api/v2/me/companies")).isEqualTo("Companies & members");
        assertThat(tagOf(document, "DELETE", "/api/v2/companies/{companyId}/members/{userId}/data"))
                .isEqualTo("Data rights & retention");
    }

    /**
     * Every error the access check and the rate limiter can send is documented with worked
     * problem bodies (components/examples) whose status is the response's: 401/403/404 on every
     * company route, 429 on exactly the limited ones (reads and ingest; provisioning and other
     * writes are never limited), and on the signed-in user's route 401 and 403 only (it has no
     * company to miss and no limit).
     */
    @Test
    void errorResponsesCarryProblemExamplesOfTheirStatus() {
        var document = api.get("/v3/api-docs", null).json();
        var examples = document.get("components").get("examples");
        // Worked out from the controllers: every GET, the POST query (a read) and the four ingest routes.
        List<String> limitedWrites = List.of(
                "POST /api/v2/companies/{companyId}/query",
                "POST /api/v2/companies/{companyId}/heartbeats",
                "POST /api/v2/companies/{companyId}/page-views",
                "POST /api/v2/companies/{companyId}/track/heartbeat",
                "POST /api/v2/companies/{companyId}/track/pageview");
        List<String> problems = new ArrayList<>();
        List<String> limited = new ArrayList<>();
        operations(document, (name, operation) -> {
            var responses = operation.get("responses");
            boolean company = name.contains("/api/v2/companies/");
            List<String> statuses = company ? List.of("401", "403", "404", "503") : List.of("401", "403", "503");
            for (String status : statuses) {
                checkExamples(name, status, responses.path(status), examples, problems);
            }
            if (!company && (responses.has("404") || responses.has("429"))) {
                problems.add(name + ": a 404 or 429 the route never sends");
            }
            boolean read = name.startsWith("GET ") || limitedWrites.contains(name);
            if (company && read) {
                checkExamples(name, "429", responses.path("429"), examples, problems);
                var headers = responses.path("429").path("headers");
                for (String header : List.of("Retry-After", "RateLimit", "RateLimit-Policy", "X-RateLimit-Remaining")) {
                    if (!headers.has(header)) {
                        problems.add(name + " 429: no " + header + " header");
                    }
                }
                limited.add(name);
            } else if (responses.has("429")) {
                problems.add(name + ": a 429 on a route the limiter never refuses");
            }
        });
        assertThat(problems).isEmpty();
        assertThat(limited).contains(limitedWrites.toArray(String[]::new)).hasSizeGreaterThan(20);

        // The 403 examples are the access check's sentences for each operation's rule.
        assertThat(exampleNames(document, "GET", "/api/v2/companies/{companyId}/audit-log", "403"))
                .containsExactlyInAnyOrder("permission_denied_role_owner", "permission_denied_scope_member_s_token");
        assertThat(exampleNames(document, "POST", "/api/v2/companies/{companyId}/heartbeats", "403"))
                .containsExactlyInAnyOrder(
                        "permission_denied_service_token_only_analytics_ingest",
                        "permission_denied_scope_token_with_scope_analytics_ingest");
        assertThat(exampleNames(document, "GET", "/api/v2/companies/{companyId}/users/{userId}/activity", "404"))
                .containsExactlyInAnyOrder("company_not_found", "user_not_found");
        assertThat(exampleNames(document, "PUT", "/api/v2/companies/{companyId}/members/{userId}", "404"))
                .containsExactly("company_not_found"); // PUT creates the member
        assertThat(exampleNames(document, "GET", "/api/v2/companies/{companyId}/user-metrics/", "404"))
                .containsExactlyInAnyOrder("company_not_found", "invalid_page");
    }

    /**
     * The documented problem bodies are the ones the service sends: each example is compared with
     * the body of a request that really gets that error, member by member (the instance and the
     * timestamp are the request's own; the seconds to wait of a 429 depend on the moment).
     */
    @Test
    void problemExamplesAreWhatTheServiceSends() {
        var examples = api.get("/v3/api-docs", null).json().get("components").get("examples");
        UUID company = company("UTC");
        UUID admin = member(company, "admin", "active");
        String base = "/api/v2/companies/" + company;
        String expired = Tokens.sign(
                Tokens.SECRET,
                claims -> claims.subject(admin.toString())
                        .issueTime(Date.from(Instant.now().minusSeconds(600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(120))));

        sameProblem(examples, "authentication_required", api.get(base + "/active-users/now", null));
        sameProblem(examples, "invalid_token", api.get(base + "/active-users/now", expired));
        sameProblem(
                examples,
                "company_not_found",
                api.get("/api/v2/companies/" + UUID.randomUUID() + "/active-users/now", Tokens.user(admin)));
        sameProblem(
                examples,
                "user_not_found",
                api.get(
                        base + "/users/" + UUID.randomUUID()
                                + "/activity?start_date=2026-01-01&end_date=2026-01-31&granularity=daily&metric=activity-count",
                        Tokens.user(admin)));
        sameProblem(examples, "invalid_page", api.get(base + "/user-metrics/?page=9", Tokens.user(admin)));
        sameProblem(examples, "permission_denied_role_owner", api.get(base + "/audit-log", Tokens.user(admin)));
        sameProblem(
                examples,
                "permission_denied_scope_token_with_scope_analytics_read",
                api.get(base + "/active-users/now", Tokens.ingest()));
        sameProblem(
                examples,
                "permission_denied_service_token_only_analytics_ingest",
                api.post(base + "/heartbeats", Tokens.user(admin), List.of()));
        sameProblem(examples, "permission_denied_user_token_only", api.get("/api/v2/me/companies", Tokens.read()));
        sameProblem(
                examples,
                "validation_error_start_date",
                api.get(base + "/users/" + admin + "/activity?start_date=2026-13-01", Tokens.user(admin)));
        sameProblem(
                examples,
                "validation_error_type_daily",
                api.get(base + "/active-users?type=hourly&date_from=2026-01-01", Tokens.user(admin)));
        sameProblem(examples, "validation_error_user_id", api.get(base + "/members/not-a-uuid", Tokens.user(admin)));
        sameProblem(
                examples,
                "validation_error_start_time",
                api.get(base + "/insights/user-activity?start_time=yesterday", Tokens.user(admin)));
        sameProblem(
                examples,
                "validation_error_start_timestamp",
                api.get(base + "/page-statistics?start_timestamp=x", Tokens.user(admin)));
        sameProblem(
                examples,
                "invalid_json",
                api.send("POST", base + "/heartbeats", Tokens.ingest(), "{", "application/json"));

        // The read limit (100 per 60 s by default): the 101st read of a fresh company.
        Api.Response refused = null;
        for (int i = 0; i <= 100; i++) {
            refused = api.get(base + "/active-users/now", Tokens.user(admin));
        }
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        sameProblem(examples, "rate_limit_exceeded_read", refused);
    }

    private static void sameProblem(JsonNode examples, String name, Api.Response response) {
        assertThat(examples.has(name)).as("example " + name).isTrue();
        var example = (ObjectNode) examples.get(name).get("value").deepCopy();
        var real = (ObjectNode) response.json().deepCopy();
        assertThat(response.header("Content-Type")).as(name).startsWith("application/problem+json");
        for (var body : List.of(example, real)) {
            assertThat(body.get("instance").asString()).startsWith("/api/v2/");
            body.remove(List.of("instance", "timestamp"));
            if (body.has("retry_after")) { // the seconds to wait are the moment's
                body.put("retry_after", 1);
                body.put("detail", body.get("detail").asString().replaceAll("retry after \\d+ s", "retry after N s"));
            }
        }
        assertThat(real).as(name + " as sent").isEqualTo(example);
    }

    private static void checkExamples(
            String name, String status, JsonNode response, JsonNode examples, List<String> problems) {
        var media = response.path("content").path("application/problem+json");
        if (response.isMissingNode()
                || !media.has("examples")
                || media.get("examples").isEmpty()) {
            problems.add(name + " " + status + ": no problem examples");
            return;
        }
        if (!media.path("schema").path("$ref").asString("").endsWith("/Problem")) {
            problems.add(name + " " + status + ": not the Problem schema");
        }
        media.get("examples").properties().forEach(entry -> {
            String ref = entry.getValue().path("$ref").asString("");
            var value = examples.path(ref.substring(ref.lastIndexOf('/') + 1)).path("value");
            if (!ref.startsWith("#/components/examples/") || value.isMissingNode()) {
                problems.add(name + " " + status + " " + entry.getKey() + ": not a component example");
            } else if (value.path("status").asInt() != Integer.parseInt(status)) {
                problems.add(name + " " + status + " " + entry.getKey() + ": status " + value.get("status"));
            } else if (!value.path("code").asString("").equals(entry.getKey())
                    && !entry.getKey().startsWith(value.path("code").asString("-"))) {
                problems.add(name + " " + status + " " + entry.getKey() + ": code " + value.get("code"));
            }
        });
    }

    private static List<String> exampleNames(JsonNode document, String method, String path, String status) {
        List<String> names = new ArrayList<>();
        document.get("paths")
                .get(path)
                .get(method.toLowerCase(Locale.ROOT))
                .get("responses")
                .get(status)
                .get("content")
                .get("application/problem+json")
                .get("examples")
                .properties()
                .forEach(e -> names.add(e.getKey()));
        return names;
    }

    private static String tagOf(JsonNode document, String method, String path) {
        return document.get("paths")
                .get(path)
                .get(method.toLowerCase(Locale.ROOT))
                .get("tags")
                .get(0)
                .asString();
    }

    /** Calls back with "METHOD /path" and the operation of every /api/ operation. */
    private static void operations(JsonNode document, java.util.function.BiConsumer<String, JsonNode> each) {
        document.get("paths").properties().forEach(path -> {
            if (path.getKey().startsWith("/api/")) {
                path.getValue()
                        .properties()
                        .forEach(op ->
                                each.accept(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue()));
            }
        });
    }

    /**
     * Parameters are typed: every day parameter is {@code format: date} (active-users' take a day
     * or a month, so a pattern), the choices of compare, granularity and metric are enums, in the
     * query string and in the query body, and the path ids have the demo data's ids as examples.
     */
    @Test
    void parametersAreTypedWithChoicesAndExampleIds() {
        var document = api.get("/v3/api-docs", null).json();
        List<String> problems = new ArrayList<>();
        List<String> enums = new ArrayList<>();
        operations(document, (name, operation) -> {
            for (var parameter : operation.path("parameters")) {
                String p = parameter.get("name").asString();
                var schema = parameter.get("schema");
                if (p.matches("(start|end)_date|date_(from|to)")) {
                    boolean activeUsers = name.equals("GET /api/v2/companies/{companyId}/active-users");
                    if (activeUsers
                            ? !schema.has("pattern")
                            : !"date".equals(schema.path("format").asString(""))) {
                        problems.add(name + " " + p + ": " + schema);
                    }
                }
                if (p.matches("compare|granularity|metric")) {
                    if (!schema.has("enum")) {
                        problems.add(name + " " + p + ": no enum");
                    } else {
                        enums.add(name + " " + p);
                    }
                }
                if (p.equals("companyId")
                        && !parameter.path("example").asString("").equals("d3a47dcf-410d-383f-814d-be4823dfbb82")) {
                    problems.add(name + " companyId: example " + parameter.get("example"));
                }
                if (p.equals("userId")
                        && !parameter.path("example").asString("").equals("5cabe47d-9e26-3873-b666-67bc5b78afbd")) {
                    problems.add(name + " userId: example " + parameter.get("example"));
                }
            }
        });
        assertThat(problems).isEmpty();
        assertThat(enums)
                .contains(
                        "GET /api/v2/companies/{companyId}/insights/trends compare",
                        "GET /api/v2/companies/{companyId}/insights/trends granularity",
                        "GET /api/v2/companies/{companyId}/active-users compare",
                        "GET /api/v2/companies/{companyId}/user-metrics/summary/ compare",
                        "GET /api/v2/companies/{companyId}/apps/{app}/activity metric");
        var trends = document.get("paths")
                .get("/api/v2/companies/{companyId}/insights/trends")
                .get("get");
        for (var parameter : trends.get("parameters")) {
            if (parameter.get("name").asString().equals("granularity")) {
                assertThat(parameter.get("schema").get("enum").toString()).isEqualTo("[\"day\",\"week\",\"month\"]");
            }
            if (parameter.get("name").asString().equals("compare")) {
                assertThat(parameter.get("schema").get("enum").toString()).isEqualTo("[\"previous\"]");
            }
        }
        var query =
                document.get("components").get("schemas").get("QueryRequest").get("properties");
        assertThat(query.get("compare").get("enum").toString()).isEqualTo("[\"previous\",\"year\"]");
        assertThat(query.get("granularity").get("enum").toString()).isEqualTo("[\"none\",\"day\",\"week\",\"month\"]");
        assertThat(query.get("metrics").get("items").get("enum").toString())
                .isEqualTo(
                        "[\"active_users\",\"activity\",\"heartbeats\",\"page_views\",\"sessions\",\"session_seconds\"]");
        assertThat(query.get("dimensions").get("items").get("enum").toString())
                .isEqualTo("[\"department\",\"role\",\"status\",\"app\",\"path\",\"device\"]");
    }

    /** Swagger UI keeps the token given under Authorize across reloads. */
    @Test
    void swaggerUiPersistsAuthorization() {
        var config = api.get("/v3/api-docs/swagger-config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().path("persistAuthorization").asBoolean()).isTrue();
    }

    @Test
    void swaggerUiIsServed() {
        var response = api.get("/swagger-ui/index.html", null);
        assertThat(response.status()).isEqualTo(200);
    }

    /**
     * Generated clients (clients/typescript) are typed by the schemas: every 2xx of every /api/
     * operation but a 204 has a body; every 2xx body and JSON request body has a schema and a
     * worked example (which shows the wire format, snake_case); and every field of the example is
     * a property of the schema, nested objects and array items included. The one exception is a
     * streamed body (the CSV export), which has no JSON example; the exceptions are listed and
     * must be exactly that one, so the rule cannot pass by checking nothing.
     */
    @Test
    void everyExampleFitsItsSchema() {
        var document = api.get("/v3/api-docs", null).json();
        var schemas = document.get("components").get("schemas");
        List<String> problems = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        List<String> streamed = new ArrayList<>();
        document.get("paths").properties().forEach(path -> {
            if (!path.getKey().startsWith("/api/")) {
                return;
            }
            path.getValue().properties().forEach(op -> {
                String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                op.getValue().get("responses").properties().forEach(response -> {
                    if (response.getKey().startsWith("2")
                            && !response.getKey().equals("204")
                            && !response.getValue().has("content")) {
                        problems.add(name + " " + response.getKey() + ": no content"); // only a 204 has no body
                    }
                    if (response.getKey().startsWith("2") && response.getValue().has("content")) {
                        response.getValue().get("content").properties().forEach(media -> {
                            String where = name + " " + response.getKey();
                            if (media.getKey().contains("csv") || streamed(media.getValue())) {
                                streamed.add(where);
                            } else {
                                fits(where, media.getValue(), schemas, problems, checked);
                            }
                        });
                    }
                });
                var body = op.getValue().path("requestBody").path("content").path("application/json");
                if (!body.isMissingNode()) {
                    if (name.startsWith("PATCH")) { // PATCH takes any subset: an example, not all fields
                        if (!body.has("example")) {
                            problems.add(name + " body: no example");
                        } else {
                            checked.add(name + " body");
                        }
                    } else {
                        fits(name + " body", body, schemas, problems, checked);
                    }
                }
            });
        });
        assertThat(problems).isEmpty();
        // Only the CSV export is streamed; every other success body was checked against its example.
        assertThat(streamed).containsExactly("GET /api/v2/companies/{companyId}/user-metrics/export/ 200");
        assertThat(checked)
                .as("examples checked")
                .contains(
                        "GET /api/v2/companies/{companyId}/user-metrics/ 200",
                        "POST /api/v2/companies/{companyId}/heartbeats 200",
                        "POST /api/v2/companies/{companyId}/heartbeats body")
                .hasSizeGreaterThan(20);
    }

    /** A streamed body (StreamingResponseBody): raw bytes, no JSON example to check. */
    private static boolean streamed(JsonNode media) {
        var ref = media.path("schema").path("$ref");
        return ref.isString() && ref.stringValue().endsWith("/StreamingResponseBody");
    }

    private static void fits(
            String where, JsonNode media, JsonNode schemas, List<String> problems, List<String> checked) {
        if (!media.hasNonNull("schema")) {
            problems.add(where + ": no schema");
        }
        if (!media.has("example")) {
            problems.add(where + ": no example");
        } else if (media.hasNonNull("schema")) {
            checked.add(where);
            fits(where, media.get("example"), media.get("schema"), schemas, problems);
        }
    }

    private static void fits(String where, JsonNode value, JsonNode schema, JsonNode schemas, List<String> problems) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asString();
            schema = schemas.get(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (value.isObject() && schema.has("properties")) {
            var properties = schema.get("properties");
            value.properties().forEach(field -> {
                if (!properties.has(field.getKey())) {
                    problems.add(where + ": " + field.getKey() + " is not in the schema");
                } else {
                    fits(
                            where + "." + field.getKey(),
                            field.getValue(),
                            properties.get(field.getKey()),
                            schemas,
                            problems);
                }
            });
        } else if (value.isObject() && !schema.has("additionalProperties")) {
            problems.add(where + ": an object where the schema says " + schema);
        } else if (value.isArray() && !value.isEmpty() && schema.has("items")) {
            fits(where + "[]", value.get(0), schema.get("items"), schemas, problems);
        }
    }
}
