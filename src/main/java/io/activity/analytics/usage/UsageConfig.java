package io.activity.analytics.usage;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class UsageConfig implements WebMvcConfigurer {

    /** First, so a request's recorded duration includes the access check, limiter and cache. */
    static final int ORDER = -10;

    private final UsageInterceptor interceptor;

    UsageConfig(UsageInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/api/v2/**").order(ORDER);
    }
}
