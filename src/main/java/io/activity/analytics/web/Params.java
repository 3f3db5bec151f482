package io.activity.analytics.web;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.function.Function;

/**
 * The checks a bound query record makes in its compact constructor, once every value has its
 * type: presence, bounds and ranges. Each failure is a 400 naming the parameter as the client sent
 * it (snake_case).
 */
public final class Params {

    private Params() {}

    public static <T> T required(String field, T value) {
        if (value == null) {
            throw ApiException.validation(field, "is required");
        }
        return value;
    }

    /** A required choice: the message lists what may be sent. */
    public static <E extends Enum<E> & WireName> E required(String field, E value, Class<E> type) {
        if (value == null) {
            throw ApiException.validation(field, "is required; one of " + WireName.choices(type));
        }
        return value;
    }

    /**
     * A value whose type depends on another parameter, read as the binder would read it (blank is
     * absent; an unreadable one is a 400 naming the field).
     */
    public static <T> T parse(String field, String value, Function<String, T> format) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return format.apply(value);
        } catch (InvalidInput e) {
            throw ApiException.validation(field, e.getMessage());
        }
    }

    public static <T> T orDefault(T value, T fallback) {
        return value == null ? fallback : value;
    }

    public static long between(String field, Long value, long min, long max) {
        required(field, value);
        if (value < min || value > max) {
            throw ApiException.validation(field, "must be an integer between " + min + " and " + max);
        }
        return value;
    }

    public static int between(String field, Integer value, int fallback, int min, int max) {
        return value == null ? fallback : (int) between(field, (long) value, min, max);
    }

    /** Trimmed text of at most maxLength characters; blank is absent (null). */
    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength) {
            throw ApiException.validation(field, "must be at most " + maxLength + " characters");
        }
        return trimmed;
    }

    /** The last day of a range whose end defaults to today, checked like {@link #range}. */
    public static LocalDate lastDay(String toField, LocalDate from, LocalDate to, LocalDate today, long maxDays) {
        LocalDate last = orDefault(to, today);
        range(toField, from, last, maxDays);
        return last;
    }

    /** from ≤ to and at most maxDays days inclusive; the message names the end field. */
    public static void range(String toField, LocalDate from, LocalDate to, long maxDays) {
        if (to.isBefore(from)) {
            throw ApiException.validation(toField, "must not be before the start of the range");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            throw ApiException.validation(toField, "Date range cannot exceed " + maxDays + " days");
        }
    }
}
