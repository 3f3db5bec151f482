package io.activity.analytics.cache;

import io.activity.analytics.ratelimit.RedisCircuit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Wraps company GETs, and POSTs that are reads (a query body: their request too, so the cache can
 * key on the body, see {@link ReplayableRequest}), so that, once {@link ResponseCacheInterceptor} has decided a response is
 * cacheable, its body is held back; after the handler it gets an ETag, is stored under the
 * generation the lookup saw (so a refresh during the request makes it unreachable at once) and is
 * answered with a 304 when the client already has it.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class ResponseCacheFilter extends OncePerRequestFilter {

    private final ResponseCache cache;
    private final RedisCircuit circuit;
    private final CacheProperties properties;

    ResponseCacheFilter(ResponseCache cache, RedisCircuit circuit, CacheProperties properties) {
        this.cache = cache;
        this.circuit = circuit;
        this.properties = properties;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !properties.enabled()
                || !("GET".equals(request.getMethod()) || "POST".equals(request.getMethod()))
                || !request.getRequestURI().startsWith("/api/v2/companies/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CachingResponse wrapper = new CachingResponse(response);
        request.setAttribute(CachingResponse.ATTRIBUTE, wrapper);
        boolean get = "GET".equals(request.getMethod());
        if (get) {
            chain.doFilter(request, wrapper);
        } else {
            ReplayableRequest replayable = new ReplayableRequest(request);
            request.setAttribute(ReplayableRequest.ATTRIBUTE, replayable);
            chain.doFilter(replayable, wrapper);
        }
        if (!wrapper.capturing()) {
            return;
        }
        byte[] body = wrapper.body();
        if (response.getStatus() == HttpStatus.OK.value() && isJson(response.getContentType())) {
            String etag = etag(body);
            var target = wrapper.target();
            var entry = new ResponseCache.Entry(etag, response.getContentType(), body);
            circuit.call(
                    () -> {
                        cache.store(target.company(), target.generation(), target.request(), entry, target.ttlMillis());
                        return null;
                    },
                    () -> null);
            ResponseCacheInterceptor.cacheHeaders(response, etag, target.ttlMillis() / 1000);
            // A 304 answers a conditional GET only (RFC 9110); a POST query always gets its body.
            if (get && ResponseCacheInterceptor.matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
                response.setStatus(HttpStatus.NOT_MODIFIED.value());
                return;
            }
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getSubtype().equals("json") || type.getSubtype().endsWith("+json");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A strong validator: the SHA-256 of the exact bytes sent. */
    static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
