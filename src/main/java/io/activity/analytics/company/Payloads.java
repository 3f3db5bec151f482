package io.activity.analytics.company;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** PUT company body. timezone defaults to UTC and must be an IANA zone name. */
record CompanyRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 64) String timezone) {}

record CompanyResponse(UUID companyId, String name, String timezone, Instant createdAt, Instant updatedAt) {
    static CompanyResponse of(Company c) {
        return new CompanyResponse(c.companyId(), c.name(), c.timezone(), c.createdAt(), c.updatedAt());
    }
}

/** PUT member body: the whole user and membership; omitted optional fields take their defaults. */
record MemberRequest(
        @NotBlank @Email @Size(max = 320) String email,
        @Size(max = 100) String firstName,
        @Size(max = 100) String lastName,

        @Pattern(regexp = Fields.ROLES, message = "must be one of member, admin, owner")
        String role,

        @Size(max = 100) String department,

        @Pattern(regexp = Fields.STATUSES, message = "must be one of active, inactive, pending")
        String status) {}

@JsonInclude(JsonInclude.Include.ALWAYS)
record MemberResponse(
        UUID userId,
        String email,
        String firstName,
        String lastName,
        String role,
        String department,
        String status,
        Instant createdAt) {
    static MemberResponse of(AppUser user, Member member) {
        return new MemberResponse(
                member.userId(),
                user.email(),
                user.firstName(),
                user.lastName(),
                member.role(),
                member.department(),
                member.status(),
                member.createdAt());
    }
}

/** One company of {@code GET /api/v2/me/companies}: where the caller is an active member, and as what. */
record MyCompany(UUID companyId, String name, String timezone, String role) {}

record MyCompaniesResponse(List<MyCompany> results) {}

final class Fields {
    static final String ROLES = "member|admin|owner";
    static final String STATUSES = "active|inactive|pending";

    private Fields() {}
}
