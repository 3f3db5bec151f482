package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Forwarded headers are trusted only from the configured proxies, and by default from none — not
 * even from loopback or private addresses (which Tomcat's own default would trust): a client that
 * sends X-Forwarded-Host or Forwarded gets links and OpenAPI servers with the host it really
 * called.
 */
class ForwardedHeadersTest extends IntegrationTest {

    static final String[] EVIL = {
        "X-Forwarded-Host", "evil.example",
        "X-Forwarded-Proto", "https",
        "X-Forwarded-Port", "443",
        "X-Forwarded-Prefix", "/evil",
        "X-Forwarded-For", "203.0.113.9",
        "Forwarded", "for=203.0.113.9;proto=https;host=evil.example"
    };

    /** GET with the forwarded headers of a client pretending to be a proxy. */
    static Api.Response spoofed(Api api, String path, String token) {
        return api.send("GET", path, token, null, null, EVIL);
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        member(company);
        var page = spoofed(
                api, "/api/v2/companies/" + company + "/user-metrics/?page_size=1&ordering=email", Tokens.user(owner));
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        String next = page.json().get("next").asString();
        assertThat(next).startsWith(api.base() + "/api/v2/companies/" + company + "/user-metrics/");
        assertThat(page.body()).doesNotContain("evil");

        var docs = spoofed(api, "/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("servers").get(0).get("url").asString()).isEqualTo(api.base());
        assertThat(docs.body()).doesNotContain("evil.example");

        // Swagger UI builds its config URLs from the raw headers itself unless they are removed.
        var config = spoofed(api, "/v3/api-docs/swagger-config", null);
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.body()).doesNotContain("evil");
        var ui = spoofed(api, "/swagger-ui.html", null);
        assertThat(String.valueOf(ui.header("Location"))).doesNotContain("evil");
    }
}
