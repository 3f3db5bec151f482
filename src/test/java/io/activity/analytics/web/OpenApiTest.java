package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

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
