package io.activity.analytics.cache;

import io.activity.analytics.rollup.CompanyDataRefreshed;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class CacheConfig implements WebMvcConfigurer {

    /** After the company access check (0), the audit trail (5) and the rate limiter (10). */
    static final int ORDER = 20;

    private final ResponseCacheInterceptor interceptor;

    CacheConfig(ResponseCacheInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor)
                .addPathPatterns("/api/v2/companies/**")
                .order(ORDER);
    }

    /**
     * A rebuild of the company's rollups makes its cached reads stale. When published inside a
     * transaction, this runs after the commit, so no read can re-cache the old rows under the new
     * generation.
     */
    @TransactionalEventListener(fallbackExecution = true)
    void refreshed(CompanyDataRefreshed event) {
        interceptor.invalidate(event.companyId());
    }
}
