package io.activity.analytics.cache;

import io.activity.analytics.ratelimit.RedisCircuit;
import io.activity.analytics.replica.ReadStore;
import io.activity.analytics.security.Caller;
import io.activity.analytics.security.Reads;
import io.activity.analytics.web.NoResponseCache;
import io.activity.analytics.web.ResponseCacheMaxAge;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Answers a company read from the cache, or marks it to be stored: a GET keyed on its URL, a read
 * sent as a POST body ({@code @CompanyAccess(read = true)}, {@code POST …/query}) on its URL and the
 * canonical JSON of its body (keys sorted, no spacing), and never answered with a 304. Runs after the access check and
 * the rate limiter, so a cached answer still needs access and still counts against the limit
 * (its rate-limit headers are already on the response). Any provisioning write to a company clears
 * its cache before and after the write, so a client never reads back what it just changed.
 */
@Component
public class ResponseCacheInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ResponseCacheInterceptor.class);
    private static final Set<String> WRITES = Set.of("PUT", "PATCH", "DELETE");

    private final ResponseCache cache;
    private final RedisCircuit circuit;
    private final CacheProperties properties;
    private final Counter hits;
    private final Counter misses;
    private final Counter bypassed;
    private final MeterRegistry meters;
    private final Duration replicaStaleness;
    private final TaskScheduler scheduler;
    private final ConcurrentHashMap<HandlerMethod, Boolean> cacheable = new ConcurrentHashMap<>();

    ResponseCacheInterceptor(
            ResponseCache cache,
            RedisCircuit circuit,
            CacheProperties properties,
            MeterRegistry meters,
            ReadStore reads,
            TaskScheduler scheduler) {
        this.cache = cache;
        this.replicaStaleness = reads.staleness();
        this.scheduler = scheduler;
        this.circuit = circuit;
        this.properties = properties;
        this.meters = meters;
        this.hits = counter(meters, "hit");
        this.misses = counter(meters, "miss");
        this.bypassed = counter(meters, "bypass");
    }

    private static Counter counter(MeterRegistry meters, String result) {
        return Counter.builder("analytics.cache.requests")
                .description("Cacheable reads: hit, miss, or bypass (Redis unreachable)")
                .tag("result", result)
                .register(meters);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws IOException {
        if (!properties.enabled()
                || !(request.getAttribute(Caller.class.getName()) instanceof Caller caller)
                || !(handler instanceof HandlerMethod method)) {
            return true;
        }
        if (WRITES.contains(request.getMethod())) {
            invalidate(caller.companyId());
            return true;
        }
        if (!(request.getAttribute(CachingResponse.ATTRIBUTE) instanceof CachingResponse wrapper)
                || !cacheable(method)
                || !Reads.isRead(request, handler)) {
            return true;
        }
        boolean get = "GET".equals(request.getMethod());
        String key;
        if (get) {
            key = requestKey(request);
        } else {
            // A query sent as a POST body (@CompanyAccess(read = true)): keyed on the canonical JSON
            // of its body. A body that is not JSON is left to the handler, and never cached.
            if (!(request.getAttribute(ReplayableRequest.ATTRIBUTE) instanceof ReplayableRequest replayable)
                    || !ResponseCacheFilter.isJson(request.getContentType())) {
                return true;
            }
            byte[] body = replayable.body();
            String canonical = body == null ? null : CanonicalJson.of(body);
            if (canonical == null) {
                return true;
            }
            key = requestKey(request, canonical);
        }
        UUID company = caller.companyId();
        ResponseCache.Lookup lookup = circuit.call(() -> cache.lookup(company, key), () -> null);
        if (lookup == null) {
            bypassed.increment();
            return true;
        }
        if (lookup.entry() == null) {
            misses.increment();
            wrapper.capture(new CachingResponse.Target(company, lookup.generation(), key, ttlMillis(method)));
            return true;
        }
        hits.increment();
        var entry = lookup.entry();
        // What is left of the entry's life, so client and shared cache together stay within the TTL.
        cacheHeaders(response, entry.etag(), Math.max(0, lookup.ttlMillis() / 1000));
        if (get && matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), entry.etag())) {
            response.setStatus(HttpStatus.NOT_MODIFIED.value());
            return false;
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(entry.contentType());
        response.setContentLength(entry.body().length);
        response.getOutputStream().write(entry.body());
        return false;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (properties.enabled()
                && WRITES.contains(request.getMethod())
                && response.getStatus() < 400
                && request.getAttribute(Caller.class.getName()) instanceof Caller caller) {
            // Again after the write committed: drops anything a concurrent read cached meanwhile.
            invalidateNowAndAfterReplicaLag(caller.companyId());
        }
    }

    /**
     * Clears the company's cache now and, with a read replica, once more when the replica has
     * certainly replayed the change or reads have fallen back to the primary: a read served by the
     * lagging replica in between may have cached the old rows under the new generation.
     */
    void invalidateNowAndAfterReplicaLag(UUID company) {
        invalidate(company);
        if (properties.enabled() && !replicaStaleness.isZero()) {
            scheduler.schedule(() -> invalidate(company), Instant.now().plus(replicaStaleness));
        }
    }

    void invalidate(UUID company) {
        try {
            cache.invalidate(company);
            meters.counter("analytics.cache.invalidations", "result", "ok").increment();
        } catch (RuntimeException e) {
            // Entries expire within the TTL anyway; say so rather than fail the write.
            meters.counter("analytics.cache.invalidations", "result", "failed").increment();
            log.warn("Could not clear the response cache of company {}: {}", company, e.toString());
        }
    }

    /**
     * How long this handler's answers are reused: the configured TTL, or the handler's
     * {@link ResponseCacheMaxAge} when that is shorter.
     */
    long ttlMillis(HandlerMethod method) {
        long configured = properties.ttl().toMillis();
        ResponseCacheMaxAge maxAge = method.getMethodAnnotation(ResponseCacheMaxAge.class);
        if (maxAge == null) {
            return configured;
        }
        return Math.min(configured, Math.max(1, maxAge.seconds()) * 1000);
    }

    private boolean cacheable(HandlerMethod method) {
        return cacheable.computeIfAbsent(method, ResponseCacheInterceptor::producesJson);
    }

    /** Only handlers that return a value rendered as JSON; streamed or hand-written bodies never. */
    private static boolean producesJson(HandlerMethod method) {
        if (method.hasMethodAnnotation(NoResponseCache.class)
                || method.getBeanType().isAnnotationPresent(NoResponseCache.class)) {
            return false;
        }
        Class<?> returned = method.getReturnType().getParameterType();
        if (returned == void.class
                || StreamingResponseBody.class.isAssignableFrom(returned)
                || ResponseBodyEmitter.class.isAssignableFrom(returned)
                || Resource.class.isAssignableFrom(returned)) {
            return false;
        }
        if (ResponseEntity.class.isAssignableFrom(returned)) {
            Class<?> body = method.getReturnType().nested().getNestedParameterType();
            if (StreamingResponseBody.class.isAssignableFrom(body) || Resource.class.isAssignableFrom(body)) {
                return false;
            }
        }
        for (var parameter : method.getMethodParameters()) {
            Class<?> type = parameter.getParameterType();
            if (HttpServletResponse.class.isAssignableFrom(type)
                    || OutputStream.class.isAssignableFrom(type)
                    || Writer.class.isAssignableFrom(type)) {
                return false;
            }
        }
        RequestMapping mapping = method.getMethodAnnotation(RequestMapping.class);
        if (mapping != null && mapping.produces().length > 0) {
            return Arrays.stream(mapping.produces())
                    .map(MediaType::parseMediaType)
                    .anyMatch(t -> t.getSubtype().endsWith("json"));
        }
        return true;
    }

    /**
     * The request as the cache sees it: origin (links in bodies are absolute), path, and the query
     * with its parameters sorted by name only. The sort is stable, so the values of a repeated
     * parameter keep their order: {@code search=a&search=b} is read as "a,b" by the handler and
     * {@code search=b&search=a} as "b,a", and the two must not share an entry.
     */
    static String requestKey(HttpServletRequest request) {
        return sha256(origin(request));
    }

    /** A read sent as a POST: its URL as for a GET, the method, and the canonical JSON of its body. */
    static String requestKey(HttpServletRequest request, String canonicalBody) {
        return sha256(origin(request) + "\n" + request.getMethod() + "\n" + canonicalBody);
    }

    private static String origin(HttpServletRequest request) {
        String query = request.getQueryString();
        String sorted = "";
        if (query != null && !query.isEmpty()) {
            String[] pairs = query.split("&");
            Arrays.sort(pairs, Comparator.comparing(ResponseCacheInterceptor::parameterName));
            sorted = String.join("&", pairs);
        }
        return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + request.getRequestURI() + "?" + sorted;
    }

    private static String sha256(String plain) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(plain.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String parameterName(String pair) {
        int equals = pair.indexOf('=');
        return equals < 0 ? pair : pair.substring(0, equals);
    }

    /**
     * Headers of every cacheable answer (stored, hit or 304): private to the caller, and varying
     * with the token, so no cache between the client and us serves one caller's answer to another.
     */
    static void cacheHeaders(HttpServletResponse response, String etag, long maxAgeSeconds) {
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=" + maxAgeSeconds);
        response.addHeader(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
    }

    /** If-None-Match: a list of validators or "*"; weak comparison, as RFC 9110 asks for GET. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*")) {
                return true;
            }
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
