package io.activity.analytics.audit;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class AuditConfig implements WebMvcConfigurer {

    private static final Logger log = LoggerFactory.getLogger(AuditConfig.class);

    /** Before the access check (0), so the attempts it refuses are recorded too. */
    static final int ORDER = -5;

    private final AuditInterceptor interceptor;
    private final AuditProperties properties;
    private final JdbcClient jdbc;

    AuditConfig(AuditInterceptor interceptor, AuditProperties properties, JdbcClient jdbc) {
        this.interceptor = interceptor;
        this.properties = properties;
        this.jdbc = jdbc;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor)
                .addPathPatterns("/api/v2/companies/**")
                .order(ORDER);
    }

    /** Writes the folded rows of refusal floods once their window has ended. */
    @Scheduled(fixedDelayString = "${analytics.audit.refusal-sweep:15s}")
    void closeRefusalWindows() {
        interceptor.closeEndedWindows(System.currentTimeMillis());
    }

    /** The audit trail's own retention, independent of the analytics data's. */
    @Scheduled(cron = "${analytics.audit.retention-cron:0 17 3 * * *}")
    void applyRetention() {
        purge();
    }

    int purge() {
        int deleted = jdbc.sql("delete from access_audit_log where at < :cutoff")
                .param("cutoff", java.sql.Timestamp.from(Instant.now().minus(properties.retention())))
                .update();
        log.info("Audit retention: deleted {} rows older than {}", deleted, properties.retention());
        return deleted;
    }
}
