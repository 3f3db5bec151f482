package io.activity.analytics.ingest;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.rollup.Partitions;
import java.sql.Array;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores validated batches and folds the rows really inserted into every rollup, in one
 * transaction, under the company's shared lock: on plain PostgreSQL in two round trips (the
 * event-id guard, then one statement for the new events and their rollups, {@link
 * RollupUpkeep#HEARTBEAT_BATCH}; a replayed batch stops after the first), on Citus as plain
 * single-company statements in five round trips
 * ({@link RollupUpkeep#HEARTBEAT_BATCH_SPLIT}), which Citus routes to the company's worker each (it
 * never does so with data-modifying CTEs; on plain PostgreSQL the split form ingests about a third
 * slower, docs/scaling.md). {@link IngestProperties#splitBatches()} overrides the choice.
 *
 * <p><b>Group commit.</b> Concurrent batches of one company would wait on each other's rollup rows
 * (the same member-days, the company's day and quarter hour), each paying its own statement and
 * commit. Instead, a request queues its batch and takes the company's writer lock; whoever holds it
 * writes every batch queued by then (up to {@link IngestProperties#groupMaxEvents()} events) as
 * one transaction and one commit, and each request is answered after that commit with its own
 * figures. A batch keeps its atomicity: if a group's transaction fails, its batches are written
 * again one by one, so only the batch that fails alone fails. Event ids are unique over the group
 * (the batch queued first wins, as if it had been written first), so a replay inside a group
 * counts as a duplicate exactly as across requests.
 *
 * <p>Off by default ({@link IngestProperties#groupMaxEvents()} 0): on the benchmark machine, whose
 * ingest is bound by index pages and WAL rather than by row-lock waits, four clients of one company
 * wrote 9.8 k events/s side by side and 5.6–5.9 k/s through the writer lock (S1 on {@code large},
 * docs/benchmarks.md); the lock serializes the company's batches while each waits on I/O.
 */
@Component
class HeartbeatWriter {

    /** heartbeat-batch-split.sql's five round trips; the first, the event-id guard, is the plain form's too. */
    private static final List<String> ROUND_TRIPS = RollupUpkeep.roundTrips(RollupUpkeep.HEARTBEAT_BATCH_SPLIT);

    private static final String HAS_CITUS = "select exists (select 1 from pg_extension where extname = 'citus')";

    /** One request's batch, answered when a writer has stored it (or failed to). */
    static final class Pending {
        final List<Heartbeat> beats;
        private int accepted = -1;
        private RuntimeException failure;

        Pending(List<Heartbeat> beats) {
            this.beats = beats;
        }

        boolean done() {
            return accepted >= 0 || failure != null;
        }

        int result() {
            if (failure != null) {
                throw failure;
            }
            return accepted;
        }
    }

    private static final class Company {
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        final ReentrantLock writer = new ReentrantLock();
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Partitions partitions;
    private final int groupMaxEvents;
    private volatile Boolean split; // null until the first batch when not configured
    private final Map<UUID, Company> companies = new ConcurrentHashMap<>();

    HeartbeatWriter(
            JdbcClient jdbc, TransactionTemplate transactions, Partitions partitions, IngestProperties properties) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.partitions = partitions;
        this.groupMaxEvents = properties.groupMaxEvents();
        this.split = properties.splitBatches();
    }

    /** Stores the batch (event ids unique within it) and returns how many rows were new. */
    int write(UUID company, List<Heartbeat> beats) {
        Pending mine = new Pending(beats);
        if (groupMaxEvents <= 1) { // no group commit: batches of one company are written side by side
            writeGroup(company, List.of(mine));
            return mine.result();
        }
        Company c = companies.computeIfAbsent(company, k -> new Company());
        c.queue.add(mine);
        c.writer.lock();
        try {
            // The previous holder may have written this batch with its group already.
            while (!mine.done()) {
                writeGroup(company, drain(c.queue));
            }
        } finally {
            c.writer.unlock();
        }
        return mine.result();
    }

    /** The queued batches in order, up to the group's size (always at least one). */
    private List<Pending> drain(ConcurrentLinkedQueue<Pending> queue) {
        List<Pending> group = new ArrayList<>();
        int events = 0;
        for (Pending next = queue.peek(); next != null; next = queue.peek()) {
            if (!group.isEmpty() && events + next.beats.size() > groupMaxEvents) {
                break;
            }
            group.add(queue.poll());
            events += next.beats.size();
        }
        return group;
    }

    /** Writes the group in one transaction; if that fails, each batch on its own. */
    void writeGroup(UUID company, List<Pending> group) {
        try {
            store(company, group);
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                group.get(0).failure = e;
                return;
            }
            for (Pending one : group) {
                try {
                    store(company, List.of(one));
                } catch (RuntimeException alone) {
                    one.failure = alone;
                }
            }
        }
    }

    private void store(UUID company, List<Pending> group) {
        // The first copy of an event id in the group is the one written; later ones are duplicates.
        Map<UUID, Pending> owner = new HashMap<>();
        List<Heartbeat> beats = new ArrayList<>();
        for (Pending pending : group) {
            for (Heartbeat beat : pending.beats) {
                if (owner.putIfAbsent(beat.eventId(), pending) == null) {
                    beats.add(beat);
                }
            }
        }
        Set<UUID> inserted = insert(company, beats);
        Map<Pending, Integer> accepted = new HashMap<>();
        for (UUID event : inserted) {
            accepted.merge(owner.get(event), 1, Integer::sum);
        }
        for (Pending pending : group) {
            pending.accepted = accepted.getOrDefault(pending, 0);
        }
    }

    /** One transaction; the event ids of the rows really inserted. */
    private Set<UUID> insert(UUID company, List<Heartbeat> beats) {
        partitions.ensure(
                Partitions.HEARTBEATS,
                beats.stream().map(Heartbeat::generatedAt).toList());
        boolean plain = !splits();
        Set<UUID> inserted = transactions.execute(status -> {
            jdbc.sql(RollupUpkeep.LOCK_SHARED).param("company", company).query().singleRow();
            return plain ? insertAtOnce(company, beats) : insertSplit(company, beats);
        });
        return inserted == null ? Set.of() : inserted;
    }

    /** Whether batches are written as plain statements: as configured, else when Citus is installed. */
    boolean splits() {
        if (split == null) {
            split = jdbc.sql(HAS_CITUS).query(Boolean.class).single();
        }
        return split;
    }

    /**
     * The event-id guard (heartbeat-batch-split.sql's first round trip), then heartbeat-batch.sql for
     * the events it took as new: two round trips, the second skipped when the batch is a replay.
     */
    private Set<UUID> insertAtOnce(UUID company, List<Heartbeat> beats) {
        Map<String, Object> params = params(company, beats);
        List<Heartbeat> fresh = narrow(ROUND_TRIPS.get(0), params, beats);
        if (fresh.isEmpty()) {
            return Set.of();
        }
        if (fresh.size() < beats.size()) { // else the arrays already built are the new events'
            params = params(company, fresh);
        }
        return jdbc.sql(RollupUpkeep.HEARTBEAT_BATCH)
                .params(params)
                .query((rs, row) -> {
                    Set<UUID> ids = new HashSet<>();
                    Array array = rs.getArray("inserted_ids");
                    if (array != null) {
                        for (Object id : (Object[]) array.getArray()) {
                            ids.add((UUID) id);
                        }
                    }
                    return ids;
                })
                .single();
    }

    /** heartbeat-batch-split.sql: five round trips, narrowing the batch to the rows inserted. */
    private Set<UUID> insertSplit(UUID company, List<Heartbeat> beats) {
        // The guard's new rows, then of those the heartbeats' new rows: the batch the rollups get.
        List<Heartbeat> fresh = beats;
        for (String step : ROUND_TRIPS.subList(0, 2)) {
            if (fresh.isEmpty()) {
                return Set.of();
            }
            fresh = narrow(step, params(company, fresh), fresh);
        }
        if (fresh.isEmpty()) {
            return Set.of();
        }
        Map<String, Object> params = params(company, fresh);
        jdbc.sql(ROUND_TRIPS.get(2)).params(params).update();
        Map<String, Integer> newActive = new TreeMap<>(); // new member-days per day
        for (LocalDate day : jdbc.sql(ROUND_TRIPS.get(3))
                .params(params)
                .query(LocalDate.class)
                .list()) {
            newActive.merge(day.toString(), 1, Integer::sum);
        }
        params.put("new_days", new SqlArrayValue("text", newActive.keySet().toArray()));
        params.put("new_active", new SqlArrayValue("int4", newActive.values().toArray()));
        jdbc.sql(ROUND_TRIPS.get(4)).params(params).update();
        return fresh.stream().map(Heartbeat::eventId).collect(Collectors.toSet());
    }

    /** Runs an insert of the beats' arrays that returns the event ids it stored; those beats, in order. */
    private List<Heartbeat> narrow(String insert, Map<String, Object> params, List<Heartbeat> beats) {
        Set<UUID> ids =
                new HashSet<>(jdbc.sql(insert).params(params).query(UUID.class).list());
        return beats.stream().filter(b -> ids.contains(b.eventId())).toList();
    }

    /** The batch as the statements' arrays: one per field, one per activity source. */
    private static Map<String, Object> params(UUID company, List<Heartbeat> beats) {
        int n = beats.size();
        UUID[] eventIds = new UUID[n];
        UUID[] userIds = new UUID[n];
        String[] devices = new String[n];
        String[] generatedAt = new String[n];
        Integer[][] counts = new Integer[ActivitySource.values().length][n];
        for (int i = 0; i < n; i++) {
            Heartbeat b = beats.get(i);
            eventIds[i] = b.eventId();
            userIds[i] = b.userId();
            devices[i] = b.deviceId();
            generatedAt[i] = b.generatedAt().toString();
            for (ActivitySource source : ActivitySource.values()) {
                counts[source.ordinal()][i] = b.count(source);
            }
        }
        Map<String, Object> params = new HashMap<>();
        params.put("company", company);
        params.put("event_ids", new SqlArrayValue("uuid", (Object[]) eventIds));
        params.put("user_ids", new SqlArrayValue("uuid", (Object[]) userIds));
        params.put("device_ids", new SqlArrayValue("text", (Object[]) devices));
        params.put("generated_at", new SqlArrayValue("text", (Object[]) generatedAt));
        for (ActivitySource source : ActivitySource.values()) {
            params.put(source.alias, new SqlArrayValue("int4", (Object[]) counts[source.ordinal()]));
        }
        return params;
    }
}
