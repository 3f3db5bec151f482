package io.activity.analytics.ratelimit;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class RateLimitConfig implements WebMvcConfigurer {

    /** After the company access check (order 0) and the audit trail (5), before the cache (20). */
    static final int ORDER = 10;

    private final RateLimitInterceptor interceptor;

    RateLimitConfig(RateLimitInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor)
                .addPathPatterns("/api/v2/companies/**")
                .order(ORDER);
    }
}
