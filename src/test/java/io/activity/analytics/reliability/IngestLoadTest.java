package io.activity.analytics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.reliability.Routes.Route;
import io.activity.analytics.support.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Concurrent heartbeat ingest (with replays) and reads of every read route, for a bounded time on
 * loopback: every batch acknowledged; every read a 200 (no 5xx, and no 4xx: the parameters are
 * valid and the limiters off), every read route among them; and the accepted counts the service
 * reported equal the rows in the database, so no acknowledged event was lost or double-counted.
 * Limiters are off (ReliabilityTest); the limits themselves are covered by the ratelimit tests.
 *
 * <p>Needs the ingest endpoints (POST /companies/{id}/heartbeats) of the ingest branch.
 */
@Tag("load")
class IngestLoadTest extends ReliabilityTest {

    private static final Duration RUN = Duration.ofSeconds(15);
    private static final int WRITERS = 4;
    private static final int READERS = 3;
    private static final int BATCH = 50;

    @Test
    void concurrentIngestAndReadsLoseNothingAndNeverFail() throws Exception {
        Fixture fixture = fixture();
        UUID company = fixture.companyId();
        String ingestPath = "/api/v2/companies/" + company + "/heartbeats";
        String token = Tokens.service("analytics:ingest", company);
        List<Route> reads = companyRoutes().stream().filter(Route::isRead).toList();
        long baseline = rows(company);

        AtomicLong accepted = new AtomicLong(), duplicates = new AtomicLong(), batches = new AtomicLong();
        AtomicLong replays = new AtomicLong(), readCount = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Set<String> readRoutes = ConcurrentHashMap.newKeySet();
        long end = System.nanoTime() + RUN.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
        List<Future<?>> work = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            work.add(pool.submit(() -> {
                List<Heartbeats> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    boolean replay =
                            !mine.isEmpty() && ThreadLocalRandom.current().nextInt(5) == 0;
                    Heartbeats batch = replay
                            ? mine.get(ThreadLocalRandom.current().nextInt(mine.size()))
                            : Heartbeats.batch(fixture.member(), BATCH);
                    var response = api.post(ingestPath, token, batch.json());
                    if (response.status() != 200) {
                        failures.add("ingest " + response);
                        continue;
                    }
                    accepted.addAndGet(response.json().get("accepted").asLong());
                    duplicates.addAndGet(response.json().get("duplicates").asLong());
                    batches.incrementAndGet();
                    if (replay) replays.incrementAndGet();
                    else mine.add(batch);
                }
                return null;
            }));
        }
        for (int r = 0; r < READERS; r++) {
            work.add(pool.submit(() -> {
                int i = ThreadLocalRandom.current().nextInt(reads.size());
                int first = i;
                // At least one full pass over the read routes, however slow the machine.
                while (System.nanoTime() < end || i - first < reads.size()) {
                    Route route = reads.get(i++ % reads.size());
                    String path = Routes.path(route, fixture.target()) + Routes.query(Routes.validQuery(route));
                    var response = call(route, path, authorized(route, fixture), null);
                    readCount.incrementAndGet();
                    // The limiters are off, so every authorised read with valid parameters is a 200:
                    // a 4xx (a 429 included) is as much a failure as a 5xx.
                    if (response.status() != 200) {
                        failures.add("read " + path + " " + response);
                    } else {
                        readRoutes.add(route.method() + " " + route.pattern());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(RUN.toSeconds() + 60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        long stored = rows(company) - baseline;
        System.out.printf(
                "LOAD %ds: %d ingest batches (%d replays), %d events accepted, %d duplicates, %d rows stored,"
                        + " %d reads, %d failures; events lost: %d%n",
                RUN.toSeconds(),
                batches.get(),
                replays.get(),
                accepted.get(),
                duplicates.get(),
                stored,
                readCount.get(),
                failures.size(),
                accepted.get() - stored);
        assertThat(failures).isEmpty();
        assertThat(batches.get()).isPositive();
        assertThat(readCount.get()).isPositive();
        assertThat(readRoutes)
                .as("read routes answered 200 at least once")
                .containsExactlyInAnyOrderElementsOf(
                        reads.stream().map(r -> r.method() + " " + r.pattern()).toList());
        assertThat(stored).as("rows stored = events the service accepted").isEqualTo(accepted.get());
        assertThat(accepted.get()).isEqualTo((batches.get() - replays.get()) * BATCH);
        assertThat(duplicates.get()).isEqualTo(replays.get() * BATCH);
    }

    private long rows(UUID company) {
        return jdbc.sql("select count(*) from heartbeats where company_id = ?")
                .param(company)
                .query(Long.class)
                .single();
    }
}
