package io.activity.analytics.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a GET handler whose response may be served from the response cache for at most
 * {@link #seconds()} (and told to clients as {@code max-age}), when that is shorter than the
 * cache's configured TTL. For answers about "now" that must not go stale for two minutes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ResponseCacheMaxAge {

    /** The longest time, in seconds (at least 1), an answer of this handler is reused. */
    long seconds();
}
