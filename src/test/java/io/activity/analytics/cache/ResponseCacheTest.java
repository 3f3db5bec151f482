package io.activity.analytics.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.CompanyDataRefreshed;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

class ResponseCacheTest extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationEventPublisher events;

    private double count(String result) {
        return meters.get("analytics.cache.requests")
                .tag("result", result)
                .counter()
                .count();
    }

    /** Changes a member's name behind the service's back, so only a cached read still shows the old one. */
    private void renameInDatabase(UUID company, UUID user, String name) {
        jdbc.sql("update users set first_name = ? where company_id = ? and user_id = ?")
                .params(name, company, user)
                .update();
    }

    @Test
    void aRepeatedReadIsServedFromTheCacheUntilTheCompanyIsRefreshed() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        String token = Tokens.user(user);

        double hits = count("hit");
        double misses = count("miss");
        var first = api.get(path, token);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).isEqualTo("private, max-age=120");
        String etag = first.header("ETag");
        assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\"");
        assertThat(count("miss")).isEqualTo(misses + 1);

        renameInDatabase(company, user, "Changed");
        var second = api.get(path, token);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.json().get("first_name").asString()).isEqualTo("First");
        assertThat(second.header("ETag")).isEqualTo(etag);
        assertThat(second.header("Content-Type")).startsWith("application/json");
        assertThat(second.header("Cache-Control")).matches("private, max-age=1[01][0-9]|private, max-age=120");
        assertThat(count("hit")).isEqualTo(hits + 1);
        // A cached answer still counts against the limit and carries the limit's headers.
        assertThat(first.header("X-RateLimit-Remaining")).isEqualTo("99");
        assertThat(second.header("X-RateLimit-Remaining")).isEqualTo("98");
        assertThat(second.header("RateLimit-Policy")).isEqualTo("\"company\";q=100;w=60");

        events.publishEvent(new CompanyDataRefreshed(company));
        var third = api.get(path, token);
        assertThat(third.json().get("first_name").asString()).isEqualTo("Changed");
        assertThat(third.header("ETag")).isNotEqualTo(etag);
        assertThat(count("miss")).isEqualTo(misses + 2);
        assertThat(count("hit")).isEqualTo(hits + 1);
    }

    @Test
    void theQueryIsNormalisedAndPartOfTheKey() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        String token = Tokens.user(user);

        assertThat(api.get(path + "?b=2&a=1", token).status()).isEqualTo(200);
        renameInDatabase(company, user, "Changed");
        double hits = count("hit");
        assertThat(api.get(path + "?a=1&b=2", token).json().get("first_name").asString())
                .isEqualTo("First");
        assertThat(count("hit")).isEqualTo(hits + 1);
        assertThat(api.get(path + "?a=1&b=3", token).json().get("first_name").asString())
                .isEqualTo("Changed");
        assertThat(api.get(path, token).json().get("first_name").asString()).isEqualTo("Changed");
    }

    @Test
    void repeatedParametersKeepTheirOrderInTheKey() {
        UUID company = company("UTC");
        UUID admin = member(company, "admin", "active");
        UUID smithJones = UUID.randomUUID();
        assertThat(api.put(
                                "/api/v2/companies/" + company + "/members/" + smithJones,
                                Tokens.provision(),
                                Map.of(
                                        "email", "sj@example.com",
                                        "first_name", "Sam",
                                        "last_name", "Smith,Jones",
                                        "role", "member",
                                        "status", "active"))
                        .status())
                .isEqualTo(201);
        String list = "/api/v2/companies/" + company + "/user-metrics/";
        String token = Tokens.user(admin);
        // A repeated parameter reaches the handler as its values joined in order: "Smith,Jones"
        // matches Sam's last name, "Jones,Smith" matches nobody. Both used to share one entry.
        var smithFirst = api.get(list + "?search=Smith&search=Jones", token);
        assertThat(smithFirst.status()).as(smithFirst.toString()).isEqualTo(200);
        assertThat(smithFirst.json().get("count").asLong()).isEqualTo(1);
        var jonesFirst = api.get(list + "?search=Jones&search=Smith", token);
        assertThat(jonesFirst.status()).isEqualTo(200);
        assertThat(jonesFirst.json().get("count").asLong()).isZero();
        // Other parameters still sort around them: the same read in another order is a hit.
        double hits = count("hit");
        var again = api.get(list + "?ordering=email&search=Smith&search=Jones", token);
        var reordered = api.get(list + "?search=Smith&ordering=email&search=Jones", token);
        assertThat(reordered.body()).isEqualTo(again.body());
        assertThat(count("hit")).isEqualTo(hits + 1);
    }

    @Test
    void everyCacheableAnswerVariesWithTheToken() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        String token = Tokens.user(user);
        var stored = api.get(path, token);
        var hit = api.get(path, token);
        var notModified = api.send("GET", path, token, null, null, "If-None-Match", stored.header("ETag"));
        assertThat(notModified.status()).isEqualTo(304);
        for (var response : new io.activity.analytics.support.Api.Response[] {stored, hit, notModified}) {
            assertThat(response.header("Cache-Control")).startsWith("private, max-age=");
            assertThat(response.values("Vary")).as(response.toString()).anyMatch(v -> v.contains("Authorization"));
        }
    }

    @Test
    void ifNoneMatchGivesNotModified() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        String token = Tokens.user(user);
        String etag = api.get(path, token).header("ETag");

        var fromCache = api.send("GET", path, token, null, null, "If-None-Match", etag);
        assertThat(fromCache.status()).isEqualTo(304);
        assertThat(fromCache.body()).isEmpty();
        assertThat(fromCache.header("ETag")).isEqualTo(etag);
        assertThat(fromCache.header("X-RateLimit-Limit")).isEqualTo("100");

        var weakInList = api.send("GET", path, token, null, null, "If-None-Match", "\"other\", W/" + etag);
        assertThat(weakInList.status()).isEqualTo(304);

        var stale = api.send("GET", path, token, null, null, "If-None-Match", "\"something-else\"");
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.json().get("user_id").asString()).isEqualTo(user.toString());

        // After a refresh the entry is rebuilt; the body is unchanged, so the same ETag still matches.
        events.publishEvent(new CompanyDataRefreshed(company));
        var rebuilt = api.send("GET", path, token, null, null, "If-None-Match", etag);
        assertThat(rebuilt.status()).isEqualTo(304);
        assertThat(rebuilt.body()).isEmpty();
    }

    @Test
    void aProvisioningWriteClearsTheCompanysCache() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        assertThat(api.get(path, Tokens.user(user)).json().get("first_name").asString())
                .isEqualTo("First");
        assertThat(api.patch(path, Tokens.provision(), Map.of("first_name", "Ada"))
                        .status())
                .isEqualTo(200);
        assertThat(api.get(path, Tokens.user(user)).json().get("first_name").asString())
                .isEqualTo("Ada");
    }

    @Test
    void aCachedResponseStillNeedsAccess() {
        UUID company = company("UTC");
        UUID user = member(company);
        String path = "/api/v2/companies/" + company + "/members/" + user;
        assertThat(api.get(path, Tokens.user(user)).status()).isEqualTo(200);

        UUID outsider = member(company("UTC"));
        var refused = api.get(path, Tokens.user(outsider));
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.json().get("code").asString()).isEqualTo("company_not_found");
        assertThat(refused.body()).doesNotContain("example.com").doesNotContain("first_name");
        assertThat(refused.header("ETag")).isNull();

        var anonymous = api.get(path, null);
        assertThat(anonymous.status()).isEqualTo(401);
    }
}
