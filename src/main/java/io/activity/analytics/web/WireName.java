package io.activity.analytics.web;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum the API spells its own way ("daily", "activity-count", "-last_active"). Query values
 * bind to it by that spelling only (case-sensitive, as the contract lists them), never by the
 * Java constant's name, and a wrong one is a 400 listing the choices.
 */
public interface WireName {

    /** By default the constant's name in lower case ("DAILY" is "daily"). */
    default String wireName() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT);
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (((WireName) constant).wireName().equals(value)) {
                return constant;
            }
        }
        throw new InvalidInput("must be one of " + choices(type));
    }

    static String choices(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> ((WireName) c).wireName())
                .collect(Collectors.joining(", "));
    }
}
