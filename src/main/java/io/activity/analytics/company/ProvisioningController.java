package io.activity.analytics.company;

import io.activity.analytics.security.Caller;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
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
@RequestMapping("/api/v2/companies/{companyId}")
class ProvisioningController {

    private final Provisioning provisioning;

    ProvisioningController(Provisioning provisioning) {
        this.provisioning = provisioning;
    }

    @PutMapping
    @CompanyAccess(scope = Caller.PROVISION, companyMayBeMissing = true)
    ResponseEntity<CompanyResponse> putCompany(@PathVariable UUID companyId, @Valid @RequestBody CompanyRequest body) {
        var result = provisioning.putCompany(companyId, body);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result.body());
    }

    @GetMapping
    @CompanyAccess(role = Access.MEMBER, scope = Caller.PROVISION)
    CompanyResponse getCompany(@PathVariable UUID companyId) {
        return provisioning.getCompany(companyId);
    }

    @PutMapping("/members/{userId}")
    @CompanyAccess(scope = Caller.PROVISION)
    ResponseEntity<MemberResponse> putMember(
            @PathVariable UUID companyId, @PathVariable UUID userId, @Valid @RequestBody MemberRequest body) {
        var result = provisioning.putMember(companyId, userId, body);
        return ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result.body());
    }

    @PatchMapping("/members/{userId}")
    @CompanyAccess(scope = Caller.PROVISION)
    MemberResponse patchMember(
            @PathVariable UUID companyId, @PathVariable UUID userId, @RequestBody Map<String, Object> body) {
        return provisioning.patchMember(companyId, userId, body);
    }

    @DeleteMapping("/members/{userId}")
    @CompanyAccess(scope = Caller.PROVISION)
    ResponseEntity<Void> deleteMember(@PathVariable UUID companyId, @PathVariable UUID userId) {
        provisioning.deleteMember(companyId, userId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/members/{userId}")
    @CompanyAccess(role = Access.MEMBER, scope = Caller.PROVISION)
    MemberResponse getMember(@PathVariable UUID companyId, @PathVariable UUID userId) {
        return provisioning.getMember(companyId, userId);
    }
}
