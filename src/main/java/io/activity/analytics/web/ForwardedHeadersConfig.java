package io.activity.analytics.web;

import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ForwardedHeaderFilter;

/**
 * Forwarded headers count only from the proxies in ANALYTICS_TRUSTED_PROXIES
 * (server.tomcat.remoteip.internal-proxies), where Tomcat's RemoteIpValve has already applied them
 * to the request's scheme, host, port and remote address before any filter runs. This filter then
 * removes every Forwarded and X-Forwarded-* header, trusted or not, so that nothing further in
 * (springdoc's Swagger UI reads them itself) can take a client's word for the host.
 */
@Configuration(proxyBeanMethods = false)
class ForwardedHeadersConfig {

    @Bean
    FilterRegistrationBean<ForwardedHeaderFilter> forwardedHeadersRemoved() {
        ForwardedHeaderFilter filter = new ForwardedHeaderFilter();
        filter.setRemoveOnly(true);
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        return registration;
    }
}
