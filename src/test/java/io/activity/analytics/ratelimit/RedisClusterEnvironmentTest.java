package io.activity.analytics.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * ANALYTICS_REDIS_CLUSTER_NODES (analytics.redis.cluster-nodes) through a real Spring Boot start
 * with its Redis auto-configuration and this service's application.yml, spring.factories and
 * client options: unset or empty it leaves the single-node client of spring.data.redis.host/port
 * (the behaviour before the setting existed); set, Boot builds a cluster client on those nodes.
 * Nothing connects: the connection factory is only built.
 */
class RedisClusterEnvironmentTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(DataRedisAutoConfiguration.class)
    static class RedisOnly {}

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(RedisOnly.class, RedisClientConfig.class)
                .web(WebApplicationType.NONE)
                .run(properties);
    }

    private static LettuceConnectionFactory factory(ConfigurableApplicationContext context) {
        return context.getBean(LettuceConnectionFactory.class);
    }

    @Test
    void unsetKeepsTheSingleNodeClient() {
        try (var context = start("--spring.data.redis.host=10.1.2.3", "--spring.data.redis.port=6380")) {
            assertThat(context.getEnvironment().getProperty("spring.data.redis.cluster.nodes"))
                    .isNull();
            assertThat(factory(context).getClusterConfiguration()).isNull();
            assertThat(factory(context).getStandaloneConfiguration().getHostName())
                    .isEqualTo("10.1.2.3");
            assertThat(factory(context).getStandaloneConfiguration().getPort()).isEqualTo(6380);
        }
    }

    @Test
    void emptyOrBlankKeepsTheSingleNodeClientToo() {
        for (String value : List.of("", "  ")) {
            try (var context = start("--analytics.redis.cluster-nodes=" + value)) {
                assertThat(context.getEnvironment().getProperty("spring.data.redis.cluster.nodes"))
                        .isNull();
                assertThat(factory(context).getClusterConfiguration()).isNull();
                assertThat(factory(context).getStandaloneConfiguration().getPort())
                        .isEqualTo(6379);
            }
        }
    }

    @Test
    void nodesMakeItAClusterClient() {
        try (var context = start("--analytics.redis.cluster-nodes=127.0.0.1:18701, 127.0.0.1:18702")) {
            var cluster = factory(context).getClusterConfiguration();
            assertThat(cluster).isNotNull();
            assertThat(cluster.getClusterNodes())
                    .extracting(RedisNode::getHost, RedisNode::getPort)
                    .containsExactlyInAnyOrder(tuple("127.0.0.1", 18701), tuple("127.0.0.1", 18702));
        }
    }

    @Test
    void bootsOwnPropertyStillWins() {
        try (var context = start(
                "--analytics.redis.cluster-nodes=127.0.0.1:18701",
                "--spring.data.redis.cluster.nodes=127.0.0.1:18709")) {
            assertThat(factory(context).getClusterConfiguration().getClusterNodes())
                    .extracting(RedisNode::getPort)
                    .containsExactly(18709);
        }
    }

    /**
     * Why the setting is not simply mapped in application.yml: Boot's own property, bound to an
     * empty value, already asks for a cluster client, of no nodes, and the service does not start.
     */
    @Test
    void bootsPropertyEmptyWouldAlreadyMeanAClusterOfNoNodes() {
        assertThatThrownBy(() -> start("--spring.data.redis.cluster.nodes=").close())
                .hasRootCauseMessage("RedisURIs must not be empty");
    }
}
