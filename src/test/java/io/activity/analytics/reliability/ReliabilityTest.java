package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.reliability.Routes.Route;
import io.activity.analytics.reliability.Routes.Target;
import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.security.CompanyAccess;
import io.activity.analytics.security.CompanyAccess.Access;
import io.activity.analytics.support.Api;
import io.activity.analytics.support.IntegrationTest;
import io.activity.analytics.support.Tokens;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Shared context of the isolation and bad-input tests: the limiters are off (these tests send
 * hundreds of requests to one company on purpose), everything else is the real service.
 */
@TestPropertySource(
        properties = {
            "analytics.rate-limit.read.enabled=false",
            "analytics.rate-limit.ingest.enabled=false",
            "spring.datasource.hikari.maximum-pool-size=8",
            "spring.datasource.hikari.minimum-idle=1"
        })
abstract class ReliabilityTest extends IntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    @Autowired
    RollupRebuild rollups;

    /** A company with members in every standing and some raw activity; all names are unique. */
    record Fixture(
            UUID companyId,
            String companyName,
            UUID owner,
            UUID admin,
            UUID member,
            UUID pending,
            UUID inactive,
            UUID deleted,
            String deviceId,
            UUID erasureId,
            List<String> secrets) {

        Target target() {
            return new Target(companyId, member, deviceId, "chrome", erasureId);
        }

        /** The role one rank below the route's, or null when every active member may call it. */
        UUID lacking(Access role) {
            return switch (role) {
                case NONE -> owner; // service-only route: even the owner is refused
                case MEMBER -> null;
                case ADMIN -> member;
                case OWNER -> admin;
            };
        }
    }

    List<Route> companyRoutes() {
        return Routes.all(mapping).stream().filter(Route::companyRoute).toList();
    }

    Fixture fixture() {
        String tag = HexFormat.of().formatHex(randomBytes());
        UUID companyId = UUID.randomUUID();
        String name = "Target Corp " + tag;
        var created =
                api.put("/api/v2/companies/" + companyId, Tokens.provision(), Map.of("name", name, "timezone", "UTC"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        List<String> secrets = new ArrayList<>(List.of(name));
        UUID owner = person(companyId, "owner", "active", "own" + tag, secrets);
        UUID admin = person(companyId, "admin", "active", "adm" + tag, secrets);
        UUID member = person(companyId, "member", "active", "mem" + tag, secrets);
        UUID pending = person(companyId, "owner", "pending", "pen" + tag, secrets);
        UUID inactive = person(companyId, "owner", "inactive", "ina" + tag, secrets);
        UUID deleted = person(companyId, "owner", "active", "del" + tag, secrets);
        var gone = api.delete("/api/v2/companies/" + companyId + "/members/" + deleted, Tokens.provision());
        assertThat(gone.status()).as(gone.toString()).isEqualTo(204);
        String device = "tgt-device-" + tag;
        secrets.add(device);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
        for (UUID user : List.of(owner, member)) {
            jdbc.sql("""
                            insert into heartbeats (company_id, generated_at, event_id, user_id, device_id,
                              chrome_activity_count, edge_activity_count, firefox_activity_count,
                              desktop_activity_count, web_accessibility_activity_count)
                            values (?, ?, ?, ?, ?, 5, 1, 0, 7, 0)
                            """)
                    .params(companyId, java.sql.Timestamp.from(at), UUID.randomUUID(), user, device)
                    .update();
        }
        rollups.rebuild(companyId); // the reads answer from the rollups of these raw rows
        // A finished erasure of a former user, for the erasure status route (no member is erased).
        UUID erasureId = jdbc.sql("""
                        insert into company_jobs (company_id, kind, user_id, status, finished_at, attempts, deleted)
                        values (?, 'erasure', ?, 'done', now(), 1,
                                '{"heartbeats": 0, "page_views": 0, "sessions": 0, "usage_events": 0}')
                        returning job_id
                        """)
                .params(companyId, UUID.randomUUID())
                .query(UUID.class)
                .single();
        return new Fixture(
                companyId, name, owner, admin, member, pending, inactive, deleted, device, erasureId, secrets);
    }

    private UUID person(UUID companyId, String role, String status, String tag, List<String> secrets) {
        UUID userId = UUID.randomUUID();
        String email = tag + "@target-" + tag + ".example";
        String first = "First" + tag;
        String last = "Last" + tag;
        var response = api.put(
                "/api/v2/companies/" + companyId + "/members/" + userId,
                Tokens.provision(),
                Map.of(
                        "email", email,
                        "first_name", first,
                        "last_name", last,
                        "role", role,
                        "department", "Dept" + tag,
                        "status", status));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        secrets.addAll(List.of(userId.toString(), email, first, last, "Dept" + tag));
        return userId;
    }

    /** The principal that may call the route: the owner, or a service token of its scope. */
    static String authorized(Route route, Fixture fixture) {
        CompanyAccess rule = route.rule();
        if (rule.role() != Access.NONE) {
            return Tokens.user(fixture.owner());
        }
        return Tokens.service(rule.scope(), fixture.companyId());
    }

    Api.Response call(Route route, String path, String token, String body) {
        return call(route.method(), path, token, body, body == null ? null : "application/json");
    }

    Api.Response call(String method, String path, String token, String body, String contentType) {
        return api.send(method, path, token, body, contentType);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[5];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
