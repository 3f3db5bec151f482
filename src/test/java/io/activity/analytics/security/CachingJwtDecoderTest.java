package io.activity.analytics.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.activity.analytics.support.Tokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** A remembered token skips the signature check but never the expiry. */
class CachingJwtDecoderTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    private final AtomicInteger verifications = new AtomicInteger();

    private JwtDecoder decoder() {
        var timestamps = new JwtTimestampValidator(Duration.ZERO);
        timestamps.setClock(new Clock() {
            @Override
            public Instant instant() {
                return now.get();
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        });
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withSecretKey(
                        new SecretKeySpec(Tokens.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        nimbus.setJwtValidator(timestamps);
        JwtDecoder counting = token -> {
            verifications.incrementAndGet();
            return nimbus.decode(token);
        };
        return new CachingJwtDecoder(counting, timestamps, 100);
    }

    @Test
    void theSameTokenIsVerifiedOnceAndRefusedOnceItExpires() {
        JwtDecoder decoder = decoder();
        String token = Tokens.sign(
                Tokens.SECRET,
                claims -> claims.subject(UUID.randomUUID().toString())
                        .expirationTime(Date.from(now.get().plusSeconds(60))));

        assertThat(decoder.decode(token).getSubject()).isNotBlank();
        assertThat(decoder.decode(token).getSubject()).isNotBlank();
        assertThat(verifications).hasValue(1);

        now.set(now.get().plusSeconds(61));
        assertThatThrownBy(() -> decoder.decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTamperedTokenIsNeverTakenForARememberedOne() {
        JwtDecoder decoder = decoder();
        String token = Tokens.sign(
                Tokens.SECRET, claims -> claims.subject(UUID.randomUUID().toString()));
        decoder.decode(token);
        String tampered = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");

        assertThatThrownBy(() -> decoder.decode(tampered))
                .isInstanceOf(org.springframework.security.oauth2.jwt.BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }
}
