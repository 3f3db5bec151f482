package io.activity.analytics;

import io.activity.analytics.cache.ResponseCacheInterceptor;
import io.activity.analytics.ratelimit.RateLimitInterceptor;
import io.activity.analytics.requestlog.RequestLogInterceptor;
import io.activity.analytics.security.CompanyAccessInterceptor;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every step a request of {@code /api/v2} takes after the servlet filters and the security chain
 * (docs/architecture.md, "Request pipeline"), in the order Spring MVC runs them. Each step decides
 * from the handler's own declarations ({@code @CompanyAccess}, {@code @DataIngest},
 * {@code @NoResponseCache}); a step that refuses throws, and {@code ProblemAdvice} writes the
 * problem body. The completion callbacks of the steps before the one that refused still run, with
 * the final status, which is why the request log comes first.
 */
@Configuration(proxyBeanMethods = false)
class RequestPipeline implements WebMvcConfigurer {

    private final RequestLogInterceptor requestLog;
    private final CompanyAccessInterceptor access;
    private final RateLimitInterceptor rateLimit;
    private final ResponseCacheInterceptor cache;

    RequestPipeline(
            RequestLogInterceptor requestLog,
            CompanyAccessInterceptor access,
            RateLimitInterceptor rateLimit,
            ResponseCacheInterceptor cache) {
        this.requestLog = requestLog;
        this.access = access;
        this.rateLimit = rateLimit;
        this.cache = cache;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // 1. Request log: times the whole request; on completion, with the final status, the
        //    company's usage event (if the access check passed) and its audit row (allowed,
        //    limited, or denied by the access check; refusals sampled).
        registry.addInterceptor(requestLog).addPathPatterns("/api/v2/companies/**");
        // 2. Access: the company in the path against the token (@CompanyAccess); 404 for a
        //    missing company or a non-member, 403 for a missing role or scope; else the Caller.
        registry.addInterceptor(access).addPathPatterns("/api/v2/**");
        // 3. Rate limit: reads per company (sliding window, optional per-caller share), ingest
        //    (@DataIngest) per company (token bucket); 429 with Retry-After.
        registry.addInterceptor(rateLimit).addPathPatterns("/api/v2/companies/**");
        // 4. Cache: a cacheable JSON read is answered from Redis or captured for it (with
        //    ResponseCacheFilter); a write clears the company's entries.
        registry.addInterceptor(cache).addPathPatterns("/api/v2/companies/**");
    }
}
