package io.activity.analytics.ingest;

import io.activity.analytics.rollup.ActivitySource;
import io.activity.analytics.rollup.Partitions;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores a validated batch and folds the rows really inserted into every rollup, in one
 * transaction and one statement: the batch travels as arrays (unnest), the event-id guard and the
 * heartbeats are inserted with ON CONFLICT DO NOTHING, and each rollup gets one upsert per key
 * from the RETURNING rows, so a replayed event adds nothing anywhere.
 *
 * <p>Concurrency: every upsert takes its keys in a fixed order, and the final SELECT reads the
 * CTEs in a fixed table order (the page-view path follows the same order), so two batches of one
 * company never wait on each other in a cycle. The company-wide rows (today's
 * daily_company_activity and the current quarter hour) are touched last, so their row locks are
 * held only for the end of the statement and the commit. A shared advisory lock on the company
 * lets batches run side by side while a rebuild or a retention run (exclusive) waits for them.
 */
@Component
class HeartbeatWriter {

    static final String LOCK_SHARED = "select pg_advisory_xact_lock_shared(hashtextextended(:company::text, 0))";

    // Per source: "sum(chrome) as chrome, …", "chrome_activity_count = t.chrome_activity_count + …".
    private static final String SUMS = ActivitySource.each("sum({alias}) as {alias}") + ", sum(total) as total";

    private static final String ADD_COUNTS = "heartbeats = t.heartbeats + excluded.heartbeats, "
            + ActivitySource.each("{column} = t.{column} + excluded.{column}")
            + ", total_activity_count = t.total_activity_count + excluded.total_activity_count";

    private static final String COUNT_COLUMNS =
            "heartbeats, " + ActivitySource.each("{column}") + ", " + ActivitySource.TOTAL;

    static final String INSERT = """
            with input as (
                select * from unnest(:event_ids, :user_ids, :device_ids, :generated_at::timestamptz[], %4$s)
                    as t(event_id, user_id, device_id, generated_at, %5$s)
            ),
            guard as (
                insert into heartbeat_event_ids (company_id, event_id, generated_at)
                select :company, event_id, generated_at from input order by event_id
                on conflict do nothing
                returning event_id
            ),
            inserted as (
                insert into heartbeats (company_id, generated_at, event_id, user_id, device_id, %6$s)
                select :company, i.generated_at, i.event_id, i.user_id, i.device_id, %7$s
                from input i join guard g on g.event_id = i.event_id
                order by i.generated_at, i.event_id
                on conflict do nothing
                returning user_id, device_id, generated_at, %8$s, total_activity_count as total
            ),
            fresh as (
                select r.*, local_day(r.generated_at, c.timezone) as day,
                       quarter_hour(r.generated_at) as bucket
                from inserted r cross join (select timezone from companies where company_id = :company) c
            ),
            daily_user as (
                insert into daily_user_activity as t (company_id, user_id, day, %1$s)
                select :company, user_id, day, count(*), %2$s
                from fresh group by user_id, day order by user_id, day
                on conflict (company_id, user_id, day) do update set %3$s
                returning 1
            ),
            daily_device as (
                insert into daily_device_activity as t (company_id, device_id, day, %1$s)
                select :company, device_id, day, count(*), %2$s
                from fresh group by device_id, day order by device_id, day
                on conflict (company_id, device_id, day) do update set %3$s
                returning 1
            ),
            quarter_user as (
                insert into quarter_hour_activity as t (company_id, user_id, bucket_start, device_id, %1$s)
                select :company, user_id, bucket, device_id, count(*), %2$s
                from fresh group by user_id, bucket, device_id order by user_id, bucket, device_id
                on conflict (company_id, user_id, bucket_start, device_id) do update set %3$s
                returning 1
            ),
            active_days as (
                insert into user_active_days (company_id, day, user_id)
                select :company, day, user_id from fresh where total > 0
                group by day, user_id order by day, user_id
                on conflict do nothing
                returning day
            ),
            member as (
                insert into member_activity as t (company_id, user_id, last_heartbeat_at)
                select :company, user_id, max(generated_at) from fresh group by user_id order by user_id
                on conflict (company_id, user_id) do update set last_heartbeat_at = excluded.last_heartbeat_at
                    where t.last_heartbeat_at is null or t.last_heartbeat_at < excluded.last_heartbeat_at
                returning 1
            ),
            quarter_company as (
                insert into quarter_hour_company_activity as t (company_id, bucket_start, %1$s)
                select :company, bucket, count(*), %2$s
                from fresh group by bucket order by bucket
                on conflict (company_id, bucket_start) do update set %3$s
                returning 1
            ),
            daily_company as (
                insert into daily_company_activity as t (company_id, day, %1$s, active_users)
                select :company, f.day, f.heartbeats, %9$s, f.total,
                       coalesce(a.new_active, 0)
                from (select day, count(*) as heartbeats, %2$s from fresh group by day) f
                left join (select day, count(*) as new_active from active_days group by day) a on a.day = f.day
                order by f.day
                on conflict (company_id, day) do update set %3$s,
                    active_users = t.active_users + excluded.active_users
                returning 1
            )
            select (select count(*) from inserted) as accepted,
                   (select count(*) from daily_user) as daily_user,
                   (select count(*) from daily_device) as daily_device,
                   (select count(*) from quarter_user) as quarter_user,
                   (select count(*) from active_days) as active_days,
                   (select count(*) from member) as member,
                   (select count(*) from quarter_company) as quarter_company,
                   (select count(*) from daily_company) as daily_company
            """.formatted(
                    COUNT_COLUMNS,
                    SUMS,
                    ADD_COUNTS,
                    ActivitySource.each(":{alias}"),
                    ActivitySource.each("{alias}"),
                    ActivitySource.each("{column}"),
                    ActivitySource.each("i.{alias}"),
                    ActivitySource.each("{column} as {alias}"),
                    ActivitySource.each("f.{alias}"));

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Partitions partitions;

    HeartbeatWriter(JdbcClient jdbc, TransactionTemplate transactions, Partitions partitions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.partitions = partitions;
    }

    /** Stores the batch (event ids unique within it) and returns how many rows were new. */
    int write(UUID company, List<Heartbeat> beats) {
        partitions.ensure(
                Partitions.HEARTBEATS,
                beats.stream().map(Heartbeat::generatedAt).toList());
        int n = beats.size();
        UUID[] eventIds = new UUID[n];
        UUID[] userIds = new UUID[n];
        String[] devices = new String[n];
        String[] generatedAt = new String[n];
        Integer[][] counts = new Integer[ActivitySource.values().length][n]; // one array per source
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
        Integer accepted = transactions.execute(status -> {
            jdbc.sql(LOCK_SHARED).param("company", company).query().singleRow();
            var statement = jdbc.sql(INSERT)
                    .param("company", company)
                    .param("event_ids", new SqlArrayValue("uuid", (Object[]) eventIds))
                    .param("user_ids", new SqlArrayValue("uuid", (Object[]) userIds))
                    .param("device_ids", new SqlArrayValue("text", (Object[]) devices))
                    .param("generated_at", new SqlArrayValue("text", (Object[]) generatedAt));
            for (ActivitySource source : ActivitySource.values()) {
                statement =
                        statement.param(source.alias, new SqlArrayValue("int4", (Object[]) counts[source.ordinal()]));
            }
            return statement.query((rs, row) -> rs.getInt("accepted")).single();
        });
        return accepted == null ? 0 : accepted;
    }
}
