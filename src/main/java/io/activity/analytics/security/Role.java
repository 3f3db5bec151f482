package io.activity.analytics.security;

import java.util.Locale;

/** Member roles, ranked: each role can do everything the roles before it can. */
public enum Role {
    MEMBER,
    ADMIN,
    OWNER;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String value) {
        return Role.valueOf(value.toUpperCase(Locale.ROOT));
    }
}
