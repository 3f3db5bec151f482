package io.activity.analytics.rollup;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.activity.analytics.web.NoResponseCache;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Erasure of one member's data (data rights): the request, and its state. */
@RestController
@Tag(name = ApiTags.DATA_RIGHTS)
@RequestMapping("/api/v2/companies/{companyId}")
class ErasureController {

    record Requested(UUID erasureId, String status) {}

    private final Erasures erasures;

    ErasureController(Erasures erasures) {
        this.erasures = erasures;
    }

    @DeleteMapping("/members/{userId}/data")
    @CompanyAccess(role = Access.OWNER, scope = Caller.PROVISION)
    @NoResponseCache
    @Operation(
            summary = "Erase one member's data",
            description = "Owner, or a service token with analytics:provision. 202 at once; the erasure runs in the"
                    + " background (GET /erasures/{erasure_id} for its state). From the request on, the member's"
                    + " email, names and department are blanked, the membership is deleted (with its status"
                    + " history) and the member's tokens and events are refused like a non-member's. When done:"
                    + " no heartbeat, page view, session or API usage event of the member remains, every rollup"
                    + " equals a rebuild from the rows left (company figures drop by exactly that member), and the"
                    + " member's audit-log entries are kept without the user id (subject \"erased\"). A user id"
                    + " that was never a user of the company is 404 user_not_found; repeating the request is"
                    + " harmless (a new erasure that finds nothing). The request itself is in the audit log.",
            responses =
                    @ApiResponse(
                            responseCode = "202",
                            description = "Accepted: the erasure is running",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.ERASURE_REQUESTED))))
    ResponseEntity<Requested> erase(
            @Parameter(description = "The company") @PathVariable UUID companyId,
            @Parameter(description = "The member whose data is erased (UUID)") @PathVariable UUID userId,
            Caller caller) {
        Erasures.Status status = erasures.request(caller.companyId(), userId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Requested(status.erasureId(), status.status()));
    }

    @GetMapping("/erasures/{erasureId}")
    @CompanyAccess(role = Access.OWNER, scope = Caller.PROVISION)
    @NoResponseCache
    @Operation(
            summary = "State of an erasure",
            description = "Owner, or a service token with analytics:provision. status is running (not finished"
                    + " yet, or retried after a failed attempt), done or failed (after five attempts; nothing was"
                    + " deleted). deleted counts the raw rows the erasure deleted, all zero until it is done (it is"
                    + " one transaction); finished_at is null until it is done or failed. An id that is no erasure"
                    + " of this company is 404 erasure_not_found.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The erasure",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.ERASURE_DONE))))
    Erasures.Status status(
            @Parameter(description = "The company") @PathVariable UUID companyId,
            @Parameter(description = "The erasure_id of the DELETE's answer") @PathVariable UUID erasureId,
            Caller caller) {
        return erasures.status(caller.companyId(), erasureId);
    }
}
