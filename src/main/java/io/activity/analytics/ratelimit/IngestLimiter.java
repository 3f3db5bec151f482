package io.activity.analytics.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * The ingest limit: a token bucket per company (Bucket4j, state in Redis, compare-and-swap), so
 * bursts up to the capacity pass and the sustained rate is the refill rate. A bucket's key expires
 * once it would be full again (plus a margin), so idle companies leave nothing in Redis.
 */
@Component
class IngestLimiter {

    static final String POLICY = "ingest";

    private final RateLimitProperties.Ingest ingest;
    private final RedisCircuit circuit;
    private final RedisConnectionFactory factory;
    private final BucketConfiguration shared;
    private final BucketConfiguration localShare;
    private final long windowSeconds;
    private final ConcurrentHashMap<UUID, Bucket> local = new ConcurrentHashMap<>();
    private volatile StatefulConnection<String, byte[]> connection;
    private volatile ProxyManager<String> buckets;

    IngestLimiter(RateLimitProperties properties, RedisCircuit circuit, RedisConnectionFactory factory) {
        this.ingest = properties.ingest();
        this.circuit = circuit;
        this.factory = factory;
        this.shared = configuration(ingest.capacity(), ingest.refill());
        this.localShare = configuration(properties.share(ingest.capacity()), properties.share(ingest.refill()));
        this.windowSeconds = ingest.period().toSeconds();
    }

    private BucketConfiguration configuration(long capacity, long refill) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(refill, ingest.period()))
                .build();
    }

    /** Hash-tagged with the company like its other keys (ReadLimiter.key says why). */
    static String key(UUID company) {
        return "rl:ingest:{" + company + "}";
    }

    Decision acquire(UUID company) {
        return circuit.call(
                () -> decision(
                        proxies().builder().build(key(company), () -> shared).tryConsumeAndReturnRemaining(1),
                        ingest.capacity()),
                () -> decision(
                        local.computeIfAbsent(
                                        company,
                                        k -> Bucket.builder()
                                                .addLimit(localShare.getBandwidths()[0])
                                                .build())
                                .tryConsumeAndReturnRemaining(1),
                        localShare.getBandwidths()[0].getCapacity()));
    }

    private Decision decision(ConsumptionProbe probe, long limit) {
        boolean admitted = probe.isConsumed();
        long reset = admitted
                ? Decision.ceilSeconds(probe.getNanosToWaitForReset())
                : Decision.ceilSeconds(probe.getNanosToWaitForRefill());
        long retryAfter = admitted ? 0 : Math.max(1, reset);
        return new Decision(admitted, POLICY, limit, windowSeconds, probe.getRemainingTokens(), reset, retryAfter);
    }

    /**
     * Bucket4j needs a Lettuce connection with a byte[] value codec; it is opened lazily from the
     * client Spring Boot configured (same host or cluster nodes, timeouts and options), because that
     * client only exists once the connection factory has started, and Redis may be down at
     * start-up. In a cluster the bucket's one key decides the node its compare-and-swap runs on.
     */
    private ProxyManager<String> proxies() {
        ProxyManager<String> current = buckets;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (buckets == null) {
                RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
                AbstractRedisClient client = ((LettuceConnectionFactory) factory).getNativeClient();
                Bucket4jLettuce.LettuceBasedProxyManagerBuilder<String> builder;
                if (client instanceof RedisClusterClient cluster) {
                    StatefulRedisClusterConnection<String, byte[]> clusterConnection = cluster.connect(codec);
                    connection = clusterConnection;
                    builder = Bucket4jLettuce.casBasedBuilder(clusterConnection);
                } else {
                    StatefulRedisConnection<String, byte[]> single = ((RedisClient) client).connect(codec);
                    connection = single;
                    builder = Bucket4jLettuce.casBasedBuilder(single);
                }
                buckets = builder.expirationAfterWrite(
                                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                                        Duration.ofSeconds(10)))
                        .requestTimeout(Duration.ofMillis(500))
                        .build();
            }
            return buckets;
        }
    }

    @PreDestroy
    void close() {
        if (connection != null) {
            connection.close();
        }
    }
}
