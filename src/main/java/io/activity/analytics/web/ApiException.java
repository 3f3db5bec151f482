package io.activity.analytics.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** An error of the contract: the status, the machine-readable code and a human sentence. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, List<String>> errors;
    private final Long retryAfter;

    public ApiException(HttpStatus status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ApiException(HttpStatus status, String code, String detail, Map<String, List<String>> errors) {
        this(status, code, detail, errors, null);
    }

    private ApiException(
            HttpStatus status, String code, String detail, Map<String, List<String>> errors, Long retryAfter) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
        this.retryAfter = retryAfter;
    }

    /** A 429: the problem body gets {@code retry_after} and the response a {@code Retry-After}. */
    public static ApiException rateLimited(String detail, long retryAfterSeconds) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_exceeded", detail, null, retryAfterSeconds);
    }

    public static ApiException validation(String field, String message) {
        return new ApiException(
                HttpStatus.BAD_REQUEST, "validation_error", field + ": " + message, Map.of(field, List.of(message)));
    }

    /** A 400 listing every bad field; the detail names them in order. */
    public static ApiException validation(Map<String, List<String>> errors) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation_error", validationDetail(errors), errors);
    }

    public static String validationDetail(Map<String, List<String>> errors) {
        return errors.isEmpty()
                ? "The request is invalid."
                : "Invalid value for " + String.join(", ", errors.keySet()) + ".";
    }

    public static ApiException companyNotFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "company_not_found", "Company not found.");
    }

    public static ApiException userNotFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "user_not_found", "User not found in this company.");
    }

    public static ApiException permissionDenied(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "permission_denied", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, List<String>> errors() {
        return errors;
    }

    public Long retryAfter() {
        return retryAfter;
    }
}
