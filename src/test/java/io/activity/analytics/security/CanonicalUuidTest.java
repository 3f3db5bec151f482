package io.activity.analytics.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ids are read only in their canonical 36-character form (8-4-4-4-12 hex). UUID.fromString alone
 * also takes {@code aaaaaaaa-0-4000-8000-a}, {@code 1-1-1-1-1} or {@code +0000000-…} for some
 * canonical id; none of those may reach a company, a member or a token's subject.
 */
class CanonicalUuidTest extends IntegrationTest {

    @Autowired
    JsonMapper json;

    /** An id whose zero-padded groups have a short, non-canonical spelling: prefix-0-4000-8000-&lt;last&gt;. */
    private static String[] zeroRichId(char last) {
        String prefix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt() | 0x10000000);
        return new String[] {prefix + "-0000-4000-8000-00000000000" + last, prefix + "-0-4000-8000-" + last};
    }

    private UUID companyWithId(String id) {
        var created =
                api.put("/api/v2/companies/" + id, Tokens.provision(), Map.of("name", "Co " + id, "timezone", "UTC"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return UUID.fromString(id);
    }

    private void memberWithId(UUID company, String id, String role) {
        var response = api.put(
                "/api/v2/companies/" + company + "/members/" + id,
                Tokens.provision(),
                Map.of(
                        "email",
                        id + "@example.com",
                        "first_name",
                        "F",
                        "last_name",
                        "L",
                        "role",
                        role,
                        "status",
                        "active"));
        assertThat(response.status()).as(response.toString()).isIn(200, 201);
    }

    private static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.json().path("code").asString())
                .as(response.toString())
                .isEqualTo(code);
    }

    @Test
    void aNonCanonicalCompanyIdInThePathIsNoCompany() {
        String[] id = zeroRichId('a');
        UUID company = companyWithId(id[0]);
        assertThat(api.get("/api/v2/companies/" + company, Tokens.provision()).status())
                .isEqualTo(200);
        assertProblem(api.get("/api/v2/companies/" + id[1], Tokens.provision()), 404, "company_not_found");
        String owner = Tokens.user(member(company, "owner", "active"));
        assertThat(api.get("/api/v2/companies/" + id[0] + "/user-metrics/", owner)
                        .status())
                .isEqualTo(200);
        assertProblem(api.get("/api/v2/companies/" + id[1] + "/user-metrics/", owner), 404, "company_not_found");
        // Hex digits in either case are canonical (RFC 9562 compares ids case-insensitively).
        assertThat(api.get("/api/v2/companies/" + id[0].toUpperCase(), Tokens.provision())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aNonCanonicalUserIdInThePathIsRefusedAsBefore() {
        UUID company = company("UTC");
        String[] id = zeroRichId('b');
        memberWithId(company, id[0], "member");
        String base = "/api/v2/companies/" + company + "/members/";
        assertThat(api.get(base + id[0], Tokens.provision()).status()).isEqualTo(200);
        // The 400 a malformed user id (e.g. "abc") has always had.
        var malformed = api.get(base + "abc", Tokens.provision());
        assertProblem(malformed, 400, "validation_error");
        for (String spelling : List.of(id[1], "%20" + id[0], "1-1-1-1-1")) {
            var response = api.get(base + spelling, Tokens.provision());
            assertProblem(response, 400, "validation_error");
            assertThat(response.json().get("errors").propertyNames())
                    .as(spelling)
                    .containsExactlyElementsOf(malformed.json().get("errors").propertyNames());
        }
    }

    @Test
    void aUserTokenWhoseSubjectIsNotCanonicalIsAnInvalidToken() {
        UUID company = company("UTC");
        // 1-1-1-1-1 is read by UUID.fromString as this id: make it a real, active owner.
        memberWithId(company, "00000001-0001-0001-0001-000000000001", "owner");
        String path = "/api/v2/companies/" + company;
        assertThat(api.get(path, Tokens.user(UUID.fromString("00000001-0001-0001-0001-000000000001")))
                        .status())
                .isEqualTo(200);
        for (String sub :
                List.of("1-1-1-1-1", "+0000001-0001-0001-0001-000000000001", " 00000001-0001-0001-0001-000000000001")) {
            assertProblem(api.get(path, Tokens.sign(Tokens.SECRET, c -> c.subject(sub))), 401, "invalid_token");
        }
    }

    @Test
    void aServiceTokenWhoseCompanyIdIsNotCanonicalIsAnInvalidToken() {
        String[] id = zeroRichId('c');
        UUID company = companyWithId(id[0]);
        String path = "/api/v2/companies/" + company;
        String canonical = Tokens.sign(
                Tokens.SECRET,
                c -> c.subject("svc").claim("scope", "analytics:provision").claim("company_id", id[0]));
        assertThat(api.get(path, canonical).status()).isEqualTo(200);
        for (Object claim : List.of(id[1], "not-a-uuid", 42)) {
            String token = Tokens.sign(
                    Tokens.SECRET,
                    c -> c.subject("svc").claim("scope", "analytics:provision").claim("company_id", claim));
            assertProblem(api.get(path, token), 401, "invalid_token");
        }
    }

    @Test
    void aNonCanonicalUserIdInAHeartbeatIsRefusedNamingTheField() {
        UUID company = company("UTC");
        String userId = "0"
                + HexFormat.of()
                        .toHexDigits(ThreadLocalRandom.current().nextInt())
                        .substring(1) + "-1111-4111-8111-111111111111";
        memberWithId(company, userId, "member");
        String path = "/api/v2/companies/" + company + "/heartbeats";
        for (String spelling : List.of("+" + userId.substring(1), "1-1-1-1-1")) {
            var response = api.post(path, Tokens.ingest(), Map.of("heartbeats", List.of(heartbeat(spelling))));
            assertProblem(response, 400, "validation_error");
            assertThat(response.json().get("errors").has("heartbeats[0].user_id"))
                    .as(response.toString())
                    .isTrue();
        }
        assertThat(jdbc.sql("select count(*) from heartbeats where company_id = ?")
                        .param(company)
                        .query(Long.class)
                        .single())
                .isZero();
        var ok = api.post(path, Tokens.ingest(), Map.of("heartbeats", List.of(heartbeat(userId))));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void jsonBodiesReadOnlyCanonicalUuids() {
        UUID id = UUID.randomUUID();
        assertThat(json.readValue("\"" + id + "\"", UUID.class)).isEqualTo(id);
        assertThat(json.readValue("\"" + id.toString().toUpperCase() + "\"", UUID.class))
                .isEqualTo(id);
        // Jackson's own UUID reader also takes 24 characters of Base64 for the 16 bytes.
        assertThatThrownBy(() -> json.readValue("\"AAAAAAAAAAAAAAAAAAAAAA==\"", UUID.class))
                .isInstanceOf(tools.jackson.core.JacksonException.class);
        assertThatThrownBy(() -> json.readValue("\"1-1-1-1-1\"", UUID.class))
                .isInstanceOf(tools.jackson.core.JacksonException.class);
    }

    private static Map<String, Object> heartbeat(String userId) {
        return Map.of(
                "event_id", UUID.randomUUID().toString(),
                "user_id", userId,
                "device_id", "laptop-1",
                "generated_at", Instant.now().minusSeconds(60).toString(),
                "chrome_activity_count", 1,
                "edge_activity_count", 0,
                "firefox_activity_count", 0,
                "desktop_activity_count", 0,
                "web_accessibility_activity_count", 0);
    }
}
