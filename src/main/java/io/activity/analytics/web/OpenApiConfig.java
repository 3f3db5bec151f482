package io.activity.analytics.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * The OpenAPI description at /v3/api-docs: bearer-JWT security on every operation, the feature
 * groups ({@link ApiTags}), and the contract's problem responses with worked examples
 * ({@link ProblemDocs}), so generated clients know every error shape. The access rule documents
 * 401/403/404 and the rate limiter 429 for the operations they guard; this adds what belongs to no
 * feature: 400 where an operation takes input, the 404s of a missing member, device, erasure or
 * page, and the database's 503.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    private static final String BAD_REQUEST = "validation_error or invalid_json: `errors` names each bad field";
    private static final String NOT_FOUND =
            "company_not_found (missing company or not an active member), or the path's member, device or"
                    + " erasure is not in the company, or the page is past the end";
    private static final String UNAVAILABLE = "service_unavailable: the database is down; see Retry-After";

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
                                + " a machine-readable `code`; every error response shows the bodies the service"
                                + " sends. The examples use the demo data's ids (company acme "
                                + ProblemDocs.DEMO_COMPANY + ", its admin " + ProblemDocs.DEMO_USER + ")."))
                .tags(ApiTags.all())
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
    OpenApiCustomizer problemResponses(ProblemDocs problems) {
        return openApi -> {
            openApi.getComponents().addSchemas("Problem", problemSchema());
            openApi.getPaths().forEach((path, item) -> {
                if (!path.startsWith("/api/")) {
                    return;
                }
                item.readOperationsMap().forEach((method, operation) -> {
                    describeIds(operation);
                    if (operation.getResponses() == null) {
                        return;
                    }
                    badRequest(problems, path, operation);
                    notFound(problems, path, method, operation);
                    problems.example(
                            operation,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            UNAVAILABLE,
                            "service_unavailable",
                            "The database is unreachable (Retry-After: 5)",
                            "service_unavailable",
                            "The database is unavailable; try again shortly.",
                            ProblemDocs.instance(path),
                            null,
                            ProblemAdvice.DATABASE_RETRY_SECONDS);
                    problems.header(
                            operation,
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "Retry-After",
                            "Seconds until a request can be admitted",
                            "integer");
                });
            });
            problems.examples().forEach(openApi.getComponents()::addExamples);
            problems.headers().forEach(openApi.getComponents()::addHeaders);
            // The groups and their descriptions, once and in reading order (springdoc adds the
            // controllers' @Tag names without descriptions).
            openApi.setTags(ApiTags.all());
        };
    }

    /**
     * 400 where the operation takes input beyond the company (a malformed company id is its 404):
     * the problem a wrong date or choice gets, named after the operation's own parameter, and the
     * one an unreadable JSON body gets.
     */
    private static void badRequest(ProblemDocs problems, String path, Operation operation) {
        List<Parameter> input = operation.getParameters() == null
                ? List.of()
                : operation.getParameters().stream()
                        .filter(p -> !"companyId".equals(p.getName()))
                        .toList();
        boolean body = operation.getRequestBody() != null;
        if (input.isEmpty() && !body) {
            return;
        }
        String instance = ProblemDocs.instance(path);
        // The query's parameters first: the example shows what a caller most often gets wrong.
        input.stream()
                .sorted(Comparator.comparing(p -> !"query".equals(p.getIn())))
                .filter(p -> p.getSchema() != null && badValue(p.getSchema()) != null)
                .findFirst()
                .ifPresent(p -> {
                    String field = FieldNames.snake(p.getName());
                    String message = badValue(p.getSchema());
                    var enumeration = p.getSchema().getEnum();
                    Map<String, List<String>> errors = Map.of(field, List.of(message));
                    problems.example(
                            operation,
                            HttpStatus.BAD_REQUEST,
                            BAD_REQUEST,
                            "validation_error_" + field
                                    + (enumeration == null || enumeration.isEmpty()
                                            ? ""
                                            : "_"
                                                    + String.valueOf(enumeration.get(0))
                                                            .replace('-', '_')),
                            field + " " + message,
                            "validation_error",
                            // A value the binder cannot convert: its detail names the field.
                            ApiException.validationDetail(errors),
                            instance,
                            errors,
                            null);
                });
        if (body) {
            problems.example(
                    operation,
                    HttpStatus.BAD_REQUEST,
                    BAD_REQUEST,
                    "invalid_json",
                    "The body is not JSON",
                    "invalid_json",
                    "The request body is not valid JSON.",
                    instance,
                    null,
                    null);
        }
        if (!operation.getResponses().containsKey("400")) { // input without a worked example here
            operation
                    .getResponses()
                    .addApiResponse(
                            "400",
                            new ApiResponse()
                                    .description(BAD_REQUEST)
                                    .content(new Content()
                                            .addMediaType(
                                                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                                                    new MediaType()
                                                            .schema(new Schema<>()
                                                                    .$ref("#/components/schemas/Problem")))));
        }
    }

    /** What the binder answers for a value of this schema it cannot read; null: no example. */
    private static String badValue(Schema<?> schema) {
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return "must be one of "
                    + String.join(
                            ", ", schema.getEnum().stream().map(String::valueOf).toList());
        }
        String format = schema.getFormat() == null ? "" : schema.getFormat();
        return switch (format) {
            case "date" -> "must be a date (YYYY-MM-DD)";
            case "date-time" -> "must be an ISO-8601 UTC instant such as 2026-01-15T14:30:00Z";
            case "uuid" -> "must be a UUID";
            default ->
                "integer".equals(schema.getType())
                                || (schema.getTypes() != null
                                        && schema.getTypes().contains("integer"))
                        ? "must be a valid integer"
                        : null;
        };
    }

    /** The 404s beyond the company's (which the access rule documents): the path's other ids, the page. */
    private static void notFound(ProblemDocs problems, String path, PathItem.HttpMethod method, Operation operation) {
        String instance = ProblemDocs.instance(path);
        // PUT of a member creates it; every other member route needs it to exist.
        if (path.contains("{userId}") && method != PathItem.HttpMethod.PUT) {
            problems.example(
                    operation,
                    HttpStatus.NOT_FOUND,
                    NOT_FOUND,
                    "user_not_found",
                    "The user is not (or no longer) a member of the company",
                    "user_not_found",
                    "User not found in this company.",
                    instance,
                    null,
                    null);
        }
        if (path.contains("{deviceId}")) {
            problems.example(
                    operation,
                    HttpStatus.NOT_FOUND,
                    NOT_FOUND,
                    "device_not_found",
                    "No heartbeat of the company came from the device",
                    "device_not_found",
                    "Device not found in this company.",
                    instance,
                    null,
                    null);
        }
        if (path.contains("{erasureId}")) {
            problems.example(
                    operation,
                    HttpStatus.NOT_FOUND,
                    NOT_FOUND,
                    "erasure_not_found",
                    "The id is no erasure of this company",
                    "erasure_not_found",
                    "This company has no erasure with this id.",
                    instance,
                    null,
                    null);
        }
        if (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> "page".equals(p.getName()))) {
            problems.example(
                    operation,
                    HttpStatus.NOT_FOUND,
                    NOT_FOUND,
                    "invalid_page",
                    "A page past the end (page 1 of an empty list is fine)",
                    "invalid_page",
                    "Invalid page.",
                    instance,
                    null,
                    null);
        }
    }

    /**
     * The path variables are on many routes; describe them once here, with the demo data's ids as
     * examples (Swagger UI's "Try it out" fills them in, so a first call works against the demo).
     */
    private static void describeIds(Operation operation) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter p : operation.getParameters()) {
            if (!"path".equals(p.getIn())) {
                continue;
            }
            switch (p.getName()) {
                case "companyId" -> {
                    if (p.getDescription() == null) {
                        p.description("The company's id (UUID). A missing company and a company the caller"
                                + " is not an active member of both answer 404 company_not_found.");
                    }
                    p.example(ProblemDocs.DEMO_COMPANY);
                }
                case "userId" -> p.example(ProblemDocs.DEMO_USER);
                case "deviceId" -> p.example("laptop-acme-2");
                case "app" -> p.example("chrome");
                default -> {}
            }
        }
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
