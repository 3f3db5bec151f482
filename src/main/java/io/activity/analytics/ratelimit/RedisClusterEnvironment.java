package io.activity.analytics.ratelimit;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Switches the Redis client to a Redis Cluster when {@code analytics.redis.cluster-nodes}
 * (ANALYTICS_REDIS_CLUSTER_NODES) names nodes, and leaves the single-node configuration untouched
 * otherwise. Spring Boot builds a cluster client as soon as {@code spring.data.redis.cluster.nodes}
 * is bound at all, even to an empty value, so mapping the variable in application.yml would make
 * every deployment without it a cluster client of no nodes, which fails at start-up: the property is set only when there is a
 * value, and below every other source, so an explicit {@code spring.data.redis.cluster.nodes} wins.
 */
class RedisClusterEnvironment implements EnvironmentPostProcessor {

    static final String SETTING = "analytics.redis.cluster-nodes";
    static final String BOOT_PROPERTY = "spring.data.redis.cluster.nodes";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String nodes = environment.getProperty(SETTING, "");
        if (!nodes.isBlank()) {
            environment
                    .getPropertySources()
                    .addLast(new MapPropertySource("analyticsRedisCluster", Map.of(BOOT_PROPERTY, nodes.strip())));
        }
    }
}
