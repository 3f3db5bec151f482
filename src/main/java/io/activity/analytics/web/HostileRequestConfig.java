package io.activity.analytics.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * Hostile requests get the contract's problem bodies, never a container page or a 500: paths the
 * security firewall refuses, requests Tomcat refuses before any servlet runs, and NUL characters
 * (which PostgreSQL cannot store in text) in query parameters and JSON strings.
 */
@Configuration(proxyBeanMethods = false)
class HostileRequestConfig {

    /** Header block (request line included) Tomcat accepts; longer requests get a 400 problem. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    @Bean
    RequestRejectedHandler firewallRejections(Problems problems) {
        return (request, response, e) -> problems.write(
                request,
                response,
                problems.build(
                        HttpStatus.BAD_REQUEST,
                        "validation_error",
                        "The request path is not allowed.",
                        null,
                        Map.of("path", List.of("contains characters or segments that are not allowed")),
                        null));
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatProblems() {
        return factory -> {
            factory.addConnectorCustomizers(connector -> {
                if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> http) {
                    http.setMaxHttpRequestHeaderSize(MAX_HEADER_BYTES);
                }
            });
            // Tomcat answers malformed requests (bad escapes, %2F, %00, oversized lines) itself,
            // through the host's error valve; ours writes a problem body instead of an HTML page.
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        };
    }

    /** Rejects String values with NUL characters in every JSON body, naming the field. */
    @Bean
    SimpleModule nulRejectingStrings() {
        return new SimpleModule("nul-rejecting-strings").addDeserializer(String.class, new NulRejectingStrings());
    }

    static final class NulRejectingStrings extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String value = super.deserialize(p, ctxt);
            if (value != null && value.indexOf('\0') >= 0) {
                throw InvalidFormatException.from(p, "must not contain NUL characters", value, String.class);
            }
            return value;
        }
    }

    /** Query parameters with NUL characters are refused before any handler can pass them to SQL. */
    @Component
    @Order(Ordered.HIGHEST_PRECEDENCE + 11)
    static class NulParameterFilter extends OncePerRequestFilter {

        private final Problems problems;

        NulParameterFilter(Problems problems) {
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String query = request.getQueryString();
            if (query != null && query.contains("%00")) {
                Map<String, List<String>> errors = new LinkedHashMap<>();
                request.getParameterMap().forEach((name, values) -> {
                    for (String value : values) {
                        if (value.indexOf('\0') >= 0 || name.indexOf('\0') >= 0) {
                            errors.computeIfAbsent(name.replace("\0", ""), k -> new ArrayList<>())
                                    .add("must not contain NUL characters");
                            break;
                        }
                    }
                });
                if (!errors.isEmpty()) {
                    problems.write(
                            request,
                            response,
                            problems.build(
                                    HttpStatus.BAD_REQUEST,
                                    "validation_error",
                                    "Invalid value for " + String.join(", ", errors.keySet()) + ".",
                                    request.getRequestURI(),
                                    errors,
                                    null));
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }
}
