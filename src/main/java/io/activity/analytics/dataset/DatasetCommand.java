package io.activity.analytics.dataset;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar target/activity-analytics-*.jar --analytics.dataset.generate=large
 * --spring.main.web-application-type=none}: migrates the configured database, writes the dataset,
 * prints what it took and exits (status 0, or 1 on failure).
 */
@Component
@ConditionalOnProperty("analytics.dataset.generate")
class DatasetCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DatasetCommand.class);

    private final DatasetProperties properties;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ConfigurableApplicationContext context;

    DatasetCommand(
            DatasetProperties properties,
            DataSource dataSource,
            JdbcClient jdbc,
            ConfigurableApplicationContext context) {
        this.properties = properties;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        int status = 0;
        try {
            String name = properties.generate();
            if (name.equals("migrate")) { // start-up ran Flyway: nothing else to do
                System.out.println("database migrated");
                System.exit(SpringApplication.exit(context, () -> 0));
                return;
            }
            LocalDate end = properties.endDate() != null
                    ? properties.endDate()
                    : name.equals("demo") ? LocalDate.now(ZoneOffset.UTC).minusDays(1) : DatasetSpec.LARGE_END;
            DatasetSpec spec = DatasetSpec.named(name, properties.seed(), end);
            var generator = new DatasetGenerator(dataSource, properties.threads());
            List<UUID> ids =
                    spec.companies().stream().map(DatasetSpec.CompanySpec::id).toList();
            if (properties.rebuildOnly()) {
                long ms = generator.rebuildRollups(spec);
                System.out.printf("dataset %s: rollups rebuilt in %.1f s%n", spec.name(), ms / 1000.0);
                System.exit(SpringApplication.exit(context, () -> 0));
                return;
            }
            long existing = jdbc.sql("select count(*) from companies where company_id in (:ids)")
                    .param("ids", ids)
                    .query(Long.class)
                    .single();
            if (existing > 0) {
                if (!properties.replace()) {
                    throw new IllegalStateException("The database already holds " + existing
                            + " of the dataset's companies; use a fresh database or --analytics.dataset.replace=true");
                }
                generator.delete(ids);
            }
            var result = generator.generate(spec);
            System.out.printf(
                    "dataset %s (seed %d, %s..%s): %d heartbeats, %d sessions, %d page views, %d usage events;"
                            + " raw %.1f s, rollups %.1f s, total %.1f s%n",
                    spec.name(),
                    spec.seed(),
                    spec.startDate(),
                    spec.endDate(),
                    result.heartbeats(),
                    result.sessions(),
                    result.pageViews(),
                    result.usageEvents(),
                    result.rawMillis() / 1000.0,
                    result.rollupMillis() / 1000.0,
                    result.totalMillis() / 1000.0);
        } catch (Exception e) {
            log.error("Dataset generation failed", e);
            status = 1;
        }
        // Scheduled jobs keep non-daemon threads alive: a command has to end the JVM itself.
        int code = status;
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
