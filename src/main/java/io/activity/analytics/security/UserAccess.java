package io.activity.analytics.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The access rule of a handler under {@code /api/v2} outside the company tree that is about the
 * signed-in user themself ({@code GET /api/v2/me/companies}): only a user token may call it; a
 * service token is refused with 403 {@code permission_denied}. The handler takes a
 * {@link SignedInUser}. An {@code /api/v2} handler with neither this nor a company in its path is
 * refused (fail closed), so a new route outside the company tree cannot forget its rule either.
 *
 * <p>Such a route is no company's request: no company's rate limit, usage or audit trail, and no
 * response cache (those steps of the pipeline only run under {@code /api/v2/companies/}).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface UserAccess {}
