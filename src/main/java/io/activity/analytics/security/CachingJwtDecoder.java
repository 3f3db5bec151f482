package io.activity.analytics.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens it has verified, keyed by the exact token text: a dashboard sends the same
 * token with every request, and parsing plus signature checking was about a tenth of a read's
 * CPU (S2 profile, docs/benchmarks.md). A remembered token is validated again on every use (expiry
 * with the clock skew, issuer, audience, subject), so it stops working the moment it expires; only
 * the parse and the signature check, which cannot change for the same text, are skipped. A token
 * that fails is forgotten and decoded afresh, so its error is the decoder's own.
 */
final class CachingJwtDecoder implements JwtDecoder {

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Cache<String, Jwt> verified;

    CachingJwtDecoder(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, long maximumSize) {
        this.delegate = delegate;
        this.validator = validator;
        // Bounded in count and age: a key rotation at the identity provider takes effect within it.
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(Duration.ofMinutes(5))
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null) {
            if (!validator.validate(known).hasErrors()) {
                return known;
            }
            verified.invalidate(token);
        }
        Jwt jwt = delegate.decode(token);
        verified.put(token, jwt);
        return jwt;
    }
}
