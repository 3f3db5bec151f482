package io.activity.analytics.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxBatch most heartbeats in one request (413 above it)
 * @param maxFuture how far ahead of the server clock an event may be stamped (clock skew)
 * @param sessionIdle idle gap after which a page view or heartbeat opens a new session
 * @param maxPathLength longest page path (and referrer) accepted
 * @param maxIdLength longest device_id or client session_id accepted
 * @param groupMaxEvents most heartbeats that concurrent batches of one company are written with in
 *     one transaction and commit (group commit, {@link HeartbeatWriter}); 0 or 1, the default, writes
 *     each batch alone and side by side (faster on the measured machine: docs/benchmarks.md, S1)
 * @param splitBatches whether a heartbeat batch is written as plain statements in five round trips
 *     (heartbeat-batch-split.sql, which Citus routes to one worker each) instead of the event-id
 *     guard and one statement of data-modifying CTEs (faster on plain PostgreSQL); unset, the
 *     default, splits exactly when the
 *     database has the citus extension
 */
@Validated
@ConfigurationProperties("analytics.ingest")
record IngestProperties(
        @DefaultValue("1000") int maxBatch,
        @DefaultValue("5m") Duration maxFuture,
        @DefaultValue("30m") Duration sessionIdle,
        @DefaultValue("2048") int maxPathLength,
        @DefaultValue("200") int maxIdLength,
        @DefaultValue("0") int groupMaxEvents,
        Boolean splitBatches) {}
