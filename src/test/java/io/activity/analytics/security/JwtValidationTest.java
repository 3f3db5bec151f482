package io.activity.analytics.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** Issuer and audience checks, which the local HS256 setup leaves off, tested on the validator. */
class JwtValidationTest {

    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration NINETY_DAYS = Duration.ofDays(90);

    private final SecurityProperties configured = new SecurityProperties(
            "x".repeat(32),
            null,
            null,
            "https://id.example.com/",
            "analytics-api",
            Duration.ofSeconds(60),
            DAY,
            NINETY_DAYS);

    /** No issuer or audience, the default lifetimes. */
    private static SecurityProperties open() {
        return new SecurityProperties("x".repeat(32), null, null, null, null, Duration.ofSeconds(60), DAY, NINETY_DAYS);
    }

    private Jwt jwt(String issuer, List<String> audience) {
        var builder = Jwt.withTokenValue("t")
                .header("alg", "HS256")
                .subject("7d0a3a6a-1111-4c6e-9f33-000000000001")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(300));
        if (issuer != null) builder.issuer(issuer);
        if (audience != null) builder.audience(audience);
        return builder.build();
    }

    @Test
    void rightIssuerAndAudiencePass() {
        var result = JwtDecoderConfig.validator(configured)
                .validate(jwt("https://id.example.com/", List.of("analytics-api")));
        assertThat(result.hasErrors()).isFalse();
    }

    @Test
    void wrongAudienceFails() {
        var result =
                JwtDecoderConfig.validator(configured).validate(jwt("https://id.example.com/", List.of("billing")));
        assertThat(result.hasErrors()).isTrue();
        assertThat(JwtDecoderConfig.validator(configured)
                        .validate(jwt("https://id.example.com/", null))
                        .hasErrors())
                .isTrue();
    }

    @Test
    void wrongIssuerFails() {
        var result = JwtDecoderConfig.validator(configured)
                .validate(jwt("https://evil.example.com/", List.of("analytics-api")));
        assertThat(result.hasErrors()).isTrue();
    }

    @Test
    void serviceTokensMayHaveAnySubject() {
        var jwt = Jwt.withTokenValue("t")
                .header("alg", "HS256")
                .subject("ingest-agent")
                .claims(c -> c.putAll(Map.of("scope", "analytics:ingest")))
                .expiresAt(Instant.now().plusSeconds(60))
                .build();
        var open = open();
        assertThat(JwtDecoderConfig.validator(open).validate(jwt).hasErrors()).isFalse();
    }

    @Test
    void aUserTokenSubjectMustBeACanonicalUuid() {
        var open = open();
        for (String sub : List.of("1-1-1-1-1", "aaaaaaaa-0-4000-8000-a", "+0000001-0001-0001-0001-000000000001")) {
            var jwt = Jwt.withTokenValue("t")
                    .header("alg", "HS256")
                    .subject(sub)
                    .issuedAt(Instant.now())
                    .expiresAt(Instant.now().plusSeconds(60))
                    .build();
            assertThat(JwtDecoderConfig.validator(open).validate(jwt).hasErrors())
                    .as(sub)
                    .isTrue();
        }
    }

    @Test
    void aServiceTokenCompanyIdMustBeACanonicalUuid() {
        var open = open();
        for (Object company : List.of("aaaaaaaa-0-4000-8000-a", "acme", 42)) {
            var jwt = Jwt.withTokenValue("t")
                    .header("alg", "HS256")
                    .subject("ingest-agent")
                    .claims(c -> c.putAll(Map.of("scope", "analytics:ingest", "company_id", company)))
                    .issuedAt(Instant.now())
                    .expiresAt(Instant.now().plusSeconds(60))
                    .build();
            assertThat(JwtDecoderConfig.validator(open).validate(jwt).hasErrors())
                    .as(String.valueOf(company))
                    .isTrue();
        }
        var bound = Jwt.withTokenValue("t")
                .header("alg", "HS256")
                .subject("ingest-agent")
                .claims(c -> c.putAll(
                        Map.of("scope", "analytics:ingest", "company_id", "AAAAAAAA-0000-4000-8000-00000000000A")))
                .expiresAt(Instant.now().plusSeconds(60))
                .build();
        assertThat(JwtDecoderConfig.validator(open).validate(bound).hasErrors()).isFalse();
    }

    private static Jwt token(String scope, Instant iat, Instant exp) {
        var builder = Jwt.withTokenValue("t")
                .header("alg", "HS256")
                .subject(scope == null ? "7d0a3a6a-1111-4c6e-9f33-000000000001" : "svc")
                .expiresAt(exp);
        if (scope != null) builder.claim("scope", scope);
        if (iat != null) builder.issuedAt(iat);
        return builder.build();
    }

    private static String lifetimeError(SecurityProperties properties, Jwt jwt) {
        return JwtDecoderConfig.validator(properties).validate(jwt).getErrors().stream()
                .map(e -> e.getDescription())
                .filter(d -> d.startsWith(JwtDecoderConfig.LIFETIME_TOO_LONG))
                .findFirst()
                .orElse(null);
    }

    @Test
    void tokenLifetimesAreBoundedPerKind() {
        Instant now = Instant.now();
        Instant century = now.plus(Duration.ofDays(36_525));
        assertThat(lifetimeError(open(), token(null, now, century)))
                .isEqualTo("The bearer token's lifetime is too long: a user token may be valid for at most 24 hours"
                        + " (exp - iat).");
        assertThat(lifetimeError(open(), token(null, null, century))).isNotNull();
        assertThat(lifetimeError(open(), token(null, century.minusSeconds(60), century)))
                .as("an iat ahead of now counts from now")
                .isNotNull();
        assertThat(lifetimeError(open(), token(null, now, now.plus(DAY)))).isNull();
        assertThat(lifetimeError(open(), token("analytics:ingest", now, now.plus(Duration.ofDays(91)))))
                .isEqualTo("The bearer token's lifetime is too long: a service token may be valid for at most 90"
                        + " days (exp - iat).");
        assertThat(lifetimeError(open(), token("analytics:monitor", now, now.plus(NINETY_DAYS))))
                .isNull();
    }

    @Test
    void tokenLifetimeMaximaAreConfigurable() {
        var strict = new SecurityProperties(
                "x".repeat(32), null, null, null, null, Duration.ZERO, Duration.ofMinutes(30), Duration.ofHours(2));
        Instant now = Instant.now();
        assertThat(lifetimeError(strict, token(null, now, now.plus(Duration.ofMinutes(31)))))
                .contains("at most 30 minutes");
        assertThat(lifetimeError(strict, token(null, now, now.plus(Duration.ofMinutes(30)))))
                .isNull();
        assertThat(lifetimeError(strict, token("analytics:provision", now, now.plus(Duration.ofHours(3)))))
                .contains("at most 2 hours");
        var demo = new SecurityProperties(
                "x".repeat(32), null, null, null, null, Duration.ofSeconds(60), Duration.ofDays(30), NINETY_DAYS);
        assertThat(lifetimeError(demo, token(null, now, now.plus(Duration.ofDays(30)))))
                .isNull();
    }
}
