package io.activity.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.rollup.RollupRebuild;
import io.activity.analytics.support.Tokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Group commit (HeartbeatWriter): concurrent batches of one company written as one statement must
 * answer each request as if its batch had been written alone, in queue order, and a batch that
 * fails must fail alone.
 */
class HeartbeatGroupCommitTest extends IngestTestSupport {

    @Autowired
    HeartbeatWriter writer;

    @Autowired
    RollupRebuild rebuild;

    private static Heartbeat beat(UUID event, UUID user, String at, int chrome) {
        int[] counts = new int[ActivitySource.values().length];
        counts[ActivitySource.CHROME.ordinal()] = chrome;
        return new Heartbeat(event, user, "laptop", Instant.parse(at), counts);
    }

    @Test
    void aGroupAnswersEachBatchAsIfWrittenAloneInQueueOrder() {
        UUID company = company("America/New_York");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID e1 = UUID.randomUUID(), e2 = UUID.randomUUID(), e3 = UUID.randomUUID();
        UUID e4 = UUID.randomUUID(), e5 = UUID.randomUUID(), e6 = UUID.randomUUID();
        // Stored before: e6. New York days: 03:59Z on 03-09 is 03-08 local (EDT from 03-08 07:00Z).
        assertThat(writer.write(company, List.of(beat(e6, bob, "2026-03-09T03:59:00Z", 7))))
                .isEqualTo(1);

        var a = new HeartbeatWriter.Pending(
                List.of(beat(e1, ada, "2026-03-08T14:00:00Z", 1), beat(e2, ada, "2026-03-09T04:00:00Z", 2)));
        // e1 again (A wrote it first in the group), e3 new.
        var b = new HeartbeatWriter.Pending(
                List.of(beat(e1, ada, "2026-03-08T14:00:00Z", 1), beat(e3, bob, "2026-03-08T15:00:00Z", 4)));
        // e6 is stored already, e4 and e5 are new.
        var c = new HeartbeatWriter.Pending(List.of(
                beat(e6, bob, "2026-03-09T03:59:00Z", 7),
                beat(e4, bob, "2026-03-09T04:01:00Z", 8),
                beat(e5, ada, "2026-03-09T05:00:00Z", 16)));
        writer.writeGroup(company, List.of(a, b, c));

        assertThat(a.result()).isEqualTo(2);
        assertThat(b.result()).isEqualTo(1);
        assertThat(c.result()).isEqualTo(2);
        assertThat(count("heartbeats", company)).isEqualTo(6);
        // Worked by hand: 03-08 local holds e1 (1), e3 (4), e6 (7); 03-09 holds e2 (2), e4 (8), e5 (16).
        assertThat(jdbc.sql("select day || ' ' || heartbeats || ' ' || total_activity_count || ' ' || active_users"
                                + " from daily_company_activity where company_id = ? order by day")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly("2026-03-08 3 12 2", "2026-03-09 3 26 2");
        List<String> incremental = rollups(company);
        rebuild.rebuild(company);
        assertThat(incremental).isEqualTo(rollups(company));
    }

    @Test
    void aBatchThatFailsInAGroupFailsAloneAndTheOthersAreStored() {
        UUID company = company("UTC");
        UUID ada = member(company);
        UUID bob = member(company);
        UUID full = member(company);
        // A member-day whose chrome total is a step from the largest bigint: one more count overflows.
        jdbc.sql("insert into daily_user_activity (company_id, user_id, day, heartbeats, chrome_activity_count,"
                        + " edge_activity_count, firefox_activity_count, desktop_activity_count,"
                        + " web_accessibility_activity_count, total_activity_count)"
                        + " values (?, ?, date '2026-06-01', 1, 9223372036854775807, 0, 0, 0, 0, 1)")
                .params(company, full)
                .update();
        UUID a1 = UUID.randomUUID(), b1 = UUID.randomUUID(), f1 = UUID.randomUUID();
        var a = new HeartbeatWriter.Pending(List.of(beat(a1, ada, "2026-06-01T10:00:00Z", 1)));
        var f = new HeartbeatWriter.Pending(List.of(beat(f1, full, "2026-06-01T10:05:00Z", 1)));
        var b = new HeartbeatWriter.Pending(List.of(beat(b1, bob, "2026-06-01T10:10:00Z", 2)));
        writer.writeGroup(company, List.of(a, f, b));

        assertThat(a.result()).isEqualTo(1);
        assertThat(b.result()).isEqualTo(1);
        assertThat(f.done()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(f::result)
                .hasRootCauseInstanceOf(java.sql.SQLException.class)
                .rootCause()
                .extracting(e -> ((java.sql.SQLException) e).getSQLState())
                .isEqualTo("22003");
        // The failed batch wrote nothing; the others are whole.
        assertThat(jdbc.sql("select event_id from heartbeat_event_ids where company_id = ? order by event_id")
                        .param(company)
                        .query(UUID.class)
                        .list())
                .containsExactlyInAnyOrder(a1, b1);
        assertThat(jdbc.sql("select heartbeats || ' ' || total_activity_count from daily_company_activity"
                                + " where company_id = ?")
                        .param(company)
                        .query(String.class)
                        .list())
                .containsExactly("2 3");
    }

    @Test
    void concurrentRequestsWithOverlappingBatchesCountEveryEventOnce() throws Exception {
        UUID company = company("Asia/Kolkata");
        List<UUID> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(member(company));
        }
        // 40 distinct events; each of 16 requests sends 10 of them, so every event is sent 4 times.
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(beat(
                    UUID.randomUUID(),
                    members.get(i % 4),
                    "laptop",
                    Instant.parse("2026-09-01T18:00:00Z").plusSeconds(60L * i).toString(),
                    i + 1,
                    0,
                    0,
                    0,
                    0));
        }
        String token = Tokens.ingest();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> requests = new ArrayList<>();
            for (int r = 0; r < 16; r++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    batch.add(events.get((r * 10 + k) % 40));
                }
                requests.add(() -> {
                    var response = api.post(heartbeats(company), token, batch(batch));
                    assertThat(response.status()).as(response.toString()).isEqualTo(200);
                    return response.json().get("accepted").asInt();
                });
            }
            int accepted = 0;
            for (Future<Integer> f : pool.invokeAll(requests)) {
                accepted += f.get();
            }
            assertThat(accepted).isEqualTo(40);
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("heartbeats", company)).isEqualTo(40);
        // 1 + 2 + … + 40 chrome counts.
        assertThat(jdbc.sql("select sum(total_activity_count) from daily_company_activity where company_id = ?")
                        .param(company)
                        .query(Long.class)
                        .single())
                .isEqualTo(820L);
        List<String> incremental = rollups(company);
        rebuild.rebuild(company);
        assertThat(incremental).isEqualTo(rollups(company));
    }
}
