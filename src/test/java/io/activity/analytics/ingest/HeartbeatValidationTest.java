package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.Tokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class HeartbeatValidationTest extends IngestTestSupport {

    private static final String[] TABLES = {
        "heartbeats",
        "heartbeat_event_ids",
        "daily_user_activity",
        "daily_device_activity",
        "daily_company_activity",
        "quarter_hour_activity",
        "quarter_hour_company_activity",
        "user_active_days",
        "member_activity"
    };

    private long allRows(UUID company) {
        long n = 0;
        for (String table : TABLES) {
            n += count(table, company);
        }
        return n;
    }

    /** A good first item, and a second one the customiser breaks. */
    private Map<String, Object> body(UUID user, Consumer<Map<String, Object>> breakIt) {
        Map<String, Object> good = beat(UUID.randomUUID(), user, "d", "2026-06-09T10:00:00Z", 1, 0, 0, 0, 0);
        Map<String, Object> bad =
                new LinkedHashMap<>(beat(UUID.randomUUID(), user, "d", "2026-06-09T11:00:00Z", 1, 0, 0, 0, 0));
        breakIt.accept(bad);
        return batch(good, bad);
    }

    private void refused(UUID company, Object body, String field) {
        var response = api.post(heartbeats(company), Tokens.ingest(), body);
        assertThat(response.status()).as(field + " " + response).isEqualTo(400);
        assertThat(response.json().get("code").asString()).isEqualTo("validation_error");
        assertThat(response.json().get("errors").has(field))
                .as(field + " " + response)
                .isTrue();
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void everyRuleRefusesTheWholeBatchAndWritesNothing() {
        UUID company = company("Europe/Berlin");
        UUID user = member(company);
        UUID stranger = member(company("UTC"));
        String future = Instant.now().plus(6, ChronoUnit.MINUTES).toString();
        String tooOld = Instant.now().minus(36501, ChronoUnit.DAYS).toString();

        refused(company, Map.of(), "heartbeats");
        refused(company, Map.of("heartbeats", List.of()), "heartbeats");
        refused(company, Map.of("heartbeats", "nope"), "heartbeats");
        refused(company, Map.of("heartbeats", List.of("x")), "heartbeats[0]");
        refused(company, body(user, b -> b.put("event_id", "not-a-uuid")), "heartbeats[1].event_id");
        refused(company, body(user, b -> b.remove("event_id")), "heartbeats[1].event_id");
        refused(company, body(user, b -> b.remove("user_id")), "heartbeats[1].user_id");
        refused(company, body(user, b -> b.put("user_id", 42)), "heartbeats[1].user_id");
        refused(company, body(user, b -> b.put("user_id", UUID.randomUUID().toString())), "heartbeats[1].user_id");
        refused(company, body(user, b -> b.put("user_id", stranger.toString())), "heartbeats[1].user_id");
        refused(company, body(user, b -> b.put("device_id", " ")), "heartbeats[1].device_id");
        refused(company, body(user, b -> b.put("device_id", "x".repeat(201))), "heartbeats[1].device_id");
        refused(company, body(user, b -> b.remove("device_id")), "heartbeats[1].device_id");
        refused(company, body(user, b -> b.remove("generated_at")), "heartbeats[1].generated_at");
        refused(company, body(user, b -> b.put("generated_at", "2026-06-09")), "heartbeats[1].generated_at");
        refused(company, body(user, b -> b.put("generated_at", future)), "heartbeats[1].generated_at");
        refused(company, body(user, b -> b.put("generated_at", tooOld)), "heartbeats[1].generated_at");
        refused(company, body(user, b -> b.put("chrome_activity_count", -1)), "heartbeats[1].chrome_activity_count");
        refused(company, body(user, b -> b.put("edge_activity_count", 1.5)), "heartbeats[1].edge_activity_count");
        refused(company, body(user, b -> b.put("firefox_activity_count", "3")), "heartbeats[1].firefox_activity_count");
        refused(
                company,
                body(user, b -> b.put("desktop_activity_count", 2_147_483_648L)),
                "heartbeats[1].desktop_activity_count");
        refused(
                company,
                body(user, b -> b.put("web_accessibility_activity_count", true)),
                "heartbeats[1].web_accessibility_activity_count");

        // Several bad items: each is named.
        var many = api.post(
                heartbeats(company),
                Tokens.ingest(),
                batch(
                        beat(UUID.randomUUID(), user, "d", future, 0, 0, 0, 0, 0),
                        beat(UUID.randomUUID(), user, "d", "2026-06-09T10:00:00Z", 0, 0, 0, 0, 0),
                        beat(UUID.randomUUID(), stranger, "", "2026-06-09T10:00:00Z", 0, -2, 0, 0, 0)));
        assertThat(many.status()).isEqualTo(400);
        assertThat(many.json().get("errors").propertyNames())
                .containsExactlyInAnyOrder(
                        "heartbeats[0].generated_at",
                        "heartbeats[2].device_id",
                        "heartbeats[2].edge_activity_count",
                        "heartbeats[2].user_id");

        assertThat(allRows(company)).isZero();
    }

    @Test
    void limitsOfTheBatchAndTheBody() {
        UUID company = company("UTC");
        UUID user = member(company);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            items.add(beat(UUID.randomUUID(), user, "d", "2026-06-09T10:00:00Z", 1, 0, 0, 0, 0));
        }
        var tooMany = api.post(heartbeats(company), Tokens.ingest(), batch(items));
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.json().get("code").asString()).isEqualTo("payload_too_large");

        var exactly = api.post(heartbeats(company), Tokens.ingest(), batch(items.subList(0, 1000)));
        assertThat(exactly.status()).as(exactly.toString()).isEqualTo(200);
        assertThat(exactly.json().get("accepted").asInt()).isEqualTo(1000);
        long stored = allRows(company);

        var notJson = api.send("POST", heartbeats(company), Tokens.ingest(), "{\"heartbeats\": [", "application/json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("code").asString()).isEqualTo("invalid_json");
        var noBody = api.send("POST", heartbeats(company), Tokens.ingest(), null, "application/json");
        assertThat(noBody.status()).isEqualTo(400);
        assertThat(noBody.json().get("code").asString()).isEqualTo("invalid_json");
        var text = api.send(
                "POST", heartbeats(company), Tokens.ingest(), Api.json(batch(items.subList(0, 1))), "text/plain");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.json().get("code").asString()).isEqualTo("unsupported_media_type");
        var huge = api.send(
                "POST",
                heartbeats(company),
                Tokens.ingest(),
                "{\"heartbeats\": [], \"pad\": \"" + "x".repeat(3 * 1024 * 1024) + "\"}",
                "application/json");
        assertThat(huge.status()).isEqualTo(413);

        assertThat(allRows(company)).isEqualTo(stored);
    }
}
