package io.activity.analytics.ratelimit;

import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.Reads;
import io.activity.analytics.web.DataIngest;
import io.activity.analytics.web.ProblemDocs;
import java.util.TreeMap;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;

/**
 * Documents the 429 on exactly the operations {@link RateLimitInterceptor} limits (company reads
 * and {@link DataIngest} handlers; provisioning and other writes are never limited), with the
 * sentence it sends for the configured limits and the headers that come with it.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitDocs {

    /** Seconds to wait in the examples: any value between 1 and the window. */
    private static final long RETRY_AFTER = 12;

    @Bean
    OperationCustomizer rateLimitResponses(ProblemDocs problems, RateLimitProperties properties) {
        return (operation, handler) -> {
            CompanyAccess rule = handler.getMethodAnnotation(CompanyAccess.class);
            if (rule == null) {
                return operation;
            }
            Decision example;
            String name;
            if (properties.read().enabled() && Reads.isRead(handler)) {
                example = new Decision(
                        false,
                        ReadLimiter.POLICY,
                        properties.read().limit(),
                        properties.read().window().toSeconds(),
                        0,
                        RETRY_AFTER,
                        RETRY_AFTER);
                name = "rate_limit_exceeded_read";
            } else if (properties.ingest().enabled() && handler.hasMethodAnnotation(DataIngest.class)) {
                example = new Decision(
                        false,
                        IngestLimiter.POLICY,
                        properties.ingest().capacity(),
                        properties.ingest().period().toSeconds(),
                        0,
                        RETRY_AFTER,
                        RETRY_AFTER);
                name = "rate_limit_exceeded_ingest";
            } else {
                return operation;
            }
            problems.example(
                    operation,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "rate_limit_exceeded: wait Retry-After seconds (also `retry_after` in the body)",
                    name,
                    name.endsWith("read")
                            ? "Over the company's read limit (a per-caller share, if configured, says \"for one"
                                    + " caller within this company\")"
                            : "Over the company's ingest limit",
                    "rate_limit_exceeded",
                    RateLimitInterceptor.detail(example),
                    ProblemDocs.instance(ProblemDocs.template(handler)),
                    null,
                    RETRY_AFTER);
            problems.header(
                    operation,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Retry-After",
                    "Seconds until a request can be admitted",
                    "integer");
            new TreeMap<>(RateLimitInterceptor.HEADERS)
                    .forEach((header, description) -> problems.header(
                            operation,
                            HttpStatus.TOO_MANY_REQUESTS,
                            header,
                            description,
                            header.equals("RateLimit") || header.equals("RateLimit-Policy") ? "string" : "integer"));
            return operation;
        };
    }
}
