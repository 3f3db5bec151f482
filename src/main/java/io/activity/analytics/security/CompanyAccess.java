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
 *
 * <p>Read-only service tokens ({@link Caller#READ}) need no declaration of their own: they may call
 * every <em>read</em> that an admin may call, that is a read ({@link Reads}) whose role is
 * {@link Access#MEMBER} or {@link Access#ADMIN}. Owner-only reads (the audit log) and every write
 * stay closed to them.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CompanyAccess {

    Access role() default Access.NONE;

    String scope() default "";

    /** True only for the route that creates the company. */
    boolean companyMayBeMissing() default false;

    /**
     * True for a handler that only reads the company's data although it is not a GET (a POST whose
     * body is a query, {@code POST …/query}): it then counts against the read limit like a GET, and
     * read-only service tokens may call it if an admin may. Every GET and HEAD is a read anyway.
     */
    boolean read() default false;

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
