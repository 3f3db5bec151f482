package io.activity.analytics.security;

import io.activity.analytics.web.CanonicalUuid;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

@Configuration(proxyBeanMethods = false)
class JwtDecoderConfig {

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties) {
        NimbusJwtDecoder decoder;
        if (properties.usesIdentityProvider()) {
            var builder = SecurityProperties.has(properties.jwkSetUri())
                    ? NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri())
                    : NimbusJwtDecoder.withIssuerLocation(properties.issuerUri());
            decoder = builder.jwsAlgorithms(algorithms -> {
                        algorithms.clear();
                        algorithms.add(SignatureAlgorithm.RS256);
                        algorithms.add(SignatureAlgorithm.ES256);
                    })
                    .build();
        } else {
            String secret = properties.hmacSecret();
            if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
                throw new IllegalStateException(
                        "Set ANALYTICS_JWT_SECRET (analytics.security.jwt.hmac-secret, at least 32 bytes) "
                                + "or an issuer-uri/jwk-set-uri for production.");
            }
            // Only HS256 is accepted; Nimbus refuses unsigned ("alg": "none") tokens outright.
            decoder = NimbusJwtDecoder.withSecretKey(
                            new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256)
                    .build();
        }
        decoder.setJwtValidator(validator(properties));
        return decoder;
    }

    static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new JwtTimestampValidator(properties.clockSkew()));
        validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, exp -> exp != null));
        validators.add(JwtDecoderConfig::subjectPresent);
        validators.add(jwt -> lifetimeBounded(jwt, properties));
        String issuer = SecurityProperties.has(properties.issuer()) ? properties.issuer() : properties.issuerUri();
        if (SecurityProperties.has(issuer)) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        if (SecurityProperties.has(properties.audience())) {
            String audience = properties.audience();
            validators.add(new JwtClaimValidator<List<String>>(
                    JwtClaimNames.AUD, aud -> aud != null && aud.contains(audience)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /**
     * Every token names its subject; a user token's subject is the user's UUID, and a service
     * token's company_id claim, when present, a company's: both in canonical form only.
     */
    private static OAuth2TokenValidatorResult subjectPresent(Jwt jwt) {
        String sub = jwt.getSubject();
        if (sub == null || sub.isBlank()) {
            return failure("The token has no subject (sub).");
        }
        if (Caller.scopes(jwt).isEmpty()) {
            if (!CanonicalUuid.isCanonical(sub)) {
                return failure("A user token's subject (sub) must be the user's UUID.");
            }
        } else {
            Object company = jwt.getClaims().get("company_id");
            if (company != null && !(company instanceof String s && CanonicalUuid.isCanonical(s))) {
                return failure("A service token's company_id must be the company's UUID.");
            }
        }
        return OAuth2TokenValidatorResult.success();
    }

    /** Starts the description of a token valid for longer than allowed; SecurityConfig shows it. */
    static final String LIFETIME_TOO_LONG = "The bearer token's lifetime is too long";

    /**
     * exp − iat at most the maximum for the kind of token (plus the clock skew). Without iat, or
     * with an iat ahead of now, it is counted from now: the token is usable from now to exp
     * whatever it claims, so a far-future iat cannot hide a far-future exp.
     */
    private static OAuth2TokenValidatorResult lifetimeBounded(Jwt jwt, SecurityProperties properties) {
        Instant exp = jwt.getExpiresAt();
        if (exp == null) {
            return OAuth2TokenValidatorResult.success(); // refused by the exp validator
        }
        Instant now = Instant.now();
        Instant iat = jwt.getIssuedAt();
        Instant from = iat == null || iat.isAfter(now) ? now : iat;
        boolean user = Caller.scopes(jwt).isEmpty();
        Duration max = user ? properties.maxUserTokenLifetime() : properties.maxServiceTokenLifetime();
        if (Duration.between(from, exp).compareTo(max.plus(properties.clockSkew())) > 0) {
            return failure(LIFETIME_TOO_LONG + ": a " + (user ? "user" : "service") + " token may be valid for at most "
                    + readable(max) + " (exp - iat).");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static String readable(Duration duration) {
        if (duration.toMinutes() % 60 != 0) {
            return duration.toMinutes() + " minutes";
        }
        return duration.toHours() <= 48 || duration.toHours() % 24 != 0
                ? duration.toHours() + " hours"
                : duration.toDays() + " days";
    }

    private static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", description, null));
    }
}
