package io.activity.analytics.company;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.web.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Provisioning: the customer's backend mirrors its companies and members here. */
@RestController
@Tag(name = ApiTags.COMPANIES)
@RequestMapping("/api/v2/companies/{companyId}")
class ProvisioningController {

    private final Provisioning provisioning;

    ProvisioningController(Provisioning provisioning) {
        this.provisioning = provisioning;
    }

    @PutMapping
    @Operation(
            summary = "Create or update a company",
            description = "Service token with scope analytics:provision. Creates the company (201) or replaces its"
                    + " name and timezone (200). timezone is an IANA zone name, default UTC; an unknown zone is a 400."
                    + " Changing the zone rebuilds the company's daily rollups in the background.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Created",
                        content = @Content(examples = @ExampleObject(value = OpenApiExamples.COMPANY_RESPONSE))),
                @ApiResponse(
                        responseCode = "200",
                        description = "Updated",
                        content = @Content(examples = @ExampleObject(value = OpenApiExamples.COMPANY_RESPONSE)))
            })
    @CompanyAccess(scope = Caller.PROVISION, companyMayBeMissing = true)
    ResponseEntity<CompanyResponse> putCompany(
            @PathVariable UUID companyId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.COMPANY_REQUEST)))
                    @Valid
                    @RequestBody
                    CompanyRequest body) {
        var result = provisioning.putCompany(companyId, body);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result.body());
    }

    @GetMapping
    @Operation(
            summary = "Read a company",
            description = "The company's name and timezone. An active member of the company (any role) or a service"
                    + " token with analytics:provision.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The company",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.COMPANY_RESPONSE))))
    @CompanyAccess(role = Access.MEMBER, scope = Caller.PROVISION)
    CompanyResponse getCompany(@PathVariable UUID companyId) {
        return provisioning.getCompany(companyId);
    }

    @PutMapping("/members/{userId}")
    @Operation(
            summary = "Create or replace a member",
            description = "Service token with analytics:provision. Upserts the user and the membership; omitted"
                    + " optional fields take their defaults (role member, status active, names empty, department"
                    + " null). 201 for a new or restored member, 200 for an update. Status changes are recorded by a"
                    + " database trigger in user_status_changes.",
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "Created",
                        content = @Content(examples = @ExampleObject(value = OpenApiExamples.MEMBER_RESPONSE))),
                @ApiResponse(
                        responseCode = "200",
                        description = "Updated",
                        content = @Content(examples = @ExampleObject(value = OpenApiExamples.MEMBER_RESPONSE)))
            })
    @CompanyAccess(scope = Caller.PROVISION)
    ResponseEntity<MemberResponse> putMember(
            @PathVariable UUID companyId,
            @Parameter(description = "The user's id (UUID); the sub of their user tokens") @PathVariable UUID userId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.MEMBER_REQUEST)))
                    @Valid
                    @RequestBody
                    MemberRequest body) {
        var result = provisioning.putMember(companyId, userId, body);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result.body());
    }

    @PatchMapping("/members/{userId}")
    @Operation(
            summary = "Change some fields of a member",
            description = "Service token with analytics:provision. Any subset of email, first_name, last_name, role,"
                    + " department, status; the merged member is validated like a PUT. A deleted member is 404"
                    + " user_not_found.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The updated member",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.MEMBER_RESPONSE))))
    @CompanyAccess(scope = Caller.PROVISION)
    MemberResponse patchMember(
            @PathVariable UUID companyId,
            @Parameter(description = "The user's id (UUID); the sub of their user tokens") @PathVariable UUID userId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.MEMBER_PATCH)))
                    @RequestBody
                    Map<String, Object> body) {
        return provisioning.patchMember(companyId, userId, body);
    }

    @DeleteMapping("/members/{userId}")
    @Operation(
            summary = "Soft-delete a member",
            description = "Service token with analytics:provision. 204. The member disappears from lists, counts and"
                    + " reads and their tokens stop working for the company, but their history is kept. Deleting"
                    + " twice is harmless; PUT restores.",
            responses = @ApiResponse(responseCode = "204", description = "Deleted"))
    @CompanyAccess(scope = Caller.PROVISION)
    ResponseEntity<Void> deleteMember(
            @PathVariable UUID companyId,
            @Parameter(description = "The user's id (UUID); the sub of their user tokens") @PathVariable UUID userId) {
        provisioning.deleteMember(companyId, userId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/members/{userId}")
    @Operation(
            summary = "Read a member",
            description = "An active member of the company (any role) or a service token with analytics:provision."
                    + " A deleted member is 404 user_not_found.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The member",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.MEMBER_RESPONSE))))
    @CompanyAccess(role = Access.MEMBER, scope = Caller.PROVISION)
    MemberResponse getMember(
            @PathVariable UUID companyId,
            @Parameter(description = "The user's id (UUID); the sub of their user tokens") @PathVariable UUID userId) {
        return provisioning.getMember(companyId, userId);
    }
}
