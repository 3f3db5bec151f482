-- One heartbeat batch's rows and every rollup they feed, in one statement; the tables in
-- RollupUpkeep's order, which is the lock order. HeartbeatWriter runs it right after the event-id
-- guard's insert (round trip 1 of heartbeat-batch-split.sql, in the same transaction), with the
-- arrays narrowed to the events whose ids were new there: so a replayed event never reaches this
-- statement, and no join of the batch to the guard's rows is needed (planned for a generic 10-row
-- batch, that join was a nested loop over 500 x 500 rows). The heartbeats are still inserted with
-- ON CONFLICT DO NOTHING and each rollup gets one upsert per key from the rows really inserted.
-- The numbered placeholders are the activity sources' lists, filled in by RollupUpkeep from
-- ActivitySource.
with input as (
    select * from unnest(:event_ids, :user_ids, :device_ids, :generated_at::timestamptz[], %4$s)
        as t(event_id, user_id, device_id, generated_at, %5$s)
),
inserted as (
    insert into heartbeats (company_id, generated_at, event_id, user_id, device_id, %6$s)
    select :company, i.generated_at, i.event_id, i.user_id, i.device_id, %7$s
    from input i
    order by i.generated_at, i.event_id
    on conflict do nothing
    returning event_id, user_id, device_id, generated_at, %8$s, total_activity_count as total
),
fresh as (
    -- The zone as an uncorrelated subquery: read once, not once per row.
    select r.*, local_day(r.generated_at, (select timezone from companies where company_id = :company)) as day,
           quarter_hour(r.generated_at) as bucket
    from inserted r
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
    insert into quarter_hour_activity as t (company_id, user_id, bucket_start, device_id, %1$s, %10$s)
    select :company, user_id, bucket, device_id, count(*), %2$s, %11$s
    from fresh group by user_id, bucket, device_id order by user_id, bucket, device_id
    on conflict (company_id, user_id, bucket_start, device_id) do update set %3$s, %12$s
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
select (select array_agg(event_id) from inserted) as inserted_ids,
       (select count(*) from daily_user) as daily_user,
       (select count(*) from daily_device) as daily_device,
       (select count(*) from quarter_user) as quarter_user,
       (select count(*) from active_days) as active_days,
       (select count(*) from member) as member,
       (select count(*) from quarter_company) as quarter_company,
       (select count(*) from daily_company) as daily_company

