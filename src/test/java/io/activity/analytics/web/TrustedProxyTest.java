package io.activity.analytics.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * ANALYTICS_TRUSTED_PROXIES names the proxies whose forwarded headers count (here: loopback, as
 * CIDR); their X-Forwarded-Host and -Proto then make the links and the OpenAPI servers.
 */
@TestPropertySource(properties = "ANALYTICS_TRUSTED_PROXIES=127.0.0.1/32")
class TrustedProxyTest extends IntegrationTest {

    @Test
    void forwardedHeadersFromATrustedProxyAreApplied() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        member(company);
        var page = ForwardedHeadersTest.spoofed(
                api, "/api/v2/companies/" + company + "/user-metrics/?page_size=1&ordering=email", Tokens.user(owner));
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().get("next").asString())
                .startsWith("https://evil.example/api/v2/companies/" + company + "/user-metrics/");
        var docs = ForwardedHeadersTest.spoofed(api, "/v3/api-docs", null);
        assertThat(docs.json().get("servers").get(0).get("url").asString()).isEqualTo("https://evil.example");
    }
}
