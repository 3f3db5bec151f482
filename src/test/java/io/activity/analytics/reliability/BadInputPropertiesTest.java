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
 * deep, huge, malformed and mistyped bodies. Each class of input has its exact answers (status,
 * {@code code}, and for validation_error exactly the keys of {@code errors}); anything else — a
 * 5xx, another 4xx, another code, another field name — fails. Inputs come from {@link Hostile}
 * (fixed worst cases plus seeded random ones; the seed is printed).
 */
class BadInputPropertiesTest extends ReliabilityTest {

    private static final int RANDOM_TRIES = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<String> failures = new ArrayList<>();
    private int tried;

    /**
     * Cross-field rules that legitimately name the partner of a hostile but valid value: a start
     * far in the future makes the range check name the end ({@code Params.range} and the
     * controllers' own checks name the end field). Listed here, never inferred.
     */
    private static final Map<String, String> PARTNERS = Map.of(
            "date_from", "date_to",
            "start_date", "end_date",
            "start_time", "end_time",
            "start_timestamp", "end_timestamp");

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
            for (String name : route.params()) {
                Random random = Hostile.random(route.key() + name);
                for (String value : Hostile.values(random, RANDOM_TRIES)) {
                    Map<String, String> query = new LinkedHashMap<>(valid);
                    query.put(name, value);
                    String url = path + Routes.query(query);
                    check(route, url, call(route, url, token, null), queryOutcomes(name, value));
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
                    check(route, url, call(route, url, token, null), queryOutcomes(name, bad));
                }
            }
        }
        report("query parameters");
    }

    /**
     * A hostile query value: served (2xx), or 400 validation_error naming exactly the parameter
     * (or exactly its declared partner), or for {@code page} 404 invalid_page. A value holding a
     * NUL is refused up front: 400 naming exactly the parameter.
     */
    private static List<Outcome> queryOutcomes(String name, String value) {
        if (value.indexOf('\u0000') >= 0) {
            return List.of(Outcome.validation(name));
        }
        List<Outcome> outcomes = new ArrayList<>(List.of(Outcome.SUCCESS, Outcome.validation(name)));
        if (PARTNERS.containsKey(name)) {
            outcomes.add(Outcome.validation(PARTNERS.get(name)));
        }
        if (name.equals("page")) {
            outcomes.add(Outcome.problem(404, "invalid_page"));
        }
        return outcomes;
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
                check(route, url, api.raw(route.method(), url, token), List.of(Outcome.validation("query")));
            }
        }
        report("malformed percent-encoding");
    }

    /**
     * The answer to a hostile value of each path variable once it reaches the handler (segments
     * the firewall or Tomcat refuse are answered before, see {@link #segmentOutcomes}). From the
     * contract: docs/reference/activity.md, provisioning.md, errors.md.
     */
    private static Outcome variableOutcome(Route route, String variable) {
        return switch (variable) {
            // Bound by the access check before the handler: an id that is no company's is 404.
            case "companyId" -> Outcome.problem(404, "company_not_found");
            // Read with Params.uuid("user_id", …): not a UUID is a 400 naming user_id.
            case "userId" -> Outcome.validation("user_id");
            // Any string is a device id; one the company never saw is 404.
            case "deviceId" -> Outcome.problem(404, "device_not_found");
            // One of five apps; anything else is a 400 naming app.
            case "app" -> Outcome.validation("app");
            // A UUID path variable: not one is a 400 naming erasure_id.
            case "erasureId" -> Outcome.validation("erasure_id");
            default ->
                throw new AssertionError("Route " + route + " has path variable {" + variable
                        + "} whose answer to a hostile value BadInputPropertiesTest does not know; add it.");
        };
    }

    /**
     * Which layer answers a raw (already percent-encoded) segment: Tomcat refuses an encoded NUL,
     * slash or backslash (400 naming {@code request}); Spring Security's firewall refuses dot
     * segments, encoded periods, {@code ;}, and a decoded {@code %} or line break (400 naming
     * {@code path}); anything else reaches the route.
     */
    private static List<Outcome> segmentOutcomes(Route route, String variable, String raw) {
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("%00") || lower.contains("%2f") || lower.contains("%5c")) {
            return List.of(Outcome.validation("request"));
        }
        String decoded = java.net.URLDecoder.decode(raw.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        if (raw.equals("..")
                || raw.equals(".")
                || lower.contains("%2e")
                || raw.contains(";")
                || decoded.contains(";")
                || decoded.contains("%")
                || decoded.contains("\r")
                || decoded.contains("\n")
                || decoded.contains("\u2028")
                || decoded.contains("\u2029")) {
            return List.of(Outcome.validation("path"));
        }
        return List.of(variableOutcome(route, variable));
    }

    @Test
    void hostilePathSegmentsGetTheAnswerOfTheirClassAndVariable() {
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
                    if (!v.isBlank()) values.add(Routes.encode(v));
                }
                values.addAll(raw);
                for (String segment : values) {
                    String path = Routes.fill(
                            route,
                            name -> name.equals(variable)
                                    ? segment
                                    : Routes.path(route, fixture.target()).split("/")[indexOf(route, name)]);
                    String url = path + Routes.query(Routes.validQuery(route));
                    check(
                            route,
                            "{" + variable + "}=" + segment + " " + url,
                            call(route, url, token, body),
                            segmentOutcomes(route, variable, segment));
                }
            }
        }
        report("path segments");
    }

    /**
     * A body of valid JSON whose root is not the object the route reads, per route (the ingest
     * routes read the body as a tree and name the field they miss; the others bind a
     * record, which Jackson refuses at the root: invalid_json).
     */
    private static Outcome wrongShapeOutcome(Route route) {
        String p = route.pattern().substring(Routes.COMPANY_PREFIX.length());
        return switch (route.method() + " " + p) {
            case "POST /heartbeats" -> Outcome.validation("heartbeats");
            case "POST /page-views" -> Outcome.validation("page_views");
            case "POST /track/pageview", "POST /track/heartbeat" -> Outcome.validation("body");
            default -> Outcome.problem(400, "invalid_json");
        };
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
                    Outcome named = base.at(pointer(field)).isContainer()
                            ? Outcome.validationWithin(field)
                            : Outcome.validation(field);
                    List<Outcome> outcomes =
                            aboveBound(leafName(field), value) ? List.of(named) : List.of(Outcome.SUCCESS, named);
                    check(
                            route,
                            path + " " + field + "=" + abbreviate(value),
                            call(route, path, token, body),
                            outcomes);
                }
                String without = replace(base, field, null);
                check(
                        route,
                        path + " without " + field,
                        call(route, path, token, without),
                        List.of(Outcome.SUCCESS, Outcome.validation(field)));
            }
            // Whole bodies: malformed (not JSON at all, or cut short, or nested beyond the
            // parser's limit) and valid JSON of the wrong shape.
            String[] malformed = {
                "",
                "{",
                "}",
                sample.substring(0, sample.length() / 2),
                sample + "}",
                "{'single':'quotes'}",
                "\u0000",
                Hostile.deepArray(10_000),
                Hostile.deepObject(10_000)
            };
            for (String body : malformed) {
                check(
                        route,
                        path + " malformed body " + abbreviate(body),
                        call(route.method(), path, token, body, "application/json"),
                        List.of(Outcome.problem(400, "invalid_json")));
            }
            for (String body : List.of("null", "[]", "\"text\"", "123", "[" + sample + "]")) {
                check(
                        route,
                        path + " wrong-shape body " + abbreviate(body),
                        call(route.method(), path, token, body, "application/json"),
                        List.of(wrongShapeOutcome(route)));
            }
            String huge = "{\"padding\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
            check(
                    route,
                    path + " 3 MB body",
                    call(route.method(), path, token, huge, "application/json"),
                    List.of(Outcome.problem(413, "payload_too_large")));
            for (String type : List.of(
                    "text/plain",
                    "application/xml",
                    "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x",
                    "application/octet-stream")) {
                check(
                        route,
                        path + " as " + type,
                        call(route.method(), path, token, sample, type),
                        List.of(Outcome.problem(415, "unsupported_media_type")));
            }
        }
        report("JSON bodies");
    }

    // ---- the property ---------------------------------------------------------------------

    /**
     * One acceptable answer: any 2xx ({@link #SUCCESS}), or exactly this status with a problem
     * body of exactly this code, and for validation_error an {@code errors} object whose keys
     * are exactly {@code fields}.
     */
    record Outcome(int status, String code, Set<String> fields) {

        static final Outcome SUCCESS = new Outcome(200, null, null);

        static Outcome validation(String field) {
            return new Outcome(400, "validation_error", Set.of(field));
        }

        /**
         * For a container field ({@code heartbeats}) given a hostile value: the field itself or
         * its items ({@code heartbeats[0]}, {@code heartbeats[2].user_id}), nothing outside it.
         */
        static Outcome validationWithin(String field) {
            return new Outcome(400, "validation_error", Set.of(field + "[*]"));
        }

        static Outcome problem(int status, String code) {
            return new Outcome(status, code, null);
        }

        /** Null when the response is this outcome, else why not. */
        String mismatch(Api.Response response) {
            int actual = response.status();
            if (this == SUCCESS) {
                return actual >= 200 && actual < 300 ? null : "not 2xx";
            }
            if (actual != status) {
                return "status " + actual;
            }
            String type = response.header("Content-Type");
            if (type == null || !type.startsWith("application/problem+json")) {
                return "no problem body (Content-Type " + type + ")";
            }
            JsonNode json = response.json();
            String actualCode = json.path("code").asString("");
            if (!actualCode.equals(code)) {
                return "code '" + actualCode + "'";
            }
            if (fields != null) {
                JsonNode errors = json.path("errors");
                Set<String> keys = new java.util.TreeSet<>();
                if (errors.isObject()) errors.propertyNames().forEach(keys::add);
                boolean within = fields.size() == 1 && fields.iterator().next().endsWith("[*]");
                if (within) {
                    String field = fields.iterator().next().replace("[*]", "");
                    boolean inside = !keys.isEmpty()
                            && keys.stream()
                                    .allMatch(k ->
                                            k.equals(field) || k.startsWith(field + "[") || k.startsWith(field + "."));
                    if (!inside) {
                        return "errors names " + keys;
                    }
                } else if (!keys.equals(fields)) {
                    return "errors names " + keys;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            if (this == SUCCESS) return "2xx";
            return status + " " + code + (fields == null ? "" : " naming " + fields);
        }
    }

    private void check(Route route, String what, Api.Response response, List<Outcome> allowed) {
        tried++;
        for (Outcome outcome : allowed) {
            if (outcome.mismatch(response) == null) {
                return;
            }
        }
        failures.add(route.method() + " " + abbreviate(what) + " -> expected one of " + allowed + ", got "
                + abbreviate(response.toString()));
    }

    private void report(String what) {
        System.out.printf(
                "BAD INPUT (%s): %d hostile requests, %d failures, seed %d%n",
                what, tried, failures.size(), Hostile.SEED);
        failures.stream().limit(200).forEach(f -> System.out.println("BAD INPUT FAILURE " + f));
        assertThat(failures)
                .as("bad-input failures (repeat with -Dreliability.seed=" + Hostile.SEED + ")")
                .isEmpty();
        assertThat(tried).isPositive();
    }

    /**
     * Body fields whose numbers the contract bounds: above the bound, a 400 naming the field. Keyed
     * by the leaf name, so {@code duration_ms} covers track/pageview and every item of a page-view
     * batch ({@code page_views[0].duration_ms}).
     */
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

    /** "heartbeats[0].user_id" as a JSON pointer: "/heartbeats/0/user_id". */
    private static String pointer(String path) {
        return "/" + path.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
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
