package io.activity.analytics.usage;

import io.activity.analytics.security.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Turns every request of a company route that passed the company's access check (only then is
 * there a {@link Caller}) into a usage event of that company, with its final status (429 and
 * handler errors included): Spring calls this completion callback after the error body was
 * resolved. Requests the access check refused are not the company's usage — anyone with a token
 * could otherwise inflate another company's figures; they go to its audit trail instead.
 */
@Component
public class UsageInterceptor implements HandlerInterceptor {

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
                || !(request.getAttribute(Caller.class.getName()) instanceof Caller caller)) {
            return;
        }
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        recorder.record(new UsageEvent(
                caller.companyId(),
                Instant.now(),
                caller.userId(),
                caller.subject(),
                route instanceof String s ? s : request.getRequestURI(),
                request.getMethod(),
                response.getStatus(),
                (System.nanoTime() - started) / 1_000_000.0));
    }
}
