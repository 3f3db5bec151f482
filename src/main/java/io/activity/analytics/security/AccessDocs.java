package io.activity.analytics.security;

import io.activity.analytics.web.ProblemDocs;
import io.swagger.v3.oas.models.Operation;
import java.util.Locale;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Documents every operation's access rule from the rule itself ({@link CompanyAccess},
 * {@link UserAccess}), so no operation's text has to remember it and none can say it wrongly: the
 * note that a read-only service token may call it ({@link Reads}), and the 401, 403 and 404
 * responses with the problem bodies the access check sends for it (the 403 details are the
 * interceptor's own sentences for this rule).
 */
@Configuration(proxyBeanMethods = false)
class AccessDocs {

    static final String READ_TOKEN_NOTE = " Also open to a service token with scope analytics:read (read-only; with a"
            + " company_id claim, that company only).";

    private static final String UNAUTHORIZED = "authentication_required (no token) or invalid_token";
    private static final String FORBIDDEN = "permission_denied: the member lacks the role or the token the scope";
    private static final String NOT_FOUND = "company_not_found: a missing company and a company the caller is not an"
            + " active member of look the same";

    @Bean
    OperationCustomizer accessResponses(ProblemDocs problems) {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(UserAccess.class)) {
                unauthorized(problems, operation, ProblemDocs.instance(ProblemDocs.template(handler)));
                problems.example(
                        operation,
                        HttpStatus.FORBIDDEN,
                        "permission_denied: a service token (the route is for user tokens only)",
                        "permission_denied_user_token_only",
                        "A service token on a route for user tokens",
                        "permission_denied",
                        CompanyAccessInterceptor.USER_TOKEN_ONLY,
                        ProblemDocs.instance(ProblemDocs.template(handler)),
                        null,
                        null);
                return operation;
            }
            CompanyAccess rule = handler.getMethodAnnotation(CompanyAccess.class);
            if (rule == null) {
                return operation;
            }
            boolean read = Reads.isRead(handler);
            if (Reads.readTokenMay(read, rule)) {
                String description = operation.getDescription() == null ? "" : operation.getDescription();
                operation.setDescription(description + READ_TOKEN_NOTE);
            }
            String instance = ProblemDocs.instance(ProblemDocs.template(handler));
            unauthorized(problems, operation, instance);
            Role role = rule.role().toRole();
            if (role == null) {
                problems.example(
                        operation,
                        HttpStatus.FORBIDDEN,
                        FORBIDDEN,
                        "permission_denied_service_token_only_" + slug(rule.scope()),
                        "A member's token on a route for service tokens with scope " + rule.scope(),
                        "permission_denied",
                        CompanyAccessInterceptor.serviceTokenOnly(rule),
                        instance,
                        null,
                        null);
            } else if (role != Role.MEMBER) {
                problems.example(
                        operation,
                        HttpStatus.FORBIDDEN,
                        FORBIDDEN,
                        "permission_denied_role_" + role.value(),
                        "A member below the " + role.value() + " role",
                        "permission_denied",
                        CompanyAccessInterceptor.roleMissing(role),
                        instance,
                        null,
                        null);
            }
            String scopeMissing = CompanyAccessInterceptor.scopeMissing(rule, read);
            problems.example(
                    operation,
                    HttpStatus.FORBIDDEN,
                    FORBIDDEN,
                    "permission_denied_scope_" + slug(scopeMissing.replace("This endpoint needs a ", "")),
                    "A service token without the scope",
                    "permission_denied",
                    scopeMissing,
                    instance,
                    null,
                    null);
            problems.example(
                    operation,
                    HttpStatus.NOT_FOUND,
                    NOT_FOUND,
                    "company_not_found",
                    "A missing company, or one the caller is not an active member of",
                    "company_not_found",
                    "Company not found.",
                    instance,
                    null,
                    null);
            return operation;
        };
    }

    private static void unauthorized(ProblemDocs problems, Operation operation, String instance) {
        problems.example(
                operation,
                HttpStatus.UNAUTHORIZED,
                UNAUTHORIZED,
                "authentication_required",
                "No bearer token (the response has WWW-Authenticate: Bearer)",
                "authentication_required",
                "A bearer token is required.",
                instance,
                null,
                null);
        problems.example(
                operation,
                HttpStatus.UNAUTHORIZED,
                UNAUTHORIZED,
                "invalid_token",
                "An expired token (or a bad signature, algorithm or claim; the detail says which)",
                "invalid_token",
                "The bearer token has expired.",
                instance,
                null,
                null);
    }

    /** A component name from a scope or sentence: analytics:read → analytics_read. */
    private static String slug(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
