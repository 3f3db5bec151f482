package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.reliability.Routes.Route;
import io.activity.analytics.support.Api;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Property-based bad input over every route of the running application, called by a caller who
 * is allowed to: hostile values for every query parameter of every read (names from the handlers'
 * {@code @RequestParam}s), for every path variable, and for every field of every JSON body, plus
 * deep, huge, malformed and mistyped bodies. The property: never a 5xx; every 4xx is a problem
 * body with a {@code code}; a 400 {@code validation_error} names the offending field in
 * {@code errors}. Inputs come from {@link Hostile} (fixed worst cases plus seeded random ones).
 */
class BadInputPropertiesTest extends ReliabilityTest {

    private static final int RANDOM_TRIES = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> failures = new ArrayList<>();
    private int tried;

    @Test
    void hostileQueryParametersNeverBreakAReadAndAreNamedWhenRefused() {
        Fixture fixture = fixture();
        for (Route route : companyRoutes()) {
            if (!route.isRead()) {
                continue;
            }
            String path = Routes.path(route, fixture.target());
            String token = authorized(route, fixture);
            Map<String, String> valid = Routes.validQuery(route);
            Set<String> names = Set.copyOf(route.params());
            for (String name : route.params()) {
                Random random = Hostile.random(route.key() + name);
                for (String value : Hostile.values(random, RANDOM_TRIES)) {
                    Map<String, String> query = new LinkedHashMap<>(valid);
                    query.put(name, value);
                    check(
                            route,
                            path + Routes.query(query),
                            call(route, path + Routes.query(query), token, null),
                            names,
                            name);
                }
                // Duplicated parameter: valid first, hostile second, and the other way round.
                String bad = Hostile.randomString(random);
                String validValue = valid.getOrDefault(name, "1");
                for (String dup : List.of(
                        Routes.encode(name) + "=" + Routes.encode(validValue) + "&" + Routes.encode(name) + "="
                                + Routes.encode(bad),
                        Routes.encode(name) + "=" + Routes.encode(bad) + "&" + Routes.encode(name) + "="
                                + Routes.encode(validValue))) {
                    Map<String, String> rest = new LinkedHashMap<>(valid);
                    rest.remove(name);
                    String q = Routes.query(rest);
                    String url = path + (q.isEmpty() ? "?" : q + "&") + dup;
                    check(route, url, call(route, url, token, null), names, name);
                }
            }
        }
        report("query parameters");
    }

    /**
     * Malformed percent-encoding in a parameter's value or name is refused before anything reads
     * the parameters: 400 validation_error naming {@code query} (never a 500 from the container's
     * parameter parsing).
     */
    @Test
    void malformedPercentEncodingsInTheQueryAreRefusedNamingQuery() {
        Fixture fixture = fixture();
        for (Route route : companyRoutes()) {
            if (!route.isRead()) {
                continue;
            }
            String path = Routes.path(route, fixture.target());
            String token = authorized(route, fixture);
            Map<String, String> valid = Routes.validQuery(route);
            List<String> urls = new ArrayList<>();
            for (String name : route.params()) {
                Map<String, String> rest = new LinkedHashMap<>(valid);
                rest.remove(name);
                String q = Routes.query(rest);
                String prefix = path + (q.isEmpty() ? "?" : q + "&") + Routes.encode(name) + "=";
                Hostile.malformedPercentEncodings(Hostile.random(route.key() + name + "%"), RANDOM_TRIES)
                        .forEach(raw -> urls.add(prefix + raw));
            }
            // As a parameter's name, after valid parameters.
            String q = Routes.query(valid);
            Hostile.malformedPercentEncodings(Hostile.random(route.key() + "%"), 0)
                    .forEach(raw -> urls.add(path + (q.isEmpty() ? "?" : q + "&") + raw + "=1"));
            for (String url : urls) {
                var response = api.raw(route.method(), url, token);
                check(route, url, response, Set.of("query"), "query");
                expectStatus(route, "malformed query " + abbreviate(url), response, 400);
            }
        }
        report("malformed percent-encoding");
    }

    @Test
    void hostilePathSegmentsNeverBreakARoute() {
        Fixture fixture = fixture();
        List<String> raw =
                List.of("..", "%2e%2e", "%00", "a%00b", "%2F", "..%2F..%2Fetc", ";x=1", "%25", "a".repeat(5000));
        for (Route route : companyRoutes()) {
            String token = authorized(route, fixture);
            String body = Routes.body(route, fixture.target());
            for (String variable : route.variables()) {
                Random random = Hostile.random(route.key() + variable);
                List<String> values = new ArrayList<>();
                for (String v : Hostile.values(random, RANDOM_TRIES)) {
                    if (!v.isEmpty()) values.add(Routes.encode(v));
                }
                values.addAll(raw);
                for (String segment : values) {
                    String path = Routes.fill(
                            route,
                            name -> name.equals(variable)
                                    ? segment
                                    : Routes.path(route, fixture.target()).split("/")[indexOf(route, name)]);
                    String url = path + Routes.query(Routes.validQuery(route));
                    check(route, url, call(route, url, token, body), Set.copyOf(route.variables()), null);
                }
            }
        }
        report("path segments");
    }

    @Test
    void hostileJsonBodiesNeverBreakAWriteAndAreNamedWhenRefused() {
        Fixture fixture = fixture();
        for (Route route : companyRoutes()) {
            String sample = Routes.body(route, fixture.target());
            if (sample == null) {
                continue;
            }
            String path = Routes.path(route, fixture.target()) + Routes.query(Routes.validQuery(route));
            String token = authorized(route, fixture);
            Random random = Hostile.random(route.key());
            JsonNode base = JSON.readTree(sample);
            for (String field : leaves(base, "")) {
                for (String value : Hostile.jsonValues(random, RANDOM_TRIES)) {
                    String body = replace(base, field, value);
                    var response = call(route, path, token, body);
                    check(route, path + " " + field + "=" + abbreviate(value), response, Set.of(), leafName(field));
                    if (aboveBound(leafName(field), value)) {
                        expectStatus(route, field + "=" + value + " above its bound", response, 400);
                    }
                }
                String without = replace(base, field, null);
                check(route, path + " without " + field, call(route, path, token, without), Set.of(), null);
            }
            // Whole bodies: malformed, deep, huge, the wrong shape.
            String[] malformed = {
                "",
                "{",
                "}",
                "null",
                "[]",
                "\"text\"",
                "123",
                sample.substring(0, sample.length() / 2),
                sample + "}",
                "{'single':'quotes'}",
                "\u0000",
                Hostile.deepArray(10_000),
                Hostile.deepObject(10_000),
                "[" + sample + "]"
            };
            for (String body : malformed) {
                var response = call(route.method(), path, token, body, "application/json");
                check(route, path + " body " + abbreviate(body), response, Set.of(), null);
                expectStatus(route, "malformed body " + abbreviate(body), response, 400, 415);
            }
            String huge = "{\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
            var tooBig = call(route.method(), path, token, huge, "application/json");
            check(route, path + " 3 MB body", tooBig, Set.of(), null);
            expectStatus(route, "3 MB body", tooBig, 413);
            for (String type : List.of(
                    "text/plain",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x",
                    "application/octet-stream")) {
                var response = call(route.method(), path, token, sample, type);
                check(route, path + " as " + type, response, Set.of(), null);
                expectStatus(route, "Content-Type " + type, response, 415);
            }
        }
        report("JSON bodies");
    }

    // ---- the property ---------------------------------------------------------------------

    private void check(Route route, String what, Api.Response response, Set<String> names, String field) {
        tried++;
        String problem = problem(response, names, field);
        if (problem != null) {
            failures.add(route.method() + " " + abbreviate(what) + " -> " + problem);
        }
    }

    private static String problem(Api.Response response, Set<String> names, String field) {
        int status = response.status();
        if (status >= 500) {
            return "server error " + abbreviate(response.toString());
        }
        if (status < 400) {
            return null;
        }
        String type = response.header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return status + " without a problem body (Content-Type " + type + "): " + abbreviate(response.body());
        }
        JsonNode json = response.json();
        String code = json.path("code").asString("");
        if (code.isEmpty()) {
            return status + " problem without a code: " + abbreviate(response.body());
        }
        if (code.equals("validation_error")) {
            JsonNode errors = json.path("errors");
            if (!errors.isObject() || errors.isEmpty()) {
                return "validation_error naming no field: " + abbreviate(response.body());
            }
            if (field != null) {
                boolean named = false;
                for (String key : errors.propertyNames()) {
                    named |= key.contains(field) || names.contains(key);
                }
                if (!named) {
                    return "validation_error does not name '" + field + "': " + abbreviate(response.body());
                }
            }
        }
        return null;
    }

    private void expectStatus(Route route, String what, Api.Response response, int... statuses) {
        for (int status : statuses) {
            if (response.status() == status) return;
        }
        failures.add(route.method() + " " + route.pattern() + " " + what + " -> expected "
                + java.util.Arrays.toString(statuses) + ", got " + abbreviate(response.toString()));
    }

    private void report(String what) {
        System.out.printf(
                "BAD INPUT (%s): %d hostile requests, %d failures, seed %d%n",
                what, tried, failures.size(), Hostile.SEED);
        assertThat(failures)
                .as("bad-input failures (repeat with -Dreliability.seed=" + Hostile.SEED + ")")
                .isEmpty();
        assertThat(tried).isPositive();
    }

    /** Body fields whose numbers the contract bounds: above the bound, a 400 naming the field. */
    private static final Map<String, Long> BOUNDS = Map.of("duration_ms", 86_400_000L);

    private static boolean aboveBound(String field, String value) {
        Long bound = BOUNDS.get(field);
        if (bound == null || !value.matches("\\d+")) {
            return false;
        }
        return new java.math.BigInteger(value).compareTo(java.math.BigInteger.valueOf(bound)) > 0;
    }

    // ---- JSON helpers ---------------------------------------------------------------------

    /** Paths of the sample's leaf fields: "name", "heartbeats[0].user_id". */
    private static List<String> leaves(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                String path = prefix.isEmpty() ? name : prefix + "." + name;
                JsonNode child = node.get(name);
                if (child.isContainer()) {
                    out.add(path);
                    out.addAll(leaves(child, path));
                } else {
                    out.add(path);
                }
            }
        } else if (node.isArray() && !node.isEmpty()) {
            out.addAll(leaves(node.get(0), prefix + "[0]"));
        }
        return out;
    }

    private static final Pattern STEP = Pattern.compile("([^.\\[]+)(?:\\[(\\d+)])?");

    /** The body with the field at path set to the raw JSON value, or removed when value is null. */
    private static String replace(JsonNode base, String path, String value) {
        JsonNode copy = base.deepCopy();
        List<String[]> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        while (m.find()) steps.add(new String[] {m.group(1), m.group(2)});
        JsonNode parent = copy;
        for (Iterator<String[]> it = steps.iterator(); it.hasNext(); ) {
            String[] step = it.next();
            if (!it.hasNext() && step[1] == null) {
                String placeholder = "\u0001PLACEHOLDER\u0001";
                if (value == null) {
                    ((ObjectNode) parent).remove(step[0]);
                    return copy.toString();
                }
                ((ObjectNode) parent).put(step[0], placeholder);
                return copy.toString().replace(Hostile.quote(placeholder), value);
            }
            parent = parent.get(step[0]);
            if (step[1] != null) parent = ((ArrayNode) parent).get(Integer.parseInt(step[1]));
        }
        throw new IllegalArgumentException(path);
    }

    private static String leafName(String path) {
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        int bracket = leaf.indexOf('[');
        return bracket < 0 ? leaf : leaf.substring(0, bracket);
    }

    private static int indexOf(Route route, String variable) {
        String[] parts = route.pattern().split("/");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].startsWith("{" + variable + "}") || parts[i].startsWith("{" + variable + ":")) return i;
        }
        throw new IllegalArgumentException(variable);
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + s.length() + " chars)";
    }
}
