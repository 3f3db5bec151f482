package io.activity.analytics.ingest;

import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.CanonicalUuid;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of a JSON body by hand and collects every problem under the name the client
 * sent ({@code heartbeats[3].generated_at}), so one response lists all bad fields of a batch and
 * nothing is written until all are good. Types are strict: a count of {@code "3"} or {@code 1.5}
 * is refused rather than coerced.
 */
final class Fields {

    /** Enough to fix a batch, small enough that a 1000-item garbage batch gets a short answer. */
    private static final int MAX_REPORTED = 50;

    private final Map<String, List<String>> errors = new LinkedHashMap<>();

    void add(String field, String message) {
        if (errors.size() < MAX_REPORTED || errors.containsKey(field)) {
            errors.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
        }
    }

    boolean ok() {
        return errors.isEmpty();
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private static JsonNode value(JsonNode object, String name) {
        JsonNode node = object.get(name);
        return node == null || node.isNull() ? null : node;
    }

    UUID uuid(JsonNode object, String prefix, String name) {
        return uuid(object, prefix, name, true);
    }

    /** A UUID in canonical form; null when absent and optional. */
    UUID uuid(JsonNode object, String prefix, String name, boolean required) {
        JsonNode node = value(object, name);
        String field = prefix + name;
        if (node == null) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (node.isString() && CanonicalUuid.isCanonical(node.asString())) {
            return CanonicalUuid.parse(node.asString());
        }
        add(field, "must be a UUID");
        return null;
    }

    /** A non-blank string of at most maxLength characters; null when absent and optional. */
    String string(JsonNode object, String prefix, String name, boolean required, int maxLength) {
        JsonNode node = value(object, name);
        String field = prefix + name;
        if (node == null) {
            if (required) {
                add(field, "is required");
            }
            return null;
        }
        if (!node.isString()) {
            add(field, "must be a string");
            return null;
        }
        String text = node.asString();
        if (required && text.isBlank()) {
            add(field, "must not be blank");
            return null;
        }
        if (text.length() > maxLength) {
            add(field, "must be at most " + maxLength + " characters");
            return null;
        }
        if (text.indexOf('\0') >= 0) { // PostgreSQL cannot store NUL in text: a 400, not a 500
            add(field, "must not contain NUL characters");
            return null;
        }
        return text;
    }

    /**
     * An ISO-8601 instant within [earliest, latest]; the fallback when absent (null fallback =
     * required). Microseconds are what PostgreSQL keeps, so finer digits are dropped here.
     */
    Instant instant(JsonNode object, String prefix, String name, Instant earliest, Instant latest, Instant fallback) {
        JsonNode node = value(object, name);
        String field = prefix + name;
        if (node == null) {
            if (fallback == null) {
                add(field, "is required");
            }
            return fallback;
        }
        Instant at;
        try {
            at = node.isString() ? Instant.parse(node.asString()) : null;
        } catch (DateTimeException e) {
            at = null;
        }
        if (at == null) {
            add(field, "must be an ISO-8601 UTC instant such as 2026-01-15T14:30:00Z");
            return null;
        }
        at = at.truncatedTo(ChronoUnit.MICROS);
        if (at.isAfter(latest)) {
            add(
                    field,
                    "must not be later than " + latest.truncatedTo(ChronoUnit.SECONDS) + " (the allowed clock skew)");
            return null;
        }
        if (at.isBefore(earliest)) {
            add(
                    field,
                    "must not be older than the retention period (" + earliest.truncatedTo(ChronoUnit.SECONDS) + ")");
            return null;
        }
        return at;
    }

    /** An integer in [0, max]; the fallback when absent. */
    long integer(JsonNode object, String prefix, String name, long max, long fallback) {
        JsonNode node = value(object, name);
        String field = prefix + name;
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0 || node.asLong() > max) {
            add(field, "must be an integer between 0 and " + max);
            return -1;
        }
        return node.asLong();
    }
}
