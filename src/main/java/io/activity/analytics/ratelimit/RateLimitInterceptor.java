package io.activity.analytics.ratelimit;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.Reads;
import io.activity.analytics.web.ApiException;
import io.activity.analytics.web.DataIngest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Applies the read limit to every read of a company route (every GET, and handlers declared
 * {@code @CompanyAccess(read = true)}: {@link Reads}) and the ingest limit to the handlers marked
 * {@link DataIngest}. Runs after the company access check, so the key is always the
 * checked company of the path (the {@link Caller}), never anything a client can choose, and
 * unknown or foreign companies are refused before they can use up anyone's quota. A refusal is
 * thrown ({@code ProblemAdvice} writes the 429); the limit headers are on the response either way.
 */
@Component
public class RateLimitInterceptor implements HandlerInterceptor {

    private final ReadLimiter reads;
    private final IngestLimiter ingests;
    private final RateLimitProperties properties;
    private final MeterRegistry meters;

    RateLimitInterceptor(
            ReadLimiter reads, IngestLimiter ingests, RateLimitProperties properties, MeterRegistry meters) {
        this.reads = reads;
        this.ingests = ingests;
        this.properties = properties;
        this.meters = meters;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(request.getAttribute(Caller.class.getName()) instanceof Caller caller)) {
            return true; // not a company route
        }
        Decision decision;
        if (properties.read().enabled() && Reads.isRead(request, handler)) {
            decision = reads.acquire(caller.companyId(), caller.subject());
        } else if (properties.ingest().enabled()
                && handler instanceof HandlerMethod h
                && h.hasMethodAnnotation(DataIngest.class)) {
            decision = ingests.acquire(caller.companyId());
        } else {
            return true;
        }
        headers(response, decision);
        if (decision.admitted()) {
            return true;
        }
        meters.counter(
                        "analytics.ratelimit.refused",
                        "limit",
                        decision.policy().equals(IngestLimiter.POLICY) ? "ingest" : "read")
                .increment();
        throw ApiException.rateLimited(detail(decision), decision.retryAfterSeconds());
    }

    /** The 429's detail; RateLimitDocs shows the same sentence in the OpenAPI examples. */
    static String detail(Decision decision) {
        return "Rate limit of " + decision.limit() + " requests per " + decision.windowSeconds() + " s "
                + (decision.policy().equals(ReadLimiter.CALLER_POLICY)
                        ? "for one caller within this company"
                        : "for this company")
                + " exceeded; retry after " + decision.retryAfterSeconds() + " s.";
    }

    /** The limit headers, on every limited response; RateLimitDocs documents them on the 429. */
    static final Map<String, String> HEADERS = Map.of(
            "X-RateLimit-Limit", "The limit of the window (requests)",
            "X-RateLimit-Remaining", "Requests left in the window",
            "X-RateLimit-Reset", "Seconds until a slot frees",
            "RateLimit-Policy", "The policy, its limit and window: \"company\";q=100;w=60",
            "RateLimit", "The policy, requests left and seconds until a slot frees: \"company\";r=0;t=12");

    private static void headers(HttpServletResponse response, Decision d) {
        response.setHeader("X-RateLimit-Limit", Long.toString(d.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(d.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(d.resetSeconds()));
        response.setHeader("RateLimit-Policy", "\"" + d.policy() + "\";q=" + d.limit() + ";w=" + d.windowSeconds());
        response.setHeader("RateLimit", "\"" + d.policy() + "\";r=" + d.remaining() + ";t=" + d.resetSeconds());
    }
}
