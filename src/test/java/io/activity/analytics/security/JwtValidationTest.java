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

    private final SecurityProperties configured = new SecurityProperties(
            "x".repeat(32), null, null, "https://id.example.com/", "analytics-api", Duration.ofSeconds(60));

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
        var open = new SecurityProperties("x".repeat(32), null, null, null, null, Duration.ofSeconds(60));
        assertThat(JwtDecoderConfig.validator(open).validate(jwt).hasErrors()).isFalse();
    }

    @Test
    void aUserTokenSubjectMustBeACanonicalUuid() {
        var open = new SecurityProperties("x".repeat(32), null, null, null, null, Duration.ofSeconds(60));
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
        var open = new SecurityProperties("x".repeat(32), null, null, null, null, Duration.ofSeconds(60));
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
}
