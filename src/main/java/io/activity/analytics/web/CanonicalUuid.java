package io.activity.analytics.web;

import java.util.UUID;

/**
 * The one way an id is read from text: only the canonical 36-character form, 8-4-4-4-12 hex digits
 * (either case), which is what {@link UUID#toString()} writes. {@link UUID#fromString} alone is
 * lenient: it also reads {@code 1-1-1-1-1}, {@code aaaaaaaa-0-4000-8000-a} or {@code +0000000-…}
 * as some id, so one company or user had many spellings in paths, token subjects and bodies.
 */
public final class CanonicalUuid {

    private CanonicalUuid() {}

    /** The id; IllegalArgumentException when the text is not a UUID in canonical form. */
    public static UUID parse(String text) {
        if (text == null || text.length() != 36) {
            throw new IllegalArgumentException("Not a canonical UUID (8-4-4-4-12 hex digits)");
        }
        UUID uuid = UUID.fromString(text);
        // Canonical exactly when it prints back as given (hex case aside): no signs, no short groups.
        if (!uuid.toString().equalsIgnoreCase(text)) {
            throw new IllegalArgumentException("Not a canonical UUID (8-4-4-4-12 hex digits)");
        }
        return uuid;
    }

    public static boolean isCanonical(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
