package io.activity.analytics.company;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProvisioningTest extends IntegrationTest {

    private static final String PROVISION = Tokens.provision();

    @Test
    void putCompanyCreatesThenUpdates() {
        UUID id = UUID.randomUUID();
        var created = api.put("/api/v2/companies/" + id, PROVISION, Map.of("name", "Acme", "timezone", "Asia/Kolkata"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("company_id").asString()).isEqualTo(id.toString());
        assertThat(created.json().get("timezone").asString()).isEqualTo("Asia/Kolkata");

        var updated = api.put("/api/v2/companies/" + id, PROVISION, Map.of("name", "Acme Inc"));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("name").asString()).isEqualTo("Acme Inc");
        assertThat(updated.json().get("timezone").asString()).isEqualTo("UTC");
        assertThat(jdbc.sql("select name from companies where company_id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("Acme Inc");
    }

    @Test
    void putCompanyRejectsBadInput() {
        String path = "/api/v2/companies/" + UUID.randomUUID();
        var badZone = api.put(path, PROVISION, Map.of("name", "X", "timezone", "Mars/Olympus"));
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(badZone.json().get("errors").has("timezone")).isTrue();

        var offsetZone = api.put(path, PROVISION, Map.of("name", "X", "timezone", "+05:30"));
        assertThat(offsetZone.status()).isEqualTo(400);

        var noName = api.put(path, PROVISION, Map.of("timezone", "UTC"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("errors").has("name")).isTrue();

        var notJson = api.send("PUT", path, PROVISION, "{\"name\": ", "application/json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("code").asString()).isEqualTo("invalid_json");

        var wrongType = api.send("PUT", path, PROVISION, "name=x", "application/x-www-form-urlencoded");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.json().get("code").asString()).isEqualTo("unsupported_media_type");

        var badId = api.put("/api/v2/companies/not-a-uuid", PROVISION, Map.of("name", "X"));
        assertThat(badId.status()).isEqualTo(404);

        // Nothing was stored by any of the refused requests.
        assertThat(jdbc.sql("select count(*) from companies where company_id = ?::uuid")
                        .param(path.substring(path.lastIndexOf('/') + 1))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void memberLifecycleIsReadableAndRecordedByTheTrigger() {
        UUID company = company("UTC");
        UUID user = UUID.randomUUID();
        String path = "/api/v2/companies/" + company + "/members/" + user;
        var put = api.put(
                path,
                PROVISION,
                Map.of(
                        "email",
                        "ada@example.com",
                        "first_name",
                        "Ada",
                        "last_name",
                        "Lovelace",
                        "role",
                        "admin",
                        "department",
                        "Research",
                        "status",
                        "pending"));
        assertThat(put.status()).isEqualTo(201);

        var again = api.put(
                path,
                PROVISION,
                Map.of(
                        "email",
                        "ada@example.com",
                        "first_name",
                        "Ada",
                        "last_name",
                        "Lovelace",
                        "role",
                        "admin",
                        "department",
                        "Research",
                        "status",
                        "active"));
        assertThat(again.status()).isEqualTo(200);

        var patched = api.patch(path, PROVISION, Map.of("status", "inactive", "first_name", "Augusta"));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("first_name").asString()).isEqualTo("Augusta");
        assertThat(patched.json().get("status").asString()).isEqualTo("inactive");
        assertThat(patched.json().get("department").asString()).isEqualTo("Research");

        var read = api.get(path, PROVISION);
        assertThat(read.status()).isEqualTo(200);
        var body = read.json();
        assertThat(body.get("user_id").asString()).isEqualTo(user.toString());
        assertThat(body.get("email").asString()).isEqualTo("ada@example.com");
        assertThat(body.get("last_name").asString()).isEqualTo("Lovelace");
        assertThat(body.get("role").asString()).isEqualTo("admin");
        assertThat(body.get("created_at").asString()).endsWith("Z");

        assertThat(api.delete(path, PROVISION).status()).isEqualTo(204);
        assertThat(api.delete(path, PROVISION).status()).isEqualTo(204);
        assertThat(api.get(path, PROVISION).status()).isEqualTo(404);
        assertThat(api.get(path, PROVISION).json().get("code").asString()).isEqualTo("user_not_found");
        assertThat(api.patch(path, PROVISION, Map.of("status", "active")).status())
                .isEqualTo(404);

        // creation (pending), active, inactive, deleted: the PATCH of a name alone added nothing
        List<String> history =
                jdbc.sql("""
                        select coalesce(old_status, '-') || '>' || new_status from user_status_changes
                        where company_id = ? and user_id = ? order by change_id""").param(company).param(user).query(String.class).list();
        assertThat(history).containsExactly("->pending", "pending>active", "active>inactive", "inactive>deleted");

        // A PUT after the delete restores the member and records it.
        assertThat(api.put(path, PROVISION, Map.of("email", "ada@example.com", "status", "active"))
                        .status())
                .isEqualTo(201);
        assertThat(api.get(path, PROVISION).json().get("status").asString()).isEqualTo("active");
        assertThat(jdbc.sql("select new_status from user_status_changes where company_id = ? and user_id = ? "
                                + "order by change_id desc limit 1")
                        .param(company)
                        .param(user)
                        .query(String.class)
                        .single())
                .isEqualTo("active");
    }

    @Test
    void memberValidationNamesTheFieldAndWritesNothing() {
        UUID company = company("UTC");
        UUID user = UUID.randomUUID();
        String path = "/api/v2/companies/" + company + "/members/" + user;
        Map<String, Object> bad = new HashMap<>(Map.of("email", "not-an-email", "role", "king", "status", "gone"));
        var response = api.put(path, PROVISION, bad);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        var errors = response.json().get("errors");
        assertThat(errors.has("email")).isTrue();
        assertThat(errors.has("role")).isTrue();
        assertThat(errors.has("status")).isTrue();
        assertThat(api.get(path, PROVISION).status()).isEqualTo(404);

        var wrongType = api.put(path, PROVISION, Map.of("email", "a@example.com", "first_name", List.of(1)));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("errors").has("first_name")).isTrue();

        assertThat(api.put("/api/v2/companies/" + company + "/members/xyz", PROVISION, Map.of("email", "a@example.com"))
                        .status())
                .isEqualTo(400);

        member(company); // a valid member to patch badly
        UUID existing = jdbc.sql("select user_id from company_members where company_id = ? limit 1")
                .param(company)
                .query(UUID.class)
                .single();
        String existingPath = "/api/v2/companies/" + company + "/members/" + existing;
        Map<String, Object> nullRole = new HashMap<>();
        nullRole.put("role", null);
        nullRole.put("status", "deleted");
        var patch = api.patch(existingPath, PROVISION, nullRole);
        assertThat(patch.status()).isEqualTo(400);
        assertThat(patch.json().get("errors").has("role")).isTrue();
        var patch2 = api.patch(existingPath, PROVISION, Map.of("status", "deleted"));
        assertThat(patch2.status()).isEqualTo(400);
        assertThat(patch2.json().get("errors").has("status")).isTrue();
        assertThat(api.get(existingPath, PROVISION).json().get("status").asString())
                .isEqualTo("active");
    }

    @Test
    void membersReadTheirCompanyAndOtherCompaniesSeeNothing() {
        UUID company = company("Europe/Berlin");
        UUID alice = member(company);
        UUID other = company("UTC");
        UUID mallory = member(other, "owner", "active");

        var own = api.get("/api/v2/companies/" + company + "/members/" + alice, Tokens.user(alice));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get("email").asString()).isEqualTo(alice + "@example.com");

        var foreign = api.get("/api/v2/companies/" + company + "/members/" + alice, Tokens.user(mallory));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().get("code").asString()).isEqualTo("company_not_found");
        assertThat(foreign.body())
                .doesNotContain("example.com")
                .doesNotContain("email")
                .doesNotContain("First");

        var missing = api.get("/api/v2/companies/" + UUID.randomUUID() + "/members/" + alice, Tokens.user(alice));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("code").asString()).isEqualTo("company_not_found");
        // the same body shape for "missing" and "not yours": nothing tells them apart
        assertThat(missing.json().get("detail").asString())
                .isEqualTo(foreign.json().get("detail").asString());

        var company2 = api.get("/api/v2/companies/" + company, Tokens.user(alice));
        assertThat(company2.status()).isEqualTo(200);
        assertThat(company2.json().get("timezone").asString()).isEqualTo("Europe/Berlin");
    }

    @Test
    void membersCannotProvision() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        var response = api.put(
                "/api/v2/companies/" + company + "/members/" + UUID.randomUUID(),
                Tokens.user(owner),
                Map.of("email", "x@example.com"));
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("code").asString()).isEqualTo("permission_denied");
    }
}
