package io.activity.analytics.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a {@code /companies/{company_id}/…} handler. Every such handler must carry it
 * (the interceptor refuses one that does not), so a new endpoint cannot forget the check.
 *
 * <p>{@link #role()}: the least role an active member needs (null-like {@link Access#NONE}: users
 * may not call it). {@link #scope()}: the service scope that also grants access ("" = none).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CompanyAccess {

    Access role() default Access.NONE;

    String scope() default "";

    /** True only for the route that creates the company. */
    boolean companyMayBeMissing() default false;

    enum Access {
        NONE,
        MEMBER,
        ADMIN,
        OWNER;

        Role toRole() {
            return this == NONE ? null : Role.valueOf(name());
        }
    }
}
