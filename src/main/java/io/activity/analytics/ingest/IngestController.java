package io.activity.analytics.ingest;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.DataIngest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Ingest routes: agents' heartbeat batches and browsers' page views and session heartbeats. */
@RestController
@Tag(name = ApiTags.INGEST)
@RequestMapping("/api/v2/companies/{companyId}")
class IngestController {

    private final HeartbeatIngest heartbeats;
    private final PageViewBatch pageViews;
    private final Tracking tracking;

    IngestController(HeartbeatIngest heartbeats, PageViewBatch pageViews, Tracking tracking) {
        this.heartbeats = heartbeats;
        this.pageViews = pageViews;
        this.tracking = tracking;
    }

    @DataIngest
    @PostMapping(path = "/heartbeats", consumes = MediaType.APPLICATION_JSON_VALUE)
    @CompanyAccess(scope = Caller.INGEST)
    @Operation(
            summary = "Ingest a batch of heartbeats",
            description = "Service token with scope analytics:ingest. 1 to 1000 heartbeats, validated as a whole"
                    + " (400 names every bad field, e.g. heartbeats[3].generated_at; nothing is written). Idempotent"
                    + " on event_id: stored events are skipped and counted as duplicates. A 2xx means committed,"
                    + " rollups included.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "Committed",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.HEARTBEATS_RESULT))))
    HeartbeatIngest.Result heartbeats(
            @Parameter(description = "The company") @PathVariable UUID companyId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            schema = @Schema(implementation = IngestBodies.HeartbeatBatch.class),
                                            examples = @ExampleObject(value = OpenApiExamples.HEARTBEATS)))
                    @RequestBody
                    JsonNode body,
            Caller caller) {
        return heartbeats.ingest(caller.companyId(), body);
    }

    @DataIngest
    @PostMapping(path = "/page-views", consumes = MediaType.APPLICATION_JSON_VALUE)
    @CompanyAccess(scope = Caller.INGEST)
    @Operation(
            summary = "Ingest a batch of page views (server-side)",
            description = "Service token with scope analytics:ingest, for backends that forward browser events."
                    + " 1 to 1000 page views, validated as a whole (400 names every bad field, e.g."
                    + " page_views[3].duration_ms, or page_views[0].user_id for a non-member; nothing is written)."
                    + " Idempotent on event_id, shared with track/pageview: an id stored before or earlier in the"
                    + " batch is skipped and counted as a duplicate. Each view is stored exactly as track/pageview"
                    + " stores it (sessions, rollups), in viewed_at order. A 2xx means every view is committed.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "Committed",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.PAGE_VIEWS_RESULT))))
    PageViewBatch.Result pageViews(
            @Parameter(description = "The company") @PathVariable UUID companyId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            schema = @Schema(implementation = IngestBodies.PageViewBatch.class),
                                            examples = @ExampleObject(value = OpenApiExamples.PAGE_VIEWS)))
                    @RequestBody
                    JsonNode body,
            Caller caller) {
        return pageViews.ingest(caller.companyId(), body);
    }

    @DataIngest
    @PostMapping(path = "/track/pageview", consumes = MediaType.APPLICATION_JSON_VALUE)
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Record a page view of the calling member",
            description = "User token of an active member; the view is the caller's own. Body: event_id?, path,"
                    + " referrer?, session_id, duration_ms?, viewed_at? (default now; within the retention period, at"
                    + " most 5 minutes ahead). Starts or extends the session; an idle gap over 30 minutes opens a new"
                    + " one. A view whose event_id is already stored for the company counts once: the retry still"
                    + " answers 202 and changes nothing.",
            responses =
                    @ApiResponse(
                            responseCode = "202",
                            description = "Recorded",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.ACCEPTED))))
    ResponseEntity<Map<String, String>> pageView(
            @Parameter(description = "The company") @PathVariable UUID companyId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            schema = @Schema(implementation = IngestBodies.PageView.class),
                                            examples = @ExampleObject(value = OpenApiExamples.PAGE_VIEW)))
                    @RequestBody
                    JsonNode body,
            Caller caller) {
        tracking.pageView(caller, body);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "accepted"));
    }

    @DataIngest
    @PostMapping(path = "/track/heartbeat", consumes = MediaType.APPLICATION_JSON_VALUE)
    @CompanyAccess(role = Access.MEMBER)
    @Operation(
            summary = "Keep the calling member's session alive",
            description = "User token of an active member. Body: session_id. The session's last_activity_at"
                    + " becomes now; after an idle gap over 30 minutes a new session is opened.",
            responses =
                    @ApiResponse(
                            responseCode = "202",
                            description = "Recorded",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.ACCEPTED))))
    ResponseEntity<Map<String, String>> sessionHeartbeat(
            @Parameter(description = "The company") @PathVariable UUID companyId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            schema = @Schema(implementation = IngestBodies.SessionHeartbeat.class),
                                            examples = @ExampleObject(value = OpenApiExamples.SESSION_HEARTBEAT)))
                    @RequestBody
                    JsonNode body,
            Caller caller) {
        tracking.heartbeat(caller, body);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "accepted"));
    }
}
