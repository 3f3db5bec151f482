package io.activity.analytics.audit;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
class AuditConfig {

    private static final Logger log = LoggerFactory.getLogger(AuditConfig.class);

    private final AuditTrail trail;
    private final AuditProperties properties;
    private final JdbcClient jdbc;

    AuditConfig(AuditTrail trail, AuditProperties properties, JdbcClient jdbc) {
        this.trail = trail;
        this.properties = properties;
        this.jdbc = jdbc;
    }

    /** Writes the folded rows of refusal floods once their window has ended. */
    @Scheduled(fixedDelayString = "${analytics.audit.refusal-sweep:15s}")
    void closeRefusalWindows() {
        trail.closeEndedWindows(System.currentTimeMillis());
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
