package io.activity.analytics.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AuthenticationTest extends IntegrationTest {

    private String memberPath(UUID company, UUID user) {
        return "/api/v2/companies/" + company + "/members/" + user;
    }

    private void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        var body = response.json();
        assertThat(body.get("code").asString()).isEqualTo(code);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        for (String field : new String[] {"type", "title", "detail", "timestamp"}) {
            assertThat(body.has(field)).as(field).isTrue();
        }
        assertThat(response.body())
                .doesNotContain("Exception")
                .doesNotContain("at io.")
                .doesNotContain("select ");
    }

    @Test
    void noTokenIs401AuthenticationRequired() {
        UUID company = company("UTC");
        UUID user = member(company);
        var response = api.get(memberPath(company, user), null);
        assertProblem(response, 401, "authentication_required");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void badTokensAre401InvalidToken() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = memberPath(company, user);

        String expired = Tokens.sign(
                Tokens.SECRET,
                c -> c.subject(user.toString())
                        .issueTime(Date.from(Instant.now().minusSeconds(600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(120))));
        var expiredResponse = api.get(path, expired);
        assertProblem(expiredResponse, 401, "invalid_token");
        assertThat(expiredResponse.json().get("detail").asString()).isEqualTo("The bearer token has expired.");

        String withinSkew = Tokens.sign(
                Tokens.SECRET,
                c -> c.subject(user.toString())
                        .issueTime(Date.from(Instant.now().minusSeconds(600)))
                        .expirationTime(Date.from(Instant.now().minusSeconds(20))));
        assertThat(api.get(path, withinSkew).status()).isEqualTo(200);

        String noExp =
                Tokens.sign(Tokens.SECRET, c -> c.subject(user.toString()).expirationTime(null));
        assertProblem(api.get(path, noExp), 401, "invalid_token");

        String badSignature =
                Tokens.sign("another-secret-another-secret-another-secret", c -> c.subject(user.toString()));
        assertProblem(api.get(path, badSignature), 401, "invalid_token");

        String noSub = Tokens.sign(Tokens.SECRET, c -> c.subject(null));
        assertProblem(api.get(path, noSub), 401, "invalid_token");

        String nonUuidSub = Tokens.sign(Tokens.SECRET, c -> c.subject("alice"));
        assertProblem(api.get(path, nonUuidSub), 401, "invalid_token");

        assertProblem(api.get(path, "not.a.jwt"), 401, "invalid_token");
        assertProblem(api.get(path, "garbage"), 401, "invalid_token");

        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload =
                b64("{\"sub\":\"" + user + "\",\"exp\":" + (Instant.now().getEpochSecond() + 3600) + "}");
        assertProblem(api.get(path, header + "." + payload + "."), 401, "invalid_token");

        // HS384 signed with the right secret is still refused: only HS256 is configured.
        String hs384Header = b64("{\"alg\":\"HS512\",\"typ\":\"JWT\"}");
        assertProblem(api.get(path, hs384Header + "." + payload + ".c2lnbmF0dXJl"), 401, "invalid_token");
    }

    @Test
    void pendingAndInactiveMembersAreTreatedAsNonMembers() {
        UUID company = company("UTC");
        UUID active = member(company);
        UUID pending = member(company, "member", "pending");
        UUID inactive = member(company, "admin", "inactive");
        assertProblem(api.get(memberPath(company, active), Tokens.user(pending)), 404, "company_not_found");
        assertProblem(api.get(memberPath(company, active), Tokens.user(inactive)), 404, "company_not_found");
        assertThat(api.get(memberPath(company, active), Tokens.user(active)).status())
                .isEqualTo(200);
    }

    @Test
    void serviceTokensAreCheckedForScopeAndCompany() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = memberPath(company, user);
        assertProblem(api.get(path, Tokens.ingest()), 403, "permission_denied");
        assertProblem(
                api.get(path, Tokens.service("analytics:provision", UUID.randomUUID())), 404, "company_not_found");
        assertThat(api.get(path, Tokens.service("analytics:provision", company)).status())
                .isEqualTo(200);
        assertProblem(
                api.get("/api/v2/companies/" + UUID.randomUUID() + "/members/" + user, Tokens.provision()),
                404,
                "company_not_found");
    }

    @Test
    void publicEndpointsNeedNoToken() {
        assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIs413() {
        String big = "{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        var response =
                api.send("PUT", "/api/v2/companies/" + UUID.randomUUID(), Tokens.provision(), big, "application/json");
        assertProblem(response, 413, "payload_too_large");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
