package io.activity.analytics.ratelimit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Redis client options that make a dead Redis cheap (with spring.data.redis.timeout = 250ms). */
@Configuration(proxyBeanMethods = false)
class RedisClientConfig {

    /** How often the cluster's slot map is re-read when nothing triggered it earlier. */
    static final Duration CLUSTER_REFRESH = Duration.ofSeconds(5);

    /**
     * While the connection to Redis is down, fail commands at once instead of queueing them until
     * the command timeout: the limiter then falls back without making the request wait.
     */
    @Bean
    static LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /**
     * In a Redis Cluster (analytics.redis.cluster-nodes), follow a failover within seconds: the
     * slot map is re-read every few seconds, and at once on a redirect or a node that keeps
     * failing to reconnect (at most once a second, instead of Lettuce's default once in 30 s, so a
     * refresh that came before the replica was promoted is followed by another soon). Until then
     * the slots of a dead master fail fast and the limits fall back per instance. These options
     * replace Boot's spring.data.redis.lettuce.cluster.refresh.* settings.
     */
    @Bean
    static LettuceClientOptionsBuilderCustomizer followClusterFailover() {
        return options -> {
            if (options instanceof ClusterClientOptions.Builder cluster) {
                cluster.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(CLUSTER_REFRESH)
                        .enableAllAdaptiveRefreshTriggers()
                        .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                        .dynamicRefreshSources(true)
                        .build());
            }
        };
    }
    /** Reconnect within a second or two of Redis coming back (Lettuce's default backs off to 30 s). */
    @Bean
    static ClientResourcesBuilderCustomizer quickReconnect() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }
}
