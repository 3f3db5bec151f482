package io.activity.analytics.audit;

import io.activity.analytics.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records every GET of a company route that passed the access check (only then is there a
 * {@link Caller}), with its final status — including reads the rate limiter refused and reads
 * answered from the cache, since this runs before both and Spring calls its completion callback
 * whichever of them ends the request.
 */
@Component
class AuditInterceptor implements HandlerInterceptor {

    private final AuditRecorder recorder;
    private final AuditProperties properties;

    AuditInterceptor(AuditRecorder recorder, AuditProperties properties) {
        this.recorder = recorder;
        this.properties = properties;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!properties.enabled()
                || !"GET".equals(request.getMethod())
                || !(request.getAttribute(Caller.class.getName()) instanceof Caller caller)) {
            return;
        }
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        recorder.record(new AuditEntry(
                caller.companyId(),
                Instant.now(),
                caller.userId(),
                caller.subject(),
                route instanceof String s ? s : request.getRequestURI(),
                request.getMethod(),
                request.getQueryString(),
                response.getStatus()));
    }
}
