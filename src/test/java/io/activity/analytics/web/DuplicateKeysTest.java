package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A JSON body that names a key twice ({"role":"member","role":"owner"}) is not valid input: 400
 * invalid_json and nothing written, instead of the last value silently winning.
 */
class DuplicateKeysTest extends IntegrationTest {

    private static void assertInvalidJson(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo("invalid_json");
    }

    private long count(String table, UUID company) {
        return jdbc.sql("select count(*) from " + table + " where company_id = ?")
                .param(company)
                .query(Long.class)
                .single();
    }

    @Test
    void provisioningRefusesDuplicateKeys() {
        UUID company = company("UTC");
        UUID user = UUID.randomUUID();
        String body = "{\"email\":\"dup@example.com\",\"first_name\":\"D\",\"last_name\":\"K\","
                + "\"role\":\"member\",\"role\":\"owner\",\"status\":\"active\"}";
        assertInvalidJson(api.send(
                "PUT",
                "/api/v2/companies/" + company + "/members/" + user,
                Tokens.provision(),
                body,
                "application/json"));
        assertThat(count("company_members", company)).isZero();

        UUID other = UUID.randomUUID();
        assertInvalidJson(api.send(
                "PUT",
                "/api/v2/companies/" + other,
                Tokens.provision(),
                "{\"name\":\"A\",\"timezone\":\"UTC\",\"name\":\"B\"}",
                "application/json"));
        assertThat(api.get("/api/v2/companies/" + other, Tokens.provision()).status())
                .isEqualTo(404);
    }

    @Test
    void heartbeatBatchesRefuseDuplicateKeysAndWriteNothing() {
        UUID company = company("UTC");
        UUID user = member(company);
        UUID stranger = UUID.randomUUID();
        String item = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"user_id\":\"" + stranger + "\",\"user_id\":\""
                + user + "\",\"device_id\":\"laptop-1\",\"generated_at\":\""
                + Instant.now().minusSeconds(60)
                + "\",\"chrome_activity_count\":1,\"edge_activity_count\":0,\"firefox_activity_count\":0,"
                + "\"desktop_activity_count\":0,\"web_accessibility_activity_count\":0}";
        String path = "/api/v2/companies/" + company + "/heartbeats";
        assertInvalidJson(
                api.send("POST", path, Tokens.ingest(), "{\"heartbeats\":[" + item + "]}", "application/json"));
        String valid = item.replace("\"user_id\":\"" + stranger + "\",", "");
        assertInvalidJson(api.send(
                "POST",
                path,
                Tokens.ingest(),
                "{\"heartbeats\":[],\"heartbeats\":[" + valid + "]}",
                "application/json"));
        assertThat(count("heartbeats", company)).isZero();
        // The same batch without the duplicate is fine.
        var ok = api.send("POST", path, Tokens.ingest(), "{\"heartbeats\":[" + valid + "]}", "application/json");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(count("heartbeats", company)).isEqualTo(1);
    }
}
