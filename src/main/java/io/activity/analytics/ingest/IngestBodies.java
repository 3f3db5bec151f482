package io.activity.analytics.ingest;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The ingest request bodies as the OpenAPI document describes them. The handlers read the JSON
 * tree themselves (Fields) so that every bad value is reported with its path at once; these
 * records only give generated clients the shape.
 */
final class IngestBodies {

    private IngestBodies() {}

    @Schema(name = "HeartbeatBatch")
    record HeartbeatBatch(
            @ArraySchema(minItems = 1, maxItems = 1000, schema = @Schema(implementation = HeartbeatItem.class))
            @Schema(requiredMode = RequiredMode.REQUIRED)
            List<HeartbeatItem> heartbeats) {}

    @Schema(name = "HeartbeatItem")
    record HeartbeatItem(
            @Schema(requiredMode = RequiredMode.REQUIRED, description = "Idempotency key: a stored id is a duplicate")
            UUID eventId,

            @Schema(requiredMode = RequiredMode.REQUIRED, description = "A member of the company (any status)")
            UUID userId,

            @Schema(requiredMode = RequiredMode.REQUIRED) String deviceId,

            @Schema(
                    requiredMode = RequiredMode.REQUIRED,
                    description = "Within the retention period, at most 5 minutes ahead")
            Instant generatedAt,

            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0")
            int chromeActivityCount,

            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0")
            int edgeActivityCount,

            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0")
            int firefoxActivityCount,

            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0")
            int desktopActivityCount,

            @Schema(requiredMode = RequiredMode.REQUIRED, minimum = "0")
            int webAccessibilityActivityCount) {}

    @Schema(name = "PageView")
    record PageView(
            @Schema(
                    description = "Optional idempotency key: a view whose event_id is already stored for the company"
                            + " counts once (the request still answers 202)")
            UUID eventId,

            @Schema(requiredMode = RequiredMode.REQUIRED, example = "/reports/weekly")
            String path,

            String referrer,

            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The client's session id")
            String sessionId,

            @Schema(minimum = "0", maximum = "86400000", description = "Time on the page, at most a day")
            Long durationMs,

            @Schema(description = "Default now; within the retention period, at most 5 minutes ahead")
            Instant viewedAt) {}

    @Schema(name = "PageViewBatch")
    record PageViewBatch(
            @ArraySchema(minItems = 1, maxItems = 1000, schema = @Schema(implementation = PageViewItem.class))
            @Schema(requiredMode = RequiredMode.REQUIRED)
            List<PageViewItem> pageViews) {}

    @Schema(name = "PageViewItem")
    record PageViewItem(
            @Schema(
                    requiredMode = RequiredMode.REQUIRED,
                    description = "Idempotency key: an id already stored for the company (by this route or"
                            + " track/pageview), or earlier in the batch, is a duplicate")
            UUID eventId,

            @Schema(requiredMode = RequiredMode.REQUIRED, description = "A member of the company (any status)")
            UUID userId,

            @Schema(requiredMode = RequiredMode.REQUIRED, description = "The client's session id")
            String sessionId,

            @Schema(requiredMode = RequiredMode.REQUIRED, example = "/reports/weekly")
            String path,

            String referrer,

            @Schema(minimum = "0", maximum = "86400000", description = "Time on the page, at most a day")
            Long durationMs,

            @Schema(
                    requiredMode = RequiredMode.REQUIRED,
                    description = "Within the retention period, at most 5 minutes ahead")
            Instant viewedAt) {}

    @Schema(name = "SessionHeartbeat")
    record SessionHeartbeat(
            @Schema(requiredMode = RequiredMode.REQUIRED) String sessionId) {}
}
