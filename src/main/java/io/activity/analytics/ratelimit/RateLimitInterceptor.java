package io.activity.analytics.ratelimit;

import io.activity.analytics.security.Caller;
import io.activity.analytics.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Applies the read limit to every GET of a company route and the ingest limit to the ingest
 * POSTs. Registered after the company access check, so the key is always the checked company of
 * the path (the {@link Caller}), never anything a client can choose, and unknown or foreign
 * companies are refused before they can use up anyone's quota.
 */
@Component
class RateLimitInterceptor implements HandlerInterceptor {

    private final ReadLimiter reads;
    private final IngestLimiter ingests;
    private final RateLimitProperties properties;
    private final Problems problems;
    private final MeterRegistry meters;
    private final AntPathMatcher matcher = new AntPathMatcher();
    private final ConcurrentHashMap<String, Boolean> ingestRoutes = new ConcurrentHashMap<>();

    RateLimitInterceptor(
            ReadLimiter reads,
            IngestLimiter ingests,
            RateLimitProperties properties,
            Problems problems,
            MeterRegistry meters) {
        this.reads = reads;
        this.ingests = ingests;
        this.properties = properties;
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!(request.getAttribute(Caller.class.getName()) instanceof Caller caller)) {
            return true; // not a company route
        }
        Decision decision;
        String method = request.getMethod();
        if (properties.read().enabled() && ("GET".equals(method) || "HEAD".equals(method))) {
            decision = reads.acquire(caller.companyId(), caller.subject());
        } else if (properties.ingest().enabled() && "POST".equals(method) && isIngest(request)) {
            decision = ingests.acquire(caller.companyId());
        } else {
            return true;
        }
        headers(response, decision);
        if (decision.admitted()) {
            return true;
        }
        // By limit only: a metric never names a company (tenant ids stay out of the metrics
        // store); for reads, the access audit log records each 429 with its company.
        meters.counter(
                        "analytics.ratelimit.refused",
                        "limit",
                        decision.policy().equals(IngestLimiter.POLICY) ? "ingest" : "read")
                .increment();
        problems.write(
                request,
                response,
                problems.build(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate_limit_exceeded",
                        "Rate limit of " + decision.limit() + " requests per " + decision.windowSeconds()
                                + " s "
                                + (decision.policy().equals(ReadLimiter.CALLER_POLICY)
                                        ? "for one caller within this company"
                                        : "for this company")
                                + " exceeded; retry after " + decision.retryAfterSeconds()
                                + " s.",
                        request.getRequestURI(),
                        null,
                        decision.retryAfterSeconds()));
        return false;
    }

    private boolean isIngest(HttpServletRequest request) {
        Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (!(route instanceof String template)) {
            return false;
        }
        return ingestRoutes.computeIfAbsent(
                template, t -> properties.ingest().routes().stream().anyMatch(p -> matcher.match(p, t)));
    }

    private static void headers(HttpServletResponse response, Decision d) {
        response.setHeader("X-RateLimit-Limit", Long.toString(d.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(d.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(d.resetSeconds()));
        response.setHeader("RateLimit-Policy", "\"" + d.policy() + "\";q=" + d.limit() + ";w=" + d.windowSeconds());
        response.setHeader("RateLimit", "\"" + d.policy() + "\";r=" + d.remaining() + ";t=" + d.resetSeconds());
    }
}
