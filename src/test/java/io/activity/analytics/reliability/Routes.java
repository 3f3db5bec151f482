package io.activity.analytics.reliability;

import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.UserAccess;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every /api route of the RUNNING application, read from its handler mapping, so a new endpoint is
 * in the reliability tests the moment it exists. Also the tables that turn a route into a concrete,
 * valid request; a route they cannot serve fails the tests with a message saying what to add.
 */
final class Routes {

    static final String COMPANY_PREFIX = "/api/v2/companies/{companyId}";
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}:]+)(?::[^}]*)?}");

    /** One handler for one HTTP method and path pattern. */
    record Route(
            String method,
            String pattern,
            HandlerMethod handler,
            CompanyAccess rule,
            boolean userAccess,
            List<String> variables,
            List<String> params,
            Set<String> requiredParams,
            boolean hasBody) {

        boolean companyRoute() {
            return pattern.equals(COMPANY_PREFIX) || pattern.startsWith(COMPANY_PREFIX + "/");
        }

        boolean isRead() {
            return method.equals("GET");
        }

        /** A route outside the company tree for the user of a user token ({@code @UserAccess}). */
        boolean userRoute() {
            return !companyRoute() && userAccess;
        }

        /**
         * What the contract opens to a read-only service token (scope analytics:read): every read
         * (a GET, or a handler declared a read) that an admin may make, so never an owner-only one.
         */
        boolean readTokenMay() {
            return rule != null
                    && (isRead() || rule.read())
                    && (rule.role() == CompanyAccess.Access.MEMBER || rule.role() == CompanyAccess.Access.ADMIN);
        }

        String key() {
            return method + " " + pattern;
        }

        @Override
        public String toString() {
            return key() + " (" + handler.getShortLogMessage() + ")";
        }
    }

    /** Identifiers of a company that has data, used to fill path variables. */
    record Target(UUID companyId, UUID userId, String deviceId, String app, UUID erasureId) {}

    private Routes() {}

    static List<Route> all(RequestMappingHandlerMapping mapping) {
        List<Route> routes = new ArrayList<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    routes.add(route(method.name(), pattern, handler));
                }
            }
        });
        routes.sort(Comparator.comparing(Route::pattern).thenComparing(Route::method));
        return routes;
    }

    private static Route route(String method, String pattern, HandlerMethod handler) {
        List<String> variables = new ArrayList<>();
        Matcher m = VARIABLE.matcher(pattern);
        while (m.find()) {
            variables.add(m.group(1));
        }
        List<String> params = new ArrayList<>();
        Set<String> required = new LinkedHashSet<>();
        boolean body = false;
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                String name = !param.name().isEmpty() ? param.name() : param.value();
                if (name.isEmpty()) {
                    parameter.initParameterNameDiscovery(new org.springframework.core.DefaultParameterNameDiscoverer());
                    name = parameter.getParameterName();
                }
                if (Map.class.isAssignableFrom(parameter.getParameterType())) {
                    continue; // a catch-all map of parameters names none
                }
                params.add(name);
                if (param.required()
                        && param.defaultValue().equals(ValueConstants.DEFAULT_NONE)
                        && !parameter.isOptional()) {
                    required.add(name);
                }
            }
            if (parameter.hasParameterAnnotation(ParameterObject.class)) {
                // A query record: its components are the parameters, named as the binder names them.
                for (var component : parameter.getParameterType().getRecordComponents()) {
                    BindParam bound = bindParam(parameter.getParameterType(), component.getName());
                    params.add(bound != null ? bound.value() : component.getName());
                }
            }
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                body = true;
            }
            if (parameter.hasParameterAnnotation(PathVariable.class)) {
                continue;
            }
        }
        return new Route(
                method,
                pattern,
                handler,
                handler.getMethodAnnotation(CompanyAccess.class),
                handler.hasMethodAnnotation(UserAccess.class),
                variables,
                params,
                required,
                body);
    }

    private static BindParam bindParam(Class<?> record, String component) {
        try {
            return record.getDeclaredField(component).getAnnotation(BindParam.class);
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    // ---- Concrete requests --------------------------------------------------------------

    /**
     * Valid sample values per query-parameter name, valid for every route that uses the name. A
     * route whose handler requires a parameter missing here fails the tests: add it.
     */
    static Map<String, String> samples() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> samples = new LinkedHashMap<>();
        samples.put("start_date", today.minusDays(6).toString());
        samples.put("end_date", today.toString());
        samples.put("date_from", today.minusDays(6).toString());
        samples.put("date_to", today.toString());
        samples.put("metric", "activity-count");
        samples.put("type", "daily");
        samples.put(
                "start_timestamp", String.valueOf(now.minus(7, ChronoUnit.DAYS).getEpochSecond()));
        samples.put("end_timestamp", String.valueOf(now.getEpochSecond()));
        samples.put("start_time", now.minus(7, ChronoUnit.DAYS).toString());
        samples.put("end_time", now.toString());
        samples.put("older_than_days", "3650"); // deletes nothing of the fixtures
        samples.put("page", "1");
        samples.put("page_size", "20");
        samples.put("limit", "10");
        samples.put("window_minutes", "5"); // active-users/now
        samples.put("compare", "previous"); // active-users, insights/trends, user-metrics/summary
        return samples;
    }

    /** The path with every variable filled from the target; fails on a variable it does not know. */
    static String path(Route route, Target target) {
        return fill(route, name -> switch (name) {
            case "companyId" -> target.companyId().toString();
            case "userId" -> target.userId().toString();
            case "deviceId" -> target.deviceId();
            case "app" -> target.app();
            case "erasureId" -> target.erasureId().toString();
            default ->
                throw new AssertionError("Route " + route + " has path variable {" + name
                        + "} that Routes.path does not know; add a sample value for it.");
        });
    }

    static String fill(Route route, Function<String, String> values) {
        if (route.pattern().contains("*")) {
            throw new AssertionError("Route " + route + " has a wildcard; give it a concrete sample in Routes.");
        }
        Matcher m = VARIABLE.matcher(route.pattern());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Query string of valid samples for the route's parameters; fails on an unknown required one. */
    static Map<String, String> validQuery(Route route) {
        Map<String, String> samples = samples();
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : route.params()) {
            if (samples.containsKey(name)) {
                query.put(name, samples.get(name));
            } else if (route.requiredParams().contains(name)) {
                throw new AssertionError("Route " + route + " requires query parameter '" + name
                        + "' that Routes.samples() does not know; add a valid sample for it.");
            }
        }
        return query;
    }

    static String query(Map<String, String> params) {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("?");
        params.forEach((k, v) -> {
            if (out.length() > 1) out.append('&');
            out.append(encode(k)).append('=').append(encode(v));
        });
        return out.toString();
    }

    static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    /**
     * A valid JSON body for each write route that takes one, keyed by "METHOD pattern". A route
     * with a request body missing here fails the tests: add a sample.
     */
    static String body(Route route, Target target) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String p = route.pattern();
        String sample = switch (route.method() + " " + p.substring(Math.min(p.length(), COMPANY_PREFIX.length()))) {
            case "PUT " -> "{\"name\":\"Renamed company\",\"timezone\":\"UTC\"}";
            case "PUT /members/{userId}" ->
                "{\"email\":\"sample@example.com\",\"first_name\":\"Sam\",\"last_name\":\"Ple\","
                        + "\"role\":\"member\",\"department\":\"Ops\",\"status\":\"active\"}";
            case "PATCH /members/{userId}" -> "{\"department\":\"Sales\"}";
            case "POST /heartbeats" ->
                "{\"heartbeats\":[{\"event_id\":\"" + UUID.randomUUID() + "\",\"user_id\":\""
                        + target.userId() + "\",\"device_id\":\"" + target.deviceId()
                        + "\",\"generated_at\":\"" + now + "\",\"chrome_activity_count\":1,"
                        + "\"edge_activity_count\":0,\"firefox_activity_count\":0,"
                        + "\"desktop_activity_count\":2,\"web_accessibility_activity_count\":0}]}";
            case "POST /page-views" ->
                "{\"page_views\":[{\"event_id\":\"" + UUID.randomUUID() + "\",\"user_id\":\"" + target.userId()
                        + "\",\"session_id\":\"s-1\",\"path\":\"/reports\",\"referrer\":\"/home\","
                        + "\"duration_ms\":1200,\"viewed_at\":\"" + now + "\"}]}";
            case "POST /track/pageview" ->
                "{\"event_id\":\"" + UUID.randomUUID() + "\",\"path\":\"/reports\",\"referrer\":\"/home\","
                        + "\"session_id\":\"s-1\",\"duration_ms\":1200,\"viewed_at\":\"" + now + "\"}";
            case "POST /track/heartbeat" -> "{\"session_id\":\"s-1\"}";
            case "POST /query" ->
                "{\"metrics\":[\"active_users\",\"activity\",\"sessions\"],\"date_range\":[\""
                        + LocalDate.now(ZoneOffset.UTC).minusDays(6) + "\",\"" + LocalDate.now(ZoneOffset.UTC)
                        + "\"],\"granularity\":\"day\",\"dimensions\":[\"department\"],"
                        + "\"filters\":[[\"is\",\"role\",[\"member\",\"admin\",\"owner\"]]],"
                        + "\"compare\":\"previous\",\"order_by\":[[\"active_users\",\"desc\"]],"
                        + "\"limit\":10,\"offset\":0}";
            default -> null;
        };
        if (sample == null && route.hasBody()) {
            throw new AssertionError(
                    "Route " + route + " takes a JSON body that Routes.body does not know; add a valid sample.");
        }
        return sample;
    }
}
