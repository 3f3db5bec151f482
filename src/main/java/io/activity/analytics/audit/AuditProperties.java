package io.activity.analytics.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled whether the access audit trail is recorded at all
 * @param retention how long audit rows are kept (a daily job deletes older ones)
 * @param queueCapacity reads waiting to be written; beyond it new ones are dropped and counted
 * @param batchSize most rows written in one statement
 * @param flushInterval how often the queue is written (the longest an entry waits in it)
 * @param retentionCron when the daily delete of audit rows older than the retention runs
 * @param maxQueryLength longest query string stored; a longer one is stored cut and marked so
 * @param refusalsPerWindow refused requests of one company recorded one by one per window (per
 *     instance); the rest of a flood is folded into one row
 * @param refusalWindow the window of `refusals-per-window`
 */
@Validated
@ConfigurationProperties("analytics.audit")
record AuditProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("400d") Duration retention,
        @DefaultValue("10000") int queueCapacity,
        @DefaultValue("500") int batchSize,
        @DefaultValue("500ms") Duration flushInterval,
        @DefaultValue("0 17 3 * * *") String retentionCron,
        @DefaultValue("2048") int maxQueryLength,
        @DefaultValue("20") int refusalsPerWindow,
        @DefaultValue("60s") Duration refusalWindow) {}
