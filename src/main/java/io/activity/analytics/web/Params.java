package io.activity.analytics.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Parses query parameters taken as strings, so every bad value becomes a 400 that names the
 * parameter exactly as the client sent it (snake_case) with a message saying what is expected.
 */
public final class Params {

    private Params() {}

    public static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.validation(field, "is required");
        }
        return value.trim();
    }

    public static LocalDate date(String field, String value) {
        String v = required(field, value);
        LocalDate date;
        try {
            date = LocalDate.parse(v);
        } catch (DateTimeException e) {
            throw ApiException.validation(field, "must be a date (YYYY-MM-DD)");
        }
        return inYears(field, date.getYear(), date);
    }

    public static LocalDate date(String field, String value, LocalDate fallback) {
        return value == null || value.isBlank() ? fallback : date(field, value);
    }

    public static YearMonth month(String field, String value) {
        String v = required(field, value);
        YearMonth month;
        try {
            month = YearMonth.parse(v);
        } catch (DateTimeException e) {
            throw ApiException.validation(field, "must be a month (YYYY-MM)");
        }
        return inYears(field, month.getYear(), month);
    }

    public static Instant instant(String field, String value) {
        String v = required(field, value);
        Instant instant;
        try {
            instant = Instant.parse(v);
        } catch (DateTimeException e) {
            throw ApiException.validation(field, "must be an ISO-8601 UTC instant such as 2026-01-15T14:30:00Z");
        }
        return inYears(
                field, LocalDate.ofInstant(instant, java.time.ZoneOffset.UTC).getYear(), instant);
    }

    /** Signed ISO years (+10000-01-01) parse, but are no time anyone has data for (nor PostgreSQL a date). */
    private static <T> T inYears(String field, int year, T value) {
        if (year < 1 || year > 9999) {
            throw ApiException.validation(field, "must lie in the years 0001 to 9999");
        }
        return value;
    }

    /** UNIX seconds between 1970 and 9999. */
    public static Instant epochSeconds(String field, String value) {
        long seconds = integer(field, value, 0, 253_402_300_799L);
        return Instant.ofEpochSecond(seconds);
    }

    public static long integer(String field, String value, long min, long max) {
        String v = required(field, value);
        long parsed;
        try {
            parsed = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.validation(field, "must be an integer between " + min + " and " + max);
        }
        if (parsed < min || parsed > max) {
            throw ApiException.validation(field, "must be an integer between " + min + " and " + max);
        }
        return parsed;
    }

    public static int integer(String field, String value, int fallback, int min, int max) {
        return value == null || value.isBlank() ? fallback : (int) integer(field, value, min, max);
    }

    /** An IANA zone name; offsets such as +05:30 are refused because they know no DST. */
    public static ZoneId zone(String field, String value, ZoneId fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.trim();
        if (!ZoneId.getAvailableZoneIds().contains(v)) {
            throw ApiException.validation(field, "must be an IANA time zone name such as Europe/Berlin");
        }
        return ZoneId.of(v);
    }

    public static UUID uuid(String field, String value) {
        String v = required(field, value);
        try {
            return CanonicalUuid.parse(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(field, "must be a UUID");
        }
    }

    /** One of the given choices (case-sensitive, as the contract lists them). */
    public static <T> T choice(String field, String value, Map<String, T> choices, T fallback) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw ApiException.validation(field, "is required; one of " + String.join(", ", choices.keySet()));
            }
            return fallback;
        }
        T chosen = choices.get(value.trim());
        if (chosen == null) {
            throw ApiException.validation(field, "must be one of " + String.join(", ", choices.keySet()));
        }
        return chosen;
    }

    /** from ≤ to and at most maxDays days inclusive; the message names the end field. */
    public static void range(String toField, LocalDate from, LocalDate to, long maxDays, String tooLong) {
        if (to.isBefore(from)) {
            throw ApiException.validation(toField, "must not be before the start of the range");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > maxDays) {
            throw ApiException.validation(toField, tooLong);
        }
    }

    public static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }
}
