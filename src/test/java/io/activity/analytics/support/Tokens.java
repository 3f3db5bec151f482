package io.activity.analytics.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

/** Mints HS256 test tokens with the test secret, and broken ones for the failure tests. */
public final class Tokens {

    public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";

    /** The subject of {@link #read()} tokens (a dashboard server's name). */
    public static final String READ_SUBJECT = "svc-dashboard";

    private Tokens() {}

    public static String user(UUID userId) {
        return sign(SECRET, claims -> claims.subject(userId.toString()));
    }

    public static String service(String scope) {
        return sign(SECRET, claims -> claims.subject("svc-test").claim("scope", scope));
    }

    public static String service(String scope, UUID companyId) {
        return sign(
                SECRET,
                claims -> claims.subject("svc-test").claim("scope", scope).claim("company_id", companyId.toString()));
    }

    public static String provision() {
        return service("analytics:provision");
    }

    public static String ingest() {
        return service("analytics:ingest");
    }

    /** A read-only service token (scope analytics:read) for every company: every read an admin may make. */
    public static String read() {
        return sign(SECRET, claims -> claims.subject(READ_SUBJECT).claim("scope", "analytics:read"));
    }

    /** A read-only service token bound to one company by its company_id claim. */
    public static String read(UUID companyId) {
        return sign(
                SECRET,
                claims -> claims.subject(READ_SUBJECT)
                        .claim("scope", "analytics:read")
                        .claim("company_id", companyId.toString()));
    }

    /** A management credential: scope analytics:monitor (actuator details, metrics, prometheus). */
    public static String monitor() {
        return service("analytics:monitor");
    }

    /** A token with an expiry an hour ahead, customised by the caller. */
    public static String sign(String secret, Consumer<JWTClaimsSet.Builder> customise) {
        var claims = new JWTClaimsSet.Builder()
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
        customise.accept(claims);
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
