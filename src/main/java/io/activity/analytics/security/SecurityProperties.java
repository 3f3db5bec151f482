package io.activity.analytics.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How bearer tokens are checked. Production sets {@code issuerUri} or {@code jwkSetUri} (RS256 or
 * ES256 keys from the identity provider); local runs and tests set {@code hmacSecret} (HS256, at
 * least 32 bytes) from ANALYTICS_JWT_SECRET. With an issuer configured, only asymmetric algorithms
 * are accepted, so an HS256 token signed with a public key cannot pass (HS/RS confusion).
 *
 * <p>A token cannot be revoked before its {@code exp}, so how long it may be valid at all is
 * bounded: {@code maxUserTokenLifetime} (24 h: a sign-in session) for user tokens and
 * {@code maxServiceTokenLifetime} (90 days: a quarterly rotation of the credential an agent or
 * provisioning job is deployed with; an identity provider's client-credentials tokens live
 * minutes) for service tokens, counted as exp − iat.
 *
 * @param hmacSecret HS256 secret (at least 32 bytes) for local runs and tests; ignored when an
 *     issuer URI or JWK set URI is set
 * @param issuer the iss every token must carry, when set (defaults to the issuer URI)
 * @param issuerUri production: the OpenID issuer; keys come from its discovery document (RS256 or
 *     ES256 only)
 * @param jwkSetUri production: the URL of the identity provider's JWK set (RS256 or ES256 only)
 * @param audience an aud every token must carry, when set
 * @param clockSkew tolerance for exp and nbf against the server clock
 * @param maxUserTokenLifetime longest exp − iat of a user token (the demo profile: 30 days)
 * @param maxServiceTokenLifetime longest exp − iat of a service token
 */
@Validated
@ConfigurationProperties("analytics.security.jwt")
public record SecurityProperties(
        String hmacSecret,
        String issuerUri,
        String jwkSetUri,
        String issuer,
        String audience,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("24h") Duration maxUserTokenLifetime,
        @DefaultValue("90d") Duration maxServiceTokenLifetime) {

    boolean usesIdentityProvider() {
        return has(issuerUri) || has(jwkSetUri);
    }

    static boolean has(String value) {
        return value != null && !value.isBlank();
    }
}
