package io.activity.analytics.rollup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param period how long raw events are kept: ingest refuses events older than this, and the
 *     scheduled job deletes what has grown older
 * @param cron when the scheduled retention job runs ("-" disables it)
 */
@Validated
@ConfigurationProperties("analytics.retention")
public record RetentionProperties(
        @DefaultValue("90d") Duration period,
        @DefaultValue("0 40 2 * * *") String cron) {}
