package io.activity.analytics.dataset;

import io.activity.analytics.dataset.DatasetSpec.CompanySpec;
import io.activity.analytics.security.SecurityProperties;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo run: with the {@code demo} profile (never otherwise), loads the deterministic demo
 * dataset when it is missing, before the server accepts requests, and prints a banner with tokens
 * and example requests once the service is ready.
 *
 * <p>On a restart the data is kept if it is current: it ends on the configured end date, or,
 * without one, on yesterday. Otherwise (the calendar moved on, or another end date was asked for)
 * the demo companies are deleted and regenerated — a few seconds — so "the last 30 days" always
 * has data. Companies created by hand are never touched.
 */
@Component
@Profile("demo")
class DemoData implements SmartInitializingSingleton, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final DemoProperties properties;
    private final SecurityProperties security;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final Environment environment;

    DemoData(
            DemoProperties properties,
            SecurityProperties security,
            DataSource dataSource,
            JdbcClient jdbc,
            Environment environment) {
        this.properties = properties;
        this.security = security;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.environment = environment;
    }

    DatasetSpec spec() {
        LocalDate end = properties.endDate() != null
                ? properties.endDate()
                : LocalDate.now(ZoneOffset.UTC).minusDays(1);
        DatasetSpec demo = DatasetSpec.demo(properties.seed(), end);
        return new DatasetSpec(demo.name(), demo.seed(), end, properties.days(), demo.companies());
    }

    /** After every bean (Flyway's migration included), before the web server starts listening. */
    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.load()) {
            return;
        }
        DatasetSpec spec = spec();
        List<UUID> ids = spec.companies().stream().map(CompanySpec::id).toList();
        try {
            LocalDate loadedEnd = jdbc.sql("select end_date from dataset_runs where name = 'demo'")
                    .query(LocalDate.class)
                    .optional()
                    .orElse(null);
            long present = jdbc.sql("select count(*) from companies where company_id in (:ids)")
                    .param("ids", ids)
                    .query(Long.class)
                    .single();
            var generator = new DatasetGenerator(dataSource, 2);
            if (present > 0 && spec.endDate().equals(loadedEnd)) {
                log.info("Demo data present (ending {}), not reloaded", loadedEnd);
                return;
            }
            if (present > 0) {
                log.info("Demo data ends {}, wanted {}: regenerating", loadedEnd, spec.endDate());
                generator.delete(ids);
            }
            generator.generate(spec);
        } catch (Exception e) {
            throw new IllegalStateException("Could not load the demo dataset", e);
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        System.out.println(banner());
        // A stable line for scripts (.ci/e2e) waiting on the demo service.
        log.info("Demo data ready: {} .. {}", spec().startDate(), spec().endDate());
    }

    String banner() {
        DatasetSpec spec = spec();
        String secret = security.hmacSecret();
        String base = "http://localhost:" + environment.getProperty("local.server.port", "8080");
        CompanySpec acme = spec.companies().get(0);
        UUID company = acme.id();
        String owner = DemoTokens.user(secret, acme.userId(0), properties.tokenTtl());
        String admin = DemoTokens.user(secret, acme.userId(1), properties.tokenTtl());
        String member = DemoTokens.user(secret, acme.userId(2), properties.tokenTtl());
        String ingest = DemoTokens.service(secret, "demo-agent", "analytics:ingest", company, properties.tokenTtl());
        String read = DemoTokens.service(secret, "demo-dashboard", "analytics:read", company, properties.tokenTtl());
        LocalDate end = spec.endDate();
        long endSeconds = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        String api = base + "/api/v2/companies/" + company;
        StringBuilder b = new StringBuilder();
        b.append("\n================================ DEMO ================================\n");
        b.append("Demo data: ")
                .append(spec.startDate())
                .append(" .. ")
                .append(end)
                .append(", seed ")
                .append(spec.seed())
                .append('\n');
        for (CompanySpec c : spec.companies()) {
            b.append(String.format("  %-8s %s  (%s, %d members)%n", c.name(), c.id(), c.zone(), c.members()));
        }
        b.append("Tokens (HS256, demo secret, valid ")
                .append(properties.tokenTtl().toDays())
                .append(" days):\n");
        b.append("  OWNER=")
                .append(owner)
                .append("   # acme user ")
                .append(acme.userId(0))
                .append('\n');
        b.append("  ADMIN=")
                .append(admin)
                .append("   # acme user ")
                .append(acme.userId(1))
                .append('\n');
        b.append("  MEMBER=")
                .append(member)
                .append("   # acme user ")
                .append(acme.userId(2))
                .append('\n');
        b.append("  INGEST=").append(ingest).append("   # analytics:ingest, acme only\n");
        b.append("  READ=").append(read).append("   # analytics:read (read-only, for dashboards), acme only\n");
        b.append("Dashboard: ")
                .append(base)
                .append("/dashboard/#token=")
                .append(admin)
                .append("&company=")
                .append(company)
                .append('\n');
        b.append("Try:\n");
        b.append("  curl -s -H \"Authorization: Bearer $ADMIN\" '")
                .append(api)
                .append("/user-metrics/summary/?compare=previous'\n");
        b.append("  curl -s -H \"Authorization: Bearer $ADMIN\" '")
                .append(api)
                .append("/active-users?type=daily&date_from=")
                .append(end.minusDays(29))
                .append("&date_to=")
                .append(end)
                .append("'\n");
        b.append("  curl -s -H \"Authorization: Bearer $MEMBER\" '")
                .append(api)
                .append("/users/")
                .append(acme.userId(2))
                .append("/activity?start_date=")
                .append(end.minusDays(29))
                .append("&end_date=")
                .append(end)
                .append("&metric=activity-count'\n");
        b.append("  curl -s -H \"Authorization: Bearer $ADMIN\" '")
                .append(api)
                .append("/page-statistics?start_timestamp=")
                .append(endSeconds - 30 * 86400L)
                .append("&end_timestamp=")
                .append(endSeconds)
                .append("&limit=5'\n");
        b.append("  curl -s -H \"Authorization: Bearer $READ\" '")
                .append(api)
                .append("/insights/trends?start_date=")
                .append(end.minusDays(29))
                .append("&end_date=")
                .append(end)
                .append("&granularity=week'\n");
        b.append("  curl -s -H \"Authorization: Bearer $MEMBER\" '")
                .append(base)
                .append("/api/v2/me/companies'\n");
        b.append("  curl -s -X POST -H \"Authorization: Bearer $INGEST\" -H 'Content-Type: application/json' '")
                .append(api)
                .append("/heartbeats' -d '{\"heartbeats\":[{\"event_id\":\"")
                .append(UUID.randomUUID())
                .append("\",\"user_id\":\"")
                .append(acme.userId(2))
                .append("\",\"device_id\":\"laptop-acme-2\",\"generated_at\":\"")
                .append(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append("\",\"chrome_activity_count\":3,\"edge_activity_count\":0,\"firefox_activity_count\":0,")
                .append("\"desktop_activity_count\":12,\"web_accessibility_activity_count\":0}]}'\n");
        // The public demo secret may be printed; a secret of one's own (ANALYTICS_JWT_SECRET) is not.
        String shown = secret.startsWith("demo-secret-") ? secret : "$ANALYTICS_JWT_SECRET";
        b.append("More tokens: java tools/MintToken.java --secret '")
                .append(shown)
                .append("' --sub <user-uuid>   (see README)\n");
        b.append("======================================================================\n");
        return b.toString();
    }
}
