package io.activity.analytics;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Creates the service's PostgreSQL database when it is missing, so a first run on a fresh machine
 * needs no manual step. Only when {@code analytics.db.create-if-missing} is true (the default for
 * local runs); production databases are provisioned by their owners.
 */
class DatabaseBootstrap implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([A-Za-z0-9_]+)(\\?.*)?$");

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment env = event.getEnvironment();
        if (!env.getProperty("analytics.db.create-if-missing", Boolean.class, false)) {
            return;
        }
        String url = env.getProperty("spring.datasource.url", "");
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            return;
        }
        String database = m.group(2);
        String admin = m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3));
        String user = env.getProperty("spring.datasource.username");
        String password = env.getProperty("spring.datasource.password");
        try (var connection = DriverManager.getConnection(admin, user, password);
                var exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    // The name matched [A-Za-z0-9_]+ above, so quoting it is safe.
                    create.execute("create database \"" + database + "\"");
                    log.info("Created database {}", database);
                }
            }
        } catch (SQLException e) {
            log.warn("Could not check or create database {}: {}", database, e.getMessage());
        }
    }
}
