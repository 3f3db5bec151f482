package io.activity.analytics.company;

import io.activity.analytics.security.SignedInUser;
import io.activity.analytics.security.UserAccess;
import io.activity.analytics.web.ApiTags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed-in user's companies, for a dashboard's company picker. Outside the company tree: no
 * company's rate limit, usage or audit trail, and never served from the response cache.
 */
@RestController
@Tag(name = ApiTags.COMPANIES)
class MyCompaniesController {

    private final MyCompanies companies;

    MyCompaniesController(MyCompanies companies) {
        this.companies = companies;
    }

    @GetMapping("/api/v2/me/companies")
    @UserAccess
    @Operation(
            summary = "The caller's companies",
            description = "User token only (a service token is refused with 403 permission_denied). Every company"
                    + " where the caller is an active member (status active, not deleted: the same rule as the"
                    + " access check of the company routes), with the caller's role there, ordered by name"
                    + " (case-insensitive), then name, then company_id. Read from the database on every call:"
                    + " a membership change shows at once. Counts against no company's rate limit and is"
                    + " recorded in no company's usage or audit log.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The caller's companies (an empty list when there are none)",
                            content = @Content(examples = @ExampleObject(value = OpenApiExamples.MY_COMPANIES))))
    MyCompaniesResponse myCompanies(SignedInUser user) {
        return new MyCompaniesResponse(companies.of(user.userId()));
    }
}
