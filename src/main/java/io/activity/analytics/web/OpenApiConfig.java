package io.activity.analytics.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at /v3/api-docs: bearer-JWT security on every operation and the
 * contract's problem responses, so generated clients know every error shape.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    // Sorted, so the document is the same on every start (Map.of iterates in a per-JVM random order).
    private static final Map<String, String> ERRORS = new TreeMap<>(Map.of(
            "400", "validation_error or invalid_json: `errors` names each bad field",
            "401", "authentication_required (no token) or invalid_token",
            "403", "permission_denied: the member lacks the role or the service token the scope",
            "404",
                    "company_not_found (missing company or not an active member), user_not_found, device_not_found, invalid_page",
            "429", "rate_limit_exceeded: see Retry-After and retry_after",
            "503", "service_unavailable: the database is down; see Retry-After"));

    /** Outside the company tree (GET /api/v2/me/companies): no parameters, no company, no limit. */
    private static final Map<String, String> USER_ROUTE_ERRORS = new TreeMap<>(Map.of(
            "401", ERRORS.get("401"),
            "403", "permission_denied: a service token (the route is for user tokens only)",
            "503", ERRORS.get("503")));

    @Bean
    OpenAPI analyticsOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Activity analytics API")
                        .version("v2")
                        .description("Multi-tenant user-activity analytics: ingest heartbeats, page views and"
                                + " sessions; read user metrics, activity series, active users, status counts,"
                                + " page statistics and insights per company. Tenant routes live under"
                                + " /api/v2/companies/{companyId}/. Errors are RFC 9457 problem+json bodies with"
                                + " a machine-readable `code`."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")
                                        .description("User tokens: sub = user UUID. Service tokens: scope"
                                                + " analytics:ingest / analytics:provision / analytics:read"
                                                + " (every read an admin may make, except the audit log),"
                                                + " optional company_id.")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getPaths().forEach((path, item) -> {
                if (!path.startsWith("/api/")) {
                    return;
                }
                item.readOperations().forEach(OpenApiConfig::describeCompanyId);
                var errors = path.startsWith("/api/v2/companies/") ? ERRORS : USER_ROUTE_ERRORS;
                item.readOperations()
                        .forEach(operation -> errors.forEach((status, description) -> {
                            if (operation.getResponses() != null
                                    && !operation.getResponses().containsKey(status)) {
                                operation
                                        .getResponses()
                                        .addApiResponse(
                                                status,
                                                new ApiResponse()
                                                        .description(description)
                                                        .content(
                                                                new Content()
                                                                        .addMediaType(
                                                                                "application/problem+json",
                                                                                new MediaType()
                                                                                        .schema(
                                                                                                new Schema<>()
                                                                                                        .$ref(
                                                                                                                "#/components/schemas/Problem")))));
                            }
                        }));
            });
        };
    }

    /** The tenant path variable is on every company route; describe it once here. */
    private static void describeCompanyId(io.swagger.v3.oas.models.Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        operation.getParameters().stream()
                .filter(p -> "companyId".equals(p.getName()) && p.getDescription() == null)
                .forEach(p -> p.description("The company's id (UUID). A missing company and a company the caller"
                        + " is not an active member of both answer 404 company_not_found."));
    }

    /** A schema of one JSON type, written as OpenAPI 3.1 wants it (types) and as 3.0 did (type). */
    private static Schema<Object> typed(String type) {
        return new Schema<>().type(type).types(Set.of(type));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Schema schema = typed("object").description("RFC 9457 problem details");
        schema.addProperty("type", typed("string").format("uri"));
        schema.addProperty("title", typed("string"));
        schema.addProperty("status", typed("integer"));
        schema.addProperty("detail", typed("string"));
        schema.addProperty("instance", typed("string"));
        schema.addProperty("code", typed("string").example("validation_error"));
        schema.addProperty("timestamp", typed("string").format("date-time"));
        schema.addProperty(
                "errors",
                new Schema<>()
                        .type("object")
                        .additionalProperties(typed("array").items(typed("string"))));
        schema.addProperty("retry_after", typed("integer"));
        return schema;
    }
}
