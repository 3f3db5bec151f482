package io.activity.analytics.security;

import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.CanonicalUuid;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The one rule that decides access to every {@code /companies/{companyId}/…} route. A missing
 * company and a caller who is not an active member get the same 404, so nobody can probe which
 * companies exist. Runs before the rate limiter, which therefore only ever sees checked companies.
 *
 * <p>A service token is let in by the route's scope, or, if it holds {@link Caller#READ}, by any
 * read an admin may make ({@link Reads}). Outside the company tree only {@link UserAccess} routes
 * exist: a user token's {@link SignedInUser}, service tokens refused.
 */
@Component
public class CompanyAccessInterceptor implements HandlerInterceptor {

    public static final String COMPANY_VARIABLE = "companyId";

    static final String USER_TOKEN_ONLY = "This endpoint needs a user token.";

    private final MembershipLookup lookup;

    CompanyAccessInterceptor(MembershipLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String rawCompany = variables == null ? null : variables.get(COMPANY_VARIABLE);
        if (rawCompany == null) {
            if (!method.hasMethodAnnotation(UserAccess.class)) {
                // Fail closed: an /api/v2 route outside the company tree must say who may call it.
                throw ApiException.permissionDenied("This endpoint has no access rule.");
            }
            request.setAttribute(SignedInUser.class.getName(), signedInUser());
            return true;
        }
        CompanyAccess rule = method.getMethodAnnotation(CompanyAccess.class);
        if (rule == null) {
            // Fail closed: a company route without a declared rule is a programming error.
            throw ApiException.permissionDenied("This endpoint has no access rule.");
        }
        UUID companyId = parseCompany(rawCompany);
        var jwt = token().getToken();
        Set<String> scopes = Caller.scopes(jwt);
        Caller caller = scopes.isEmpty()
                ? userCaller(request, rule, companyId, CanonicalUuid.parse(jwt.getSubject())) // checked at decoding
                : serviceCaller(
                        request,
                        rule,
                        Reads.isRead(request, method),
                        companyId,
                        jwt.getSubject(),
                        scopes,
                        jwt.getClaimAsString("company_id"));
        request.setAttribute(Caller.class.getName(), caller);
        return true;
    }

    private static JwtAuthenticationToken token() {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "authentication_required", "A bearer token is required.");
        }
        return token;
    }

    /** A {@link UserAccess} route: the user of a user token; any service token is refused. */
    private static SignedInUser signedInUser() {
        var jwt = token().getToken();
        if (!Caller.scopes(jwt).isEmpty()) {
            throw ApiException.permissionDenied(USER_TOKEN_ONLY);
        }
        return new SignedInUser(CanonicalUuid.parse(jwt.getSubject())); // checked at decoding
    }

    private Caller userCaller(HttpServletRequest request, CompanyAccess rule, UUID companyId, UUID userId) {
        var membership = lookup.membership(companyId, userId);
        if (membership.isEmpty()) {
            throw ApiException.companyNotFound();
        }
        var refusal = new AccessRefusal(companyId, userId, userId.toString());
        if (!membership.get().active()) {
            throw refuse(request, refusal, ApiException.companyNotFound());
        }
        Role required = rule.role().toRole();
        if (required == null) {
            throw refuse(request, refusal, ApiException.permissionDenied(serviceTokenOnly(rule)));
        }
        Role role = membership.get().role();
        if (!role.atLeast(required)) {
            throw refuse(request, refusal, ApiException.permissionDenied(roleMissing(required)));
        }
        return new Caller(companyId, membership.get().zone(), userId, role, userId.toString(), Set.of());
    }

    private Caller serviceCaller(
            HttpServletRequest request,
            CompanyAccess rule,
            boolean read,
            UUID companyId,
            String subject,
            Set<String> scopes,
            String boundCompany) {
        var zone = lookup.companyZone(companyId);
        var refusal = new AccessRefusal(companyId, null, subject);
        // The claim is canonical (JwtDecoderConfig refuses the token otherwise).
        if (boundCompany != null && !CanonicalUuid.parse(boundCompany).equals(companyId)) {
            throw zone.isEmpty()
                    ? ApiException.companyNotFound()
                    : refuse(request, refusal, ApiException.companyNotFound());
        }
        boolean readable = Reads.readTokenMay(read, rule); // a read an admin may make
        boolean byScope = !rule.scope().isEmpty() && scopes.contains(rule.scope());
        if (!byScope && !(readable && scopes.contains(Caller.READ))) {
            var denied = ApiException.permissionDenied(scopeMissing(rule, read));
            throw zone.isEmpty() ? denied : refuse(request, refusal, denied);
        }
        if (zone.isEmpty() && !rule.companyMayBeMissing()) {
            throw ApiException.companyNotFound();
        }
        return new Caller(companyId, zone.orElse(null), null, null, subject, scopes);
    }

    // The refusals' details, shared with AccessDocs so the documented 403 examples are these words.

    /** A user token on a route only service tokens may call (role NONE). */
    static String serviceTokenOnly(CompanyAccess rule) {
        return "This endpoint needs a service token with scope " + rule.scope() + ".";
    }

    /** A member whose role is below the route's. */
    static String roleMissing(Role required) {
        return "This endpoint needs the " + required.value() + " role.";
    }

    /** A service token with neither the route's scope nor, on a read an admin may make, analytics:read. */
    static String scopeMissing(CompanyAccess rule, boolean read) {
        List<String> accepted = new ArrayList<>();
        if (!rule.scope().isEmpty()) accepted.add(rule.scope());
        if (Reads.readTokenMay(read, rule)) accepted.add(Caller.READ);
        return accepted.isEmpty()
                ? "This endpoint needs a member's token."
                : "This endpoint needs a token with scope " + String.join(" or ", accepted) + ".";
    }

    /** Notes the refusal for the audit trail of the (existing) company, then lets it be thrown. */
    private static ApiException refuse(HttpServletRequest request, AccessRefusal refusal, ApiException e) {
        request.setAttribute(AccessRefusal.ATTRIBUTE, refusal);
        return e;
    }

    private static UUID parseCompany(String raw) {
        try {
            return CanonicalUuid.parse(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.companyNotFound(); // no company has a malformed or non-canonical id
        }
    }
}
