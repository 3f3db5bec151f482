package io.activity.analytics.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The one place that builds problem bodies: the controller advice and the filters that run
 * before Spring MVC (security, body size, rate limit) all go through it, so every error looks
 * the same.
 */
@Component
public class Problems {

    public static final String TYPE_BASE = "https://activity-analytics.dev/problems/";

    private final ObjectMapper json;
    private final Clock clock;

    public Problems(ObjectMapper json) {
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    public Problem build(
            HttpStatus status,
            String code,
            String detail,
            String instance,
            Map<String, List<String>> errors,
            Long retryAfter) {
        return new Problem(
                TYPE_BASE + code.replace('_', '-'),
                status.getReasonPhrase(),
                status.value(),
                detail,
                instance,
                code,
                Instant.now(clock).truncatedTo(ChronoUnit.MILLIS),
                errors,
                retryAfter);
    }

    public ResponseEntity<Problem> entity(Problem problem) {
        var builder = ResponseEntity.status(problem.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.retryAfter() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfter()));
        }
        return builder.body(problem);
    }

    /** For filters outside Spring MVC: writes the body straight to the servlet response. */
    public void write(HttpServletRequest request, HttpServletResponse response, Problem problem) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(problem.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (problem.retryAfter() != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(problem.retryAfter()));
        }
        json.writeValue(response.getOutputStream(), problem);
    }

    public void write(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code, String detail)
            throws IOException {
        write(request, response, build(status, code, detail, request.getRequestURI(), null, null));
    }
}
