package io.activity.analytics.web;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * How the API reads a value of each type from a query or path: ISO dates and months, UTC instants,
 * IANA zone names, canonical UUIDs. {@link InputBinding} makes Spring's binder use these for every
 * parameter of such a type, so a handler receives typed values or the request is a 400 naming the
 * parameter with the message thrown here.
 */
public final class InputFormats {

    private InputFormats() {}

    public static LocalDate date(String value) {
        try {
            return inYears(LocalDate.parse(value.trim()), LocalDate::getYear);
        } catch (DateTimeException e) {
            throw new InvalidInput("must be a date (YYYY-MM-DD)");
        }
    }

    public static YearMonth month(String value) {
        try {
            return inYears(YearMonth.parse(value.trim()), YearMonth::getYear);
        } catch (DateTimeException e) {
            throw new InvalidInput("must be a month (YYYY-MM)");
        }
    }

    public static Instant instant(String value) {
        try {
            return inYears(
                    Instant.parse(value.trim()),
                    i -> LocalDate.ofInstant(i, ZoneOffset.UTC).getYear());
        } catch (DateTimeException e) {
            throw new InvalidInput("must be an ISO-8601 UTC instant such as 2026-01-15T14:30:00Z");
        }
    }

    /** An IANA zone name; offsets such as +05:30 are refused because they know no DST. */
    public static ZoneId zone(String value) {
        String name = value.trim();
        if (!ZoneId.getAvailableZoneIds().contains(name)) {
            throw new InvalidInput("must be an IANA time zone name such as Europe/Berlin");
        }
        return ZoneId.of(name);
    }

    /** Exactly the 8-4-4-4-12 hex form, untrimmed: an id is compared, not read loosely. */
    public static UUID uuid(String value) {
        try {
            return CanonicalUuid.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("must be a UUID");
        }
    }

    /** Signed ISO years (+10000-01-01) parse, but are no time anyone has data for (nor PostgreSQL a date). */
    private static <T> T inYears(T value, java.util.function.ToIntFunction<T> year) {
        int y = year.applyAsInt(value);
        if (y < 1 || y > 9999) {
            throw new InvalidInput("must lie in the years 0001 to 9999");
        }
        return value;
    }
}
