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
 */
@Validated
@ConfigurationProperties("analytics.security.jwt")
public record SecurityProperties(
        String hmacSecret,
        String issuerUri,
        String jwkSetUri,
        String issuer,
        String audience,
        @DefaultValue("60s") Duration clockSkew) {

    boolean usesIdentityProvider() {
        return has(issuerUri) || has(jwkSetUri);
    }

    static boolean has(String value) {
        return value != null && !value.isBlank();
    }
}
