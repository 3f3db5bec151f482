package io.activity.analytics.security;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who is calling, checked against the company in the path: the company (and its timezone), and
 * either a member (user id and role) or a service token (its subject and scopes). Handlers take it
 * as a parameter; it only exists once the access check has passed.
 */
public record Caller(UUID companyId, ZoneId companyZone, UUID userId, Role role, String subject, Set<String> scopes) {

    public static final String INGEST = "analytics:ingest";
    public static final String PROVISION = "analytics:provision";
    /**
     * Read-only: every read an admin may make of a company (every GET of a company route with a
     * member or admin rule, and handlers declared {@link CompanyAccess#read()}), never a write and
     * never the owners' audit log. For server-to-server dashboards (Grafana and the like).
     */
    public static final String READ = "analytics:read";
    /**
     * The management credential: actuator's health details, metrics, Prometheus scrape and info.
     * No company route names it, so it opens none (a token holding it is a service token).
     */
    public static final String MONITOR = "analytics:monitor";

    public static final Set<String> SERVICE_SCOPES = Set.of(INGEST, PROVISION, READ, MONITOR);

    public boolean isService() {
        return userId == null;
    }

    /** The token's analytics scopes; a token with none of them is a user token. */
    static Set<String> scopes(Jwt jwt) {
        Object claim = jwt.getClaims().get("scope");
        if (claim == null) {
            claim = jwt.getClaims().get("scp");
        }
        Collection<?> values;
        if (claim instanceof String s) {
            values = Arrays.asList(s.trim().split("\\s+"));
        } else if (claim instanceof Collection<?> c) {
            values = c;
        } else {
            values = List.of();
        }
        return values.stream()
                .map(String::valueOf)
                .filter(SERVICE_SCOPES::contains)
                .collect(Collectors.toUnmodifiableSet());
    }
}
