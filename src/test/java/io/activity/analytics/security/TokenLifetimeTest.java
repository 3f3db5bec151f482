package io.activity.analytics.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A token may live at most analytics.security.jwt.max-user-token-lifetime (default 24 h) for a
 * user and max-service-token-lifetime (default 90 days) for a service, counted as exp − iat (or
 * exp − now without iat, or when iat lies ahead): otherwise 401 invalid_token saying so.
 */
class TokenLifetimeTest extends IntegrationTest {

    private static final Duration YEARS_100 = Duration.ofDays(36_525);

    private static String user(UUID user, Instant iat, Instant exp) {
        return Tokens.sign(
                Tokens.SECRET,
                c -> c.subject(user.toString())
                        .issueTime(iat == null ? null : Date.from(iat))
                        .expirationTime(Date.from(exp)));
    }

    private static String provision(Instant iat, Instant exp) {
        return Tokens.sign(
                Tokens.SECRET,
                c -> c.subject("svc")
                        .claim("scope", "analytics:provision")
                        .issueTime(iat == null ? null : Date.from(iat))
                        .expirationTime(Date.from(exp)));
    }

    private static void assertTooLong(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
        var json = response.json();
        assertThat(json.path("code").asString()).isEqualTo("invalid_token");
        assertThat(json.path("detail").asString()).contains("lifetime").contains("too long");
    }

    @Test
    void userTokensLiveAtMostADay() {
        UUID company = company("UTC");
        UUID owner = member(company, "owner", "active");
        String path = "/api/v2/companies/" + company;
        Instant now = Instant.now();
        assertTooLong(api.get(path, user(owner, now, now.plus(YEARS_100))));
        assertTooLong(api.get(path, user(owner, null, now.plus(YEARS_100))));
        assertTooLong(api.get(path, user(owner, now, now.plus(Duration.ofHours(25)))));
        assertTooLong(api.get(path, user(owner, null, now.plus(Duration.ofHours(25)))));
        // An iat in the future does not shorten the count: the token is usable from now on.
        assertTooLong(api.get(path, user(owner, now.plus(YEARS_100).minusSeconds(3600), now.plus(YEARS_100))));

        assertThat(api.get(path, user(owner, now, now.plus(Duration.ofHours(24))))
                        .status())
                .isEqualTo(200);
        assertThat(api.get(path, user(owner, null, now.plus(Duration.ofHours(23))))
                        .status())
                .isEqualTo(200);
        // Issued a while ago for 24 h and still valid: fine.
        assertThat(api.get(path, user(owner, now.minus(Duration.ofHours(20)), now.plus(Duration.ofHours(4))))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void serviceTokensLiveAtMostNinetyDays() {
        UUID company = company("UTC");
        String path = "/api/v2/companies/" + company;
        Instant now = Instant.now();
        assertTooLong(api.get(path, provision(now, now.plus(YEARS_100))));
        assertTooLong(api.get(path, provision(now, now.plus(Duration.ofDays(91)))));
        assertTooLong(api.get(path, provision(null, now.plus(Duration.ofDays(91)))));
        assertThat(api.get(path, provision(now, now.plus(Duration.ofDays(90)))).status())
                .isEqualTo(200);
        assertThat(api.get(path, provision(null, now.plus(Duration.ofDays(30)))).status())
                .isEqualTo(200);
    }
}
