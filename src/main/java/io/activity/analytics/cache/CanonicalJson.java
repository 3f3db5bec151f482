package io.activity.analytics.cache;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical text of a JSON body, the cache key of a read sent as a POST: object keys sorted,
 * no insignificant spacing, arrays in their order, scalars as Jackson writes them. Two bodies that
 * differ only in key order or spacing share an entry; anything else (another value, 100 vs 100.0)
 * is another entry, which costs a miss, never a wrong answer.
 */
final class CanonicalJson {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CanonicalJson() {}

    /**
     * The canonical text, or null when the body is not exactly one JSON value (duplicate keys and
     * trailing text included): the handler then answers it, and nothing is cached.
     */
    static String of(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || root.isMissingNode()) {
                return null;
            }
            StringBuilder out = new StringBuilder(body.length);
            write(root, out);
            return out.toString();
        } catch (JacksonException e) {
            return null;
        }
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>(node.propertyNames());
            names.sort(null);
            out.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(JSON.writeValueAsString(names.get(i))).append(':');
                write(node.get(names.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(JSON.writeValueAsString(node));
        }
    }
}
