package io.activity.analytics.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem body with the contract's extra members. Written as our own record rather
 * than Spring's ProblemDetail so the JSON is exactly the contract's, whatever the JSON library.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        Instant timestamp,
        Map<String, List<String>> errors,
        Long retryAfter) {}
