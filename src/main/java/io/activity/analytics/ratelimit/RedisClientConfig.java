package io.activity.analytics.ratelimit;

import io.lettuce.core.ClientOptions;
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

    /**
     * While the connection to Redis is down, fail commands at once instead of queueing them until
     * the command timeout: the limiter then falls back without making the request wait.
     */
    @Bean
    static LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /** Reconnect within a second or two of Redis coming back (Lettuce's default backs off to 30 s). */
    @Bean
    static ClientResourcesBuilderCustomizer quickReconnect() {
        return resources -> resources.reconnectDelay(
                Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS));
    }
}
