// Mints an HS256 JWT for local runs with the shared secret. JDK only, no build needed:
//   java tools/MintToken.java --sub <user-uuid>                                   (a user token)
//   java tools/MintToken.java --sub my-agent --scope analytics:ingest --company <uuid>
//   java tools/MintToken.java --sub my-admin --scope analytics:provision
//   java tools/MintToken.java --sub grafana --scope analytics:read --company <uuid>  (read-only)
//   java tools/MintToken.java --sub prometheus --scope analytics:monitor          (actuator metrics)
// Options: --secret <s> (default: $ANALYTICS_JWT_SECRET, else the public demo secret of
// application-demo.yml), --days <n> expiry (default 1 for a user token, 30 for a service token:
// within the service's lifetime bounds of 24 h and 90 days; the demo profile takes user tokens of
// up to 30 days), --iss <issuer>, --aud <audience>.
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class MintToken {

    static final String DEMO_SECRET = "demo-secret-not-for-production-0123456789abcdef";

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected argument " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !opts.containsKey("sub")) {
            usage("--sub is required");
        }
        String env = System.getenv("ANALYTICS_JWT_SECRET");
        String secret = opts.getOrDefault("secret", env == null || env.isBlank() ? DEMO_SECRET : env);
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            usage("the secret must be at least 32 bytes");
        }
        long now = Instant.now().getEpochSecond();
        long days = Long.parseLong(opts.getOrDefault("days", opts.containsKey("scope") ? "30" : "1"));
        StringBuilder claims = new StringBuilder("{\"sub\":").append(json(opts.get("sub")));
        if (opts.containsKey("scope")) {
            claims.append(",\"scope\":").append(json(opts.get("scope")));
        }
        if (opts.containsKey("company")) {
            claims.append(",\"company_id\":").append(json(opts.get("company")));
        }
        if (opts.containsKey("iss")) {
            claims.append(",\"iss\":").append(json(opts.get("iss")));
        }
        if (opts.containsKey("aud")) {
            claims.append(",\"aud\":").append(json(opts.get("aud")));
        }
        claims.append(",\"iat\":").append(now).append(",\"exp\":").append(now + days * 86400).append('}');
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64(claims.toString().getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = b64(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        System.out.println(header + "." + payload + "." + signature);
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void usage(String problem) {
        System.err.println("MintToken: " + problem);
        System.err.println("usage: java tools/MintToken.java --sub <subject> [--scope <scopes>] [--company <uuid>]"
                + " [--secret <secret>] [--days <n>] [--iss <issuer>] [--aud <audience>]");
        System.err.println("  --days: default 1 for a user token, 30 for a service token (the service accepts at most"
                + " 24 hours and 90 days, the demo profile 30 days for user tokens)");
        System.err.println("  scopes: analytics:ingest, analytics:provision, analytics:read (read-only), analytics:monitor (actuator:"
                + " health details, /actuator/prometheus, /actuator/metrics); none: a user token (--sub <user-uuid>)");
        System.exit(2);
    }
}
