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
     * Generated clients (clients/typescript) are typed by the schemas: every 2xx body and JSON
     * request body has one, and every field of the worked example (which shows the wire format,
     * snake_case) is a property of it, nested objects and array items included.
     */
    @Test
    void everyExampleFitsItsSchema() {
        var document = api.get("/v3/api-docs", null).json();
        var schemas = document.get("components").get("schemas");
        List<String> problems = new ArrayList<>();
        document.get("paths").properties().forEach(path -> {
            if (!path.getKey().startsWith("/api/")) {
                return;
            }
            path.getValue().properties().forEach(op -> {
                String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
                op.getValue().get("responses").properties().forEach(response -> {
                    if (response.getKey().startsWith("2") && response.getValue().has("content")) {
                        response.getValue().get("content").properties().forEach(media -> {
                            if (!media.getKey().contains("csv")) {
                                fits(name + " " + response.getKey(), media.getValue(), schemas, problems);
                            }
                        });
                    }
                });
                var body = op.getValue().path("requestBody").path("content").path("application/json");
                if (!body.isMissingNode() && !name.startsWith("PATCH")) { // PATCH takes any subset
                    fits(name + " body", body, schemas, problems);
                }
            });
        });
        assertThat(problems).isEmpty();
    }

    private static void fits(String where, JsonNode media, JsonNode schemas, List<String> problems) {
        if (!media.hasNonNull("schema")) {
            problems.add(where + ": no schema");
        } else if (media.has("example")) {
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
