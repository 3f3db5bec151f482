package io.activity.analytics.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generators of hostile input for the bad-input properties: a fixed list of the values that break
 * services most often (far dates, huge and negative numbers, injection payloads, control
 * characters), plus random strings from a seeded {@link Random}, so a failing run is repeated
 * exactly with {@code -Dreliability.seed=<seed>} (the seed is printed).
 */
final class Hostile {

    static final long SEED = Long.getLong("reliability.seed", System.nanoTime());

    private Hostile() {}

    static Random random(String property) {
        return new Random(SEED ^ property.hashCode());
    }

    /** Query and path values that a parser must refuse or treat as plain data. */
    static List<String> fixedValues() {
        return List.of(
                "",
                " ",
                "0",
                "-1",
                "-2147483649",
                "2147483648",
                "9223372036854775807",
                "9223372036854775808",
                "86400001",
                "-9223372036854775809",
                "1e309",
                "NaN",
                "0001-01-01",
                "9999-12-31",
                "+10000-01-01",
                "-0001-01-01",
                "2026-02-30",
                "2026-13",
                "0001-01",
                "9999-12",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59Z",
                "+10000-01-01T00:00:00Z",
                "-62135596801",
                "253402300800",
                "' OR '1'='1",
                "1; drop table companies; --",
                "email; select pg_sleep(10)",
                "-email,1",
                "last_active desc nulls first",
                "%",
                "_",
                "\\",
                "../../etc/passwd",
                "..%2F..%2F",
                "\u0000",
                "a\u0000b",
                "%00",
                "\u202e\ud83d\ude00\u00e9\u4e2d",
                "\ud800",
                "<script>alert(1)</script>",
                "${jndi:ldap://x/a}",
                "a".repeat(10_000));
    }

    /** A random string: printable ASCII, any Unicode, digits, or signs, up to 64 chars. */
    static String randomString(Random random) {
        int length = random.nextInt(65);
        StringBuilder out = new StringBuilder(length);
        int kind = random.nextInt(4);
        for (int i = 0; i < length; i++) {
            switch (kind) {
                case 0 -> out.append((char) (32 + random.nextInt(95)));
                case 1 -> out.appendCodePoint(randomCodePoint(random));
                case 2 -> out.append((char) ('0' + random.nextInt(10)));
                default -> out.append("-+.:TZ/%_ 0123456789".charAt(random.nextInt(20)));
            }
        }
        return out.toString();
    }

    /** A random number as text: small, huge, negative, fractional or with an exponent. */
    static String randomNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> String.valueOf(random.nextInt());
            case 1 -> String.valueOf(random.nextLong());
            case 2 -> "-" + Math.abs(random.nextLong()) + "" + Math.abs(random.nextLong());
            case 3 -> String.valueOf(random.nextDouble() * Math.pow(10, random.nextInt(40)));
            default -> random.nextInt(10) + "e" + (random.nextInt(700) - 350);
        };
    }

    static List<String> values(Random random, int randomCount) {
        List<String> values = new ArrayList<>(fixedValues());
        for (int i = 0; i < randomCount; i++) {
            values.add(random.nextBoolean() ? randomString(random) : randomNumber(random));
        }
        return values;
    }

    /**
     * Raw query-string text (sent as is, never encoded again) that is not strict UTF-8
     * percent-encoding: escapes that are cut short or not hex, and escapes of byte sequences that
     * are not UTF-8 (a lone continuation byte, a truncated sequence, overlong forms, surrogates,
     * code points above U+10FFFF, 0xF8-0xFF).
     */
    static List<String> malformedPercentEncodings(Random random, int randomCount) {
        List<String> values = new ArrayList<>(List.of(
                "%",
                "%Z",
                "%ZZ",
                "a%2",
                "%%",
                "%+1",
                "%-1",
                "%0g",
                "%C3%28",
                "%E2%82",
                "%FF",
                "%80",
                "%C0%AF",
                "%ED%A0%80",
                "%F4%90%80%80"));
        for (int i = 0; i < randomCount; i++) {
            String prefix = Routes.encode(randomString(random));
            values.add(prefix
                    + switch (random.nextInt(5)) {
                        case 0 -> "%" + "GHIJKLMNOPQRSTUVWXYZghz_.~".charAt(random.nextInt(26)) + random.nextInt(10);
                        case 1 -> "%" + Integer.toHexString(random.nextInt(16)); // one digit, then the end
                        case 2 -> String.format("%%%02X", 0x80 + random.nextInt(0x40)); // lone continuation byte
                        case 3 ->
                            String.format("%%%02X", 0xC2 + random.nextInt(0x1E)) + "x"; // lead byte, no continuation
                        default -> String.format("%%%02X", 0xF8 + random.nextInt(8)); // never in UTF-8
                    });
        }
        return values;
    }

    /** JSON values to put where a field's value belongs. */
    static List<String> jsonValues(Random random, int randomCount) {
        List<String> values = new ArrayList<>(List.of(
                "null",
                "true",
                "[]",
                "{}",
                "[1,2,3]",
                "{\"a\":1}",
                "-1",
                "0",
                "2147483648",
                "-2147483649",
                "9223372036854775808",
                "1e400",
                "-1e400",
                "1.5",
                "\"\"",
                "\" \"",
                "\"\\u0000\"",
                "\"a\\u0000b\"",
                "\"\\ud800\"",
                "\"0001-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59Z\"",
                "\"+10000-01-01T00:00:00Z\"",
                "\"2026-01-15\"",
                "\"' OR '1'='1\"",
                "\"../../etc/passwd\"",
                "\"" + "x".repeat(100_000) + "\""));
        for (int i = 0; i < randomCount; i++) {
            values.add(random.nextBoolean() ? quote(randomString(random)) : randomNumber(random));
        }
        return values;
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') out.append('\\').appendCodePoint(cp);
            else if (cp < 32 || (cp >= 0xD800 && cp <= 0xDFFF)) out.append(String.format("\\u%04x", cp));
            else out.appendCodePoint(cp);
        });
        return out.append('"').toString();
    }

    static String deepArray(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static String deepObject(int depth) {
        return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static int randomCodePoint(Random random) {
        while (true) {
            int cp = random.nextInt(0x110000);
            if (Character.isValidCodePoint(cp) && Character.getType(cp) != Character.SURROGATE) {
                return cp;
            }
        }
    }
}
