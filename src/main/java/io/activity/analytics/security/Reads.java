package io.activity.analytics.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;

/**
 * What counts as a read of a company: every GET and HEAD, and a handler declared
 * {@link CompanyAccess#read()} (a query sent as a POST body). One definition for the access check
 * (read-only tokens) and the rate limiter (the read limit), so the two can never disagree.
 */
public final class Reads {

    private Reads() {}

    public static boolean isRead(HttpServletRequest request, Object handler) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return true;
        }
        if (!(handler instanceof HandlerMethod h)) {
            return false;
        }
        CompanyAccess rule = h.getMethodAnnotation(CompanyAccess.class);
        return rule != null && rule.read();
    }

    /**
     * The same rule for a handler on its own (the OpenAPI document, which has no request): a
     * handler mapped to GET, or declared {@link CompanyAccess#read()}.
     */
    public static boolean isRead(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        if (mapping != null && Arrays.asList(mapping.method()).contains(RequestMethod.GET)) {
            return true;
        }
        CompanyAccess rule = handler.getMethodAnnotation(CompanyAccess.class);
        return rule != null && rule.read();
    }

    /** Whether a read-only token ({@link Caller#READ}) may make this call: a read an admin may make. */
    static boolean readTokenMay(boolean read, CompanyAccess rule) {
        Role role = rule.role().toRole();
        return read && role != null && Role.ADMIN.atLeast(role);
    }
}
