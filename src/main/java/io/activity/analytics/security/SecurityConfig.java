package io.activity.analytics.security;

import io.activity.analytics.web.Problems;
import io.activity.analytics.web.WebProperties;
import java.util.List;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /**
     * The built-in dashboard's static files are public: the page holds no data, it asks the API
     * for everything with the bearer token the person pastes. Its own chain ignores any
     * Authorization header and sends a strict content security policy (scripts, styles and
     * connections to this origin only) because the page keeps a bearer token in session storage:
     * with connect-src 'self' the browser refuses any fetch to another host, should the page's
     * code ever try one.
     */
    static final String DASHBOARD_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** The authority Spring Security derives from scope analytics:monitor (SCOPE_ + scope). */
    static final String MONITOR_AUTHORITY = "SCOPE_" + Caller.MONITOR;

    @Bean
    @Order(1)
    SecurityFilterChain dashboard(HttpSecurity http) throws Exception {
        http.securityMatcher("/dashboard", "/dashboard/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(DASHBOARD_CSP))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, Problems problems) throws Exception {
        AuthenticationEntryPoint entryPoint = (request, response, e) -> {
            org.slf4j.LoggerFactory.getLogger(SecurityConfig.class).debug("Token refused: {}", e.getMessage());
            boolean badToken = e instanceof InvalidBearerTokenException || e instanceof OAuth2AuthenticationException;
            response.setHeader("WWW-Authenticate", badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
            problems.write(
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    badToken ? "invalid_token" : "authentication_required",
                    badToken ? tokenProblem(e) : "A bearer token is required.");
        };
        AccessDeniedHandler denied = (request, response, e) -> problems.write(
                request,
                response,
                HttpStatus.FORBIDDEN,
                "permission_denied",
                "You do not have permission for this action.");
        http.csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies
                .cors(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> auth
                        // Orchestrators probe without a token; these say UP or DOWN and nothing more
                        // (details need the monitor scope: management.endpoint.health.roles).
                        .requestMatchers(
                                HttpMethod.GET,
                                "/actuator/health",
                                "/actuator/health/liveness",
                                "/actuator/health/readiness")
                        .permitAll()
                        // Everything else of actuator, on this port or management.server.port.
                        .requestMatchers(EndpointRequest.toAnyEndpoint())
                        .hasAuthority(MONITOR_AUTHORITY)
                        .requestMatchers("/api/**")
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .oauth2ResourceServer(oauth -> oauth.jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(denied));
        return http.build();
    }

    /** Says what is wrong with a token (expired, bad signature, …) without echoing its content. */
    private static String tokenProblem(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("expired")) return "The bearer token has expired.";
        int lifetime = message.indexOf(JwtDecoderConfig.LIFETIME_TOO_LONG); // our own words, no token content
        if (lifetime >= 0) return message.substring(lifetime);
        if (message.contains("signature") || message.contains("Signed JWT rejected"))
            return "The bearer token's signature is invalid.";
        if (message.contains("Unsupported algorithm")) return "The bearer token's algorithm is not accepted.";
        return "The bearer token is invalid or malformed.";
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(WebProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(properties.corsAllowedOrigins().stream()
                .filter(o -> !o.isBlank())
                .toList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-None-Match"));
        cors.setExposedHeaders(List.of(
                "X-RateLimit-Limit",
                "X-RateLimit-Remaining",
                "X-RateLimit-Reset",
                "RateLimit",
                "RateLimit-Policy",
                "Retry-After",
                "ETag",
                "Content-Disposition",
                "Cache-Control"));
        cors.setMaxAge(3600L);
        var source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", cors);
        return source;
    }

    @Bean
    WebMvcConfigurer callerResolver(CallerArgumentResolver callers) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(callers);
            }
        };
    }
}
