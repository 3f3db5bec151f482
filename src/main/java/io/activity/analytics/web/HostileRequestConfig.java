package io.activity.analytics.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.core.StandardHost;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * security firewall refuses, requests Tomcat refuses before any servlet runs, query strings that
 * are not UTF-8 percent-encoding, and NUL characters (which PostgreSQL cannot store in text) in
 * query parameters and JSON strings.
 */
@Configuration(proxyBeanMethods = false)
class HostileRequestConfig {

    /** Header block (request line included) Tomcat accepts; longer requests get a 400 problem. */
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Query parameters Tomcat accepts per request (its default); more are a 400 naming the query. */
    static final int MAX_PARAMETERS = 1000;

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
                connector.setMaxParameterCount(MAX_PARAMETERS);
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

    /**
     * A query string that is not strict UTF-8 percent-encoding is refused first, before security
     * and before anything reads a parameter. Tomcat parses parameters lazily, on the first
     * getParameter* call, and since Tomcat 11 a bad escape ({@code %ZZ}) or invalid UTF-8
     * ({@code %C3%28}) there throws InvalidParameterException from wherever that call happens (an
     * argument resolver, actuator, a filter): it was a 500 with a stack trace logged at ERROR.
     */
    @Component
    @Order(Ordered.HIGHEST_PRECEDENCE + 2) // after the request-metrics filter, so the 400s are counted
    static class MalformedQueryFilter extends OncePerRequestFilter {

        private static final Logger log = LoggerFactory.getLogger(MalformedQueryFilter.class);

        private final Problems problems;

        MalformedQueryFilter(Problems problems) {
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String query = request.getQueryString();
            if (query != null && !isStrictUtf8PercentEncoding(query)) {
                // The client's mistake, not the service's: one line, and only at DEBUG.
                log.debug("Refused a malformed query string on {} {}", request.getMethod(), request.getRequestURI());
                problems.write(request, response, malformedQuery(problems, request.getRequestURI()));
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** The 400 for a query string Tomcat cannot turn into parameters; the advice uses it too. */
    static Problem malformedQuery(Problems problems, String instance) {
        return problems.build(
                HttpStatus.BAD_REQUEST,
                "validation_error",
                "The query string is malformed: not percent-encoded UTF-8, or too many parameters.",
                instance,
                Map.of(
                        "query",
                        List.of("must be percent-encoded UTF-8 with at most " + MAX_PARAMETERS + " parameters")),
                null);
    }

    /**
     * Whether every {@code %} starts an escape of two hex digits and the bytes, once unescaped,
     * are well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF: the JDK's
     * decoder reports all of those). Tomcat refuses raw non-ASCII bytes in the request line
     * itself, so every other character here is ASCII and stands for its own byte.
     */
    static boolean isStrictUtf8PercentEncoding(String query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(query.length());
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '%') {
                if (i + 2 >= query.length()
                        || !HexFormat.isHexDigit(query.charAt(i + 1))
                        || !HexFormat.isHexDigit(query.charAt(i + 2))) {
                    return false;
                }
                bytes.write(HexFormat.fromHexDigits(query, i + 1, i + 3));
                i += 2;
            } else if (c > 0x7F) {
                return false;
            } else {
                bytes.write(c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())); // reports, never replaces
            return true;
        } catch (CharacterCodingException e) {
            return false;
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
                Map<String, String[]> parameters;
                try {
                    parameters = request.getParameterMap();
                } catch (InvalidParameterException e) { // more parameters than Tomcat takes
                    problems.write(request, response, malformedQuery(problems, request.getRequestURI()));
                    return;
                }
                parameters.forEach((name, values) -> {
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
                                    ApiException.validationDetail(errors),
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
