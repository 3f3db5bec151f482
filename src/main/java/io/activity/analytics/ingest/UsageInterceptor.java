package io.activity.analytics.ingest;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccessInterceptor;
import io.activity.analytics.web.CanonicalUuid;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Turns every authenticated request of a company route into a usage event. Registered before the
 * company access check, so refused requests (403, 404, 429) are recorded too, with their final
 * status: Spring calls this completion callback after the error body was resolved.
 */
@Component
class UsageInterceptor implements HandlerInterceptor {

    private static final String STARTED = UsageInterceptor.class.getName() + ".started";

    private final UsageRecorder recorder;
    private final UsageProperties properties;

    UsageInterceptor(UsageRecorder recorder, UsageProperties properties) {
        this.recorder = recorder;
        this.properties = properties;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(STARTED, System.nanoTime());
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!properties.enabled()
                || !(request.getAttribute(STARTED) instanceof Long started)
                || !(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            return;
        }
        UUID company = company(request);
        if (company == null) {
            return;
        }
        double durationMs = (System.nanoTime() - started) / 1_000_000.0;
        String subject = token.getToken().getSubject();
        UUID userId = null;
        if (request.getAttribute(Caller.class.getName()) instanceof Caller caller) {
            userId = caller.userId();
        } else if (!token.getToken().hasClaim("scope") && !token.getToken().hasClaim("scp")) {
            userId = uuid(subject); // a user token refused by the access check
        }
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        recorder.record(new UsageEvent(
                company,
                Instant.now(),
                userId,
                subject,
                route instanceof String s ? s : request.getRequestURI(),
                request.getMethod(),
                response.getStatus(),
                durationMs));
    }

    private static UUID company(HttpServletRequest request) {
        @SuppressWarnings("unchecked")
        Map<String, String> variables =
                (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables == null ? null : uuid(variables.get(CompanyAccessInterceptor.COMPANY_VARIABLE));
    }

    private static UUID uuid(String value) {
        return CanonicalUuid.isCanonical(value) ? CanonicalUuid.parse(value) : null;
    }
}
