package io.activity.analytics.usage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled whether API usage events are recorded at all
 * @param queueCapacity requests waiting to be written; beyond it new ones are dropped and counted
 * @param batchSize most rows written in one statement
 * @param flushInterval how often the queue is written (the longest an event waits in it)
 */
@Validated
@ConfigurationProperties("analytics.usage")
record UsageProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20000") int queueCapacity,
        @DefaultValue("500") int batchSize,
        @DefaultValue("500ms") Duration flushInterval) {}
