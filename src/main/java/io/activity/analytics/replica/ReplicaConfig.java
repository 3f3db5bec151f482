package io.activity.analytics.replica;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * The replica's beans exist only with {@code analytics.db.replica.url} set. Its pool is not a
 * {@link DataSource} bean on purpose: Boot's DataSource, JdbcClient, Flyway and transaction
 * manager stay the primary's, untouched.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaConfig {

    @Bean
    ReadStore readStore(DataSource primary, ObjectProvider<Replica> replica) {
        return new ReadStore(primary, replica.getIfAvailable());
    }

    @Bean(destroyMethod = "close")
    @Conditional(Configured.class)
    Replica replica(ReplicaProperties properties, Environment env, DataSource primary, MeterRegistry meters) {
        return new Replica(
                properties,
                orPrimary(properties.username(), env.getProperty("spring.datasource.username")),
                orPrimary(properties.password(), env.getProperty("spring.datasource.password")),
                primary,
                meters);
    }

    /**
     * Health component "replica": always UP, since the primary answers reads when the replica
     * cannot; the details say which one does, and why.
     */
    @Bean
    @Conditional(Configured.class)
    HealthIndicator replicaHealthIndicator(Replica replica) {
        return () -> {
            Replica.Status status = replica.status();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", status.serving() ? "serving" : "fallback");
            if (status.lag() != null) {
                details.put("lagSeconds", seconds(status.lag()));
            }
            details.put("maxLagSeconds", seconds(replica.maxLag()));
            if (status.reason() != null) {
                details.put("reason", status.reason());
            }
            return Health.up().withDetails(details).build();
        };
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String orPrimary(String replicaValue, String primaryValue) {
        return StringUtils.hasText(replicaValue) ? replicaValue : primaryValue;
    }

    /** analytics.db.replica.url set and not blank (the YAML default is an empty string). */
    static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("analytics.db.replica.url"));
        }
    }
}
