package io.activity.analytics.audit;

import io.activity.analytics.audit.AuditEntry.Outcome;
import io.activity.analytics.security.AccessRefusal;
import io.activity.analytics.security.Caller;
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
 * Records, for the company's owners, every request of its routes that passed the access check —
 * reads, and every write except ingest batches ({@link DataIngest}) — and every attempt refused on
 * one of its routes: by the access check (a non-member's 404, a missing role's or scope's 403) or
 * by the rate limiter (429). Refusals go through the {@link RefusalSampler}, so a flood of them
 * cannot grow the table without bound. Registered before the access check: Spring calls this
 * completion callback whichever later step ended the request, with its final status.
 */
@Component
public class AuditInterceptor implements HandlerInterceptor {

    static final String CUT_MARK = "…(cut)";

    private final AuditRecorder recorder;
    private final AuditProperties properties;
    private final RefusalSampler sampler;

    AuditInterceptor(AuditRecorder recorder, AuditProperties properties) {
        this.recorder = recorder;
        this.properties = properties;
        this.sampler = new RefusalSampler(
                properties.refusalsPerWindow(), properties.refusalWindow().toMillis());
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!properties.enabled()) {
            return;
        }
        AuditEntry entry = entry(request, response.getStatus(), handler);
        if (entry == null) {
            return;
        }
        if (!entry.refused()) {
            recorder.record(entry);
            return;
        }
        sampler.admit(entry, System.currentTimeMillis()).forEach(recorder::record);
    }

    /** Writes the summaries of refusal floods whose window has ended (called on a schedule). */
    void closeEndedWindows(long nowMillis) {
        sampler.closeEnded(nowMillis).forEach(recorder::record);
    }

    private AuditEntry entry(HttpServletRequest request, int status, Object handler) {
        if (request.getAttribute(Caller.class.getName()) instanceof Caller caller) {
            boolean read = "GET".equals(request.getMethod());
            if (!read && handler instanceof HandlerMethod method && method.hasMethodAnnotation(DataIngest.class)) {
                return null;
            }
            Outcome outcome = status == HttpStatus.TOO_MANY_REQUESTS.value() ? Outcome.LIMITED : Outcome.ALLOWED;
            return entry(request, status, caller.companyId(), caller.userId(), caller.subject(), outcome);
        }
        if (request.getAttribute(AccessRefusal.ATTRIBUTE) instanceof AccessRefusal refusal) {
            return entry(request, status, refusal.companyId(), refusal.userId(), refusal.subject(), Outcome.DENIED);
        }
        return null; // not a company route, or a company that does not exist
    }

    private AuditEntry entry(
            HttpServletRequest request,
            int status,
            java.util.UUID company,
            java.util.UUID user,
            String subject,
            Outcome outcome) {
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return new AuditEntry(
                company,
                Instant.now(),
                user,
                subject,
                route instanceof String s ? s : request.getRequestURI(),
                request.getMethod(),
                cap(request.getQueryString(), properties.maxQueryLength()),
                status,
                outcome,
                0);
    }

    /** A query string longer than the cap is stored cut, and says so. */
    static String cap(String query, int max) {
        if (query == null || query.length() <= max) {
            return query;
        }
        return query.substring(0, max) + CUT_MARK;
    }
}
