package io.activity.analytics.dataset;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 tokens for the demo banner, signed by hand with javax.crypto — the same few lines as
 * tools/MintToken.java, which mints them outside the service.
 */
final class DemoTokens {

    private DemoTokens() {}

    static String user(String secret, UUID userId, Duration ttl) {
        return sign(secret, "\"sub\":\"" + userId + "\"", ttl);
    }

    static String service(String secret, String subject, String scope, UUID companyId, Duration ttl) {
        return sign(
                secret,
                "\"sub\":\"" + subject + "\",\"scope\":\"" + scope + "\",\"company_id\":\"" + companyId + "\"",
                ttl);
    }

    private static String sign(String secret, String claims, Duration ttl) {
        long now = Instant.now().getEpochSecond();
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64(("{" + claims + ",\"iat\":" + now + ",\"exp\":" + (now + ttl.toSeconds()) + "}")
                .getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
            return header + "." + payload + "." + b64(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
