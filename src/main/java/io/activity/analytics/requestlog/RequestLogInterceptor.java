package io.activity.analytics.requestlog;

import io.activity.analytics.audit.AuditEntry;
import io.activity.analytics.audit.AuditEntry.Outcome;
import io.activity.analytics.audit.AuditTrail;
import io.activity.analytics.security.AccessRefusal;
import io.activity.analytics.security.Caller;
import io.activity.analytics.usage.UsageEvent;
import io.activity.analytics.usage.UsageRecorder;
import io.activity.analytics.web.DataIngest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The one record of every request of a company route, taken once on completion with its final
 * status (Spring calls this callback whichever later step of the pipeline ended the request) and
 * told to the two places that keep it:
 *
 * <ul>
 *   <li>the company's usage ({@code usage_events}, read by insights): requests that passed its
 *       access check (a {@link Caller} exists), 429s and handler errors included. Requests the
 *       check refused are not its usage: anyone with a token could inflate its figures;
 *   <li>the company's audit trail (owners): every request that passed, except ingest batches
 *       ({@link DataIngest}, the company's traffic, not actions on it), as {@code allowed}, or
 *       {@code limited} for a 429; every attempt the access check refused on an existing company
 *       ({@link AccessRefusal}) as {@code denied}.
 * </ul>
 */
@Component
public class RequestLogInterceptor implements HandlerInterceptor {

    private static final String STARTED = RequestLogInterceptor.class.getName() + ".started";

    private final UsageRecorder usage;
    private final AuditTrail audit;

    RequestLogInterceptor(UsageRecorder usage, AuditTrail audit) {
        this.usage = usage;
        this.audit = audit;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(STARTED, System.nanoTime());
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(request.getAttribute(STARTED) instanceof Long started)) {
            return;
        }
        double durationMs = (System.nanoTime() - started) / 1_000_000.0;
        Instant at = Instant.now();
        Object template = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String route = template instanceof String s ? s : request.getRequestURI();
        String method = request.getMethod();
        int status = response.getStatus();
        if (request.getAttribute(Caller.class.getName()) instanceof Caller caller) {
            usage.record(new UsageEvent(
                    caller.companyId(), at, caller.userId(), caller.subject(), route, method, status, durationMs));
            if (!(handler instanceof HandlerMethod h && h.hasMethodAnnotation(DataIngest.class))) {
                Outcome outcome = status == HttpStatus.TOO_MANY_REQUESTS.value() ? Outcome.LIMITED : Outcome.ALLOWED;
                audit.record(new AuditEntry(
                        caller.companyId(),
                        at,
                        caller.userId(),
                        caller.subject(),
                        route,
                        method,
                        request.getQueryString(),
                        status,
                        outcome,
                        0));
            }
        } else if (request.getAttribute(AccessRefusal.ATTRIBUTE) instanceof AccessRefusal refusal) {
            audit.record(new AuditEntry(
                    refusal.companyId(),
                    at,
                    refusal.userId(),
                    refusal.subject(),
                    route,
                    method,
                    request.getQueryString(),
                    status,
                    Outcome.DENIED,
                    0));
        }
    }
}
