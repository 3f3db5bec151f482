package io.activity.analytics.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet error page. Errors raised outside Spring MVC with {@code sendError} (the security
 * firewall refusing a path, a filter, the container) land here; they get the same problem body
 * as every other error instead of Spring Boot's default JSON.
 */
@Hidden
@RestController
class ErrorPageController implements ErrorController {

    private final Problems problems;

    ErrorPageController(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<Problem> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (status.value() == HttpStatus.PAYLOAD_TOO_LARGE.value()) {
            // resolve(413) is CONTENT_TOO_LARGE (RFC 9110's name); the service's 413s all say
            // "Payload Too Large" with code payload_too_large (docs/reference/errors.md).
            status = HttpStatus.PAYLOAD_TOO_LARGE;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri == null ? null : uri.toString();
        return problems.entity(
                switch (status) {
                    case BAD_REQUEST ->
                        problems.build(
                                status,
                                "validation_error",
                                "The request is malformed.",
                                instance,
                                Map.of("request", List.of("is malformed or contains characters that are not allowed")),
                                null);
                    case UNAUTHORIZED ->
                        problems.build(
                                status, "authentication_required", "A bearer token is required.", instance, null, null);
                    case FORBIDDEN ->
                        problems.build(
                                status,
                                "permission_denied",
                                "You do not have permission for this action.",
                                instance,
                                null,
                                null);
                    case NOT_FOUND -> problems.build(status, "not_found", "No such resource.", instance, null, null);
                    case METHOD_NOT_ALLOWED ->
                        problems.build(
                                status, "method_not_allowed", "The method is not allowed here.", instance, null, null);
                    case PAYLOAD_TOO_LARGE ->
                        problems.build(
                                status, "payload_too_large", "The request body is too large.", instance, null, null);
                    case UNSUPPORTED_MEDIA_TYPE ->
                        problems.build(
                                status,
                                "unsupported_media_type",
                                "The request body must be application/json.",
                                instance,
                                null,
                                null);
                    case SERVICE_UNAVAILABLE ->
                        problems.build(
                                status,
                                "service_unavailable",
                                "The service is unavailable; try again shortly.",
                                instance,
                                null,
                                ProblemAdvice.DATABASE_RETRY_SECONDS);
                    default ->
                        status.is4xxClientError()
                                ? problems.build(
                                        status,
                                        "invalid_request",
                                        "The request cannot be processed.",
                                        instance,
                                        null,
                                        null)
                                : problems.build(
                                        HttpStatus.INTERNAL_SERVER_ERROR,
                                        "internal_error",
                                        "An unexpected error occurred.",
                                        instance,
                                        null,
                                        null);
                });
    }
}
