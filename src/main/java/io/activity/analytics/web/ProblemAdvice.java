package io.activity.analytics.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeanInstantiationException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.BindException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingPathVariableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/** Turns every exception a handler can throw into the contract's problem body. */
@RestControllerAdvice
public class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);
    static final long DATABASE_RETRY_SECONDS = 5;

    private final Problems problems;

    public ProblemAdvice(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Problem> api(ApiException e, HttpServletRequest request) {
        return respond(e.status(), e.code(), e.getMessage(), request, e.errors(), e.retryAfter());
    }

    @ExceptionHandler(BindException.class) // includes MethodArgumentNotValidException
    ResponseEntity<Problem> bind(BindException e, HttpServletRequest request) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            String message = error.contains(TypeMismatchException.class)
                    ? expected(error.unwrap(TypeMismatchException.class))
                    : error.getDefaultMessage();
            errors.computeIfAbsent(FieldNames.snake(error.getField()), k -> new ArrayList<>())
                    .add(message);
        }
        e.getBindingResult()
                .getGlobalErrors()
                .forEach(
                        error -> errors.computeIfAbsent(FieldNames.snake(error.getObjectName()), k -> new ArrayList<>())
                                .add(error.getDefaultMessage()));
        return validation(errors, request);
    }

    /**
     * A query record's compact constructor checks across fields and throws the contract's error;
     * Spring's binder hands it over wrapped.
     */
    @ExceptionHandler(BeanInstantiationException.class)
    ResponseEntity<Problem> construction(BeanInstantiationException e, HttpServletRequest request) {
        if (e.getCause() instanceof ApiException api) {
            return api(api, request);
        }
        return unexpected(e, request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Problem> methodValidation(HandlerMethodValidationException e, HttpServletRequest request) {
        Map<String, List<String>> errors = new LinkedHashMap<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            var requestParam = result.getMethodParameter()
                    .getParameterAnnotation(org.springframework.web.bind.annotation.RequestParam.class);
            if (requestParam != null && !requestParam.name().isEmpty()) {
                name = requestParam.name();
            }
            String field = FieldNames.snake(name);
            result.getResolvableErrors()
                    .forEach(error -> errors.computeIfAbsent(field, k -> new ArrayList<>())
                            .add(error.getDefaultMessage()));
        });
        return validation(errors, request);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Problem> missing(MissingServletRequestParameterException e, HttpServletRequest request) {
        return validation(Map.of(e.getParameterName(), List.of("is required")), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Problem> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return validation(Map.of(FieldNames.snake(e.getName()), List.of(expected(e))), request);
    }

    /** What the parser said was expected ({@link InvalidInput}), or a sentence from the type. */
    private static String expected(TypeMismatchException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof InvalidInput invalid) {
                return invalid.getMessage();
            }
        }
        return "must be a valid " + (e.getRequiredType() == null ? "value" : FieldNames.describe(e.getRequiredType()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        Throwable cause = e.getCause();
        while (cause != null) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return respond(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", tooLarge.getMessage(), request);
            }
            if (cause instanceof DatabindException databind
                    && !(cause instanceof tools.jackson.core.exc.StreamReadException)) {
                String field = FieldNames.path(databind.getPath());
                if (!field.isEmpty()) {
                    return validation(Map.of(field, List.of("has an invalid type or format")), request);
                }
            }
            if (cause instanceof JacksonException) {
                break;
            }
            cause = cause.getCause();
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return respond(HttpStatus.BAD_REQUEST, "invalid_json", "A JSON request body is required.", request);
        }
        return respond(HttpStatus.BAD_REQUEST, "invalid_json", "The request body is not valid JSON.", request);
    }

    /**
     * Tomcat parses parameters on first use and throws when it cannot: the filter refuses bad
     * encodings up front, so what is left here is mostly more parameters than Tomcat takes. The
     * client's mistake: a 400 naming the query, and no stack trace in the log.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Problem> invalidParameters(InvalidParameterException e, HttpServletRequest request) {
        log.debug("Refused the parameters of {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        return problems.entity(HostileRequestConfig.malformedQuery(problems, request.getRequestURI()));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Problem> tooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return respond(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", e.getMessage(), request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Problem> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return respond(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "The request body must be application/json.",
                request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Problem> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return respond(
                HttpStatus.NOT_ACCEPTABLE,
                "not_acceptable",
                "This resource cannot be represented in the requested media type.",
                request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Problem> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return respond(
                HttpStatus.METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method " + e.getMethod() + " is not allowed here.",
                request);
    }

    @ExceptionHandler({NoResourceFoundException.class, MissingPathVariableException.class})
    ResponseEntity<Problem> notFound(Exception e, HttpServletRequest request) {
        return respond(HttpStatus.NOT_FOUND, "not_found", "No such resource.", request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Problem> denied(AccessDeniedException e, HttpServletRequest request) {
        return respond(
                HttpStatus.FORBIDDEN, "permission_denied", "You do not have permission for this action.", request);
    }

    @ExceptionHandler({
        CannotGetJdbcConnectionException.class,
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        TransientDataAccessResourceException.class,
        QueryTimeoutException.class
    })
    ResponseEntity<Problem> databaseDown(Exception e, HttpServletRequest request) {
        log.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
        return respond(
                HttpStatus.SERVICE_UNAVAILABLE,
                "service_unavailable",
                "The database is unavailable; try again shortly.",
                request,
                null,
                DATABASE_RETRY_SECONDS);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> unexpected(Exception e, HttpServletRequest request) {
        if (FieldNames.isDatabaseDown(e)) {
            return databaseDown(e, request);
        }
        if (FieldNames.isOutOfRange(e)) {
            // The statement failed as a whole, so nothing of the request was written.
            log.warn("Value out of range on {} {}: {}", request.getMethod(), request.getRequestURI(), e.toString());
            return validation(
                    Map.of("body", List.of("would take a stored total beyond the largest value the service keeps")),
                    request);
        }
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "An unexpected error occurred.", request);
    }

    private ResponseEntity<Problem> validation(Map<String, List<String>> errors, HttpServletRequest request) {
        return respond(
                HttpStatus.BAD_REQUEST,
                "validation_error",
                ApiException.validationDetail(errors),
                request,
                errors,
                null);
    }

    private ResponseEntity<Problem> respond(HttpStatus status, String code, String detail, HttpServletRequest request) {
        return respond(status, code, detail, request, null, null);
    }

    private ResponseEntity<Problem> respond(
            HttpStatus status,
            String code,
            String detail,
            HttpServletRequest request,
            Map<String, List<String>> errors,
            Long retryAfter) {
        return problems.entity(problems.build(status, code, detail, request.getRequestURI(), errors, retryAfter));
    }
}
