package io.activity.analytics.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * The error responses of the OpenAPI document, with worked problem bodies: each example is a
 * reusable component ({@code #/components/examples/…}) that operations reference, written in the
 * shape {@link Problems} builds (type from the code, title the reason phrase, snake_case members)
 * with the detail the service really sends. The features that send an error document it from the
 * rule that sends it (access: 401/403/404, rate limit: 429, {@link OpenApiConfig}: 400/503), so the
 * examples cannot claim a status an operation never answers.
 */
@Component
public class ProblemDocs {

    /** The demo company (acme) and its admin, so examples can be tried against the demo data as written. */
    public static final String DEMO_COMPANY = "d3a47dcf-410d-383f-814d-be4823dfbb82";

    public static final String DEMO_USER = "5cabe47d-9e26-3873-b666-67bc5b78afbd";

    /** Any id: no erasure has a fixed id in the demo data. */
    static final String DEMO_ERASURE = "0b9a1c2e-7f3d-4e5a-9b6c-1d2e3f4a5b6c";

    static final String TIMESTAMP = "2026-06-30T09:15:42.123Z";

    // Sorted: the document is the same on every start.
    private final Map<String, Example> examples = new ConcurrentSkipListMap<>();
    private final Map<String, Header> headers = new ConcurrentSkipListMap<>();

    /**
     * Adds the example {@code name} (a problem body) to the operation's response for {@code status},
     * creating the response (problem+json, schema Problem, {@code description}) if it has none.
     */
    public void example(
            Operation operation,
            HttpStatus status,
            String description,
            String name,
            String summary,
            String code,
            String detail,
            String instance,
            Map<String, List<String>> errors,
            Long retryAfter) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.TYPE_BASE + code.replace('_', '-'));
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", instance);
        body.put("code", code);
        body.put("timestamp", TIMESTAMP);
        if (errors != null) {
            body.put("errors", errors);
        }
        if (retryAfter != null) {
            body.put("retry_after", retryAfter);
        }
        // Operations share the example; its instance is the first of their paths in sorted order, so the
        // document does not depend on the order springdoc visits the handlers in.
        examples.merge(
                name,
                new Example().summary(summary).value(body),
                (old, fresh) -> instance(old).compareTo(instance(fresh)) <= 0 ? old : fresh);
        media(operation, status, description).addExamples(name, new Example().$ref("#/components/examples/" + name));
    }

    /** Documents a response header, a reusable component referenced by the response. */
    public void header(Operation operation, HttpStatus status, String name, String description, String type) {
        headers.putIfAbsent(
                name,
                new Header()
                        .description(description)
                        .schema(new Schema<>().type(type).types(Set.of(type))));
        var response = operation.getResponses().get(String.valueOf(status.value()));
        response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name));
    }

    @SuppressWarnings("unchecked")
    private static String instance(Example example) {
        return (String) ((Map<String, Object>) example.getValue()).get("instance");
    }

    /**
     * A request path of the route, as the problem's {@code instance} would show it: the path
     * template with the demo ids (acme, its admin, one of its devices) in place of the variables.
     */
    public static String instance(String template) {
        return template.replace("{companyId}", DEMO_COMPANY)
                .replace("{userId}", DEMO_USER)
                .replace("{deviceId}", "laptop-acme-2")
                .replace("{app}", "chrome")
                .replace("{erasureId}", DEMO_ERASURE);
    }

    /** The route's path template: the controller's mapping followed by the handler's. */
    public static String template(HandlerMethod handler) {
        return first(AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class))
                + first(AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class));
    }

    private static String first(RequestMapping mapping) {
        return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
    }

    private static MediaType media(Operation operation, HttpStatus status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        String key = String.valueOf(status.value());
        ApiResponse response = operation.getResponses().get(key);
        if (response == null) {
            response = new ApiResponse().description(description);
            operation.getResponses().addApiResponse(key, response);
        }
        if (response.getContent() == null) {
            response.setContent(new Content());
        }
        return response.getContent()
                .computeIfAbsent(
                        org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        k -> new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")));
    }

    Map<String, Example> examples() {
        return examples;
    }

    Map<String, Header> headers() {
        return headers;
    }
}
