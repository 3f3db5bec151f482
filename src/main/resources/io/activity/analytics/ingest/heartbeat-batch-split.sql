-- One heartbeat batch and every rollup it feeds, in one transaction, as plain statements: what
-- heartbeat-batch.sql does after the guard in one statement of data-modifying CTEs, which Citus never
-- routes to one worker (HeartbeatWriter uses this form there; on plain PostgreSQL it runs round trip
-- 1 and then heartbeat-batch.sql, which is faster).
-- The tables in RollupUpkeep's order, which is the lock order. The batch travels as arrays, and every statement reads it as
-- "fresh" (%4$s: the company's row joined to the unnested arrays, with each event's local day and
-- quarter hour). HeartbeatWriter runs the statements in five round trips, split at the "round
-- trip" lines, and between them narrows the arrays to the rows really inserted: the event-id
-- guard's, then the heartbeats' (both ON CONFLICT DO NOTHING), so a replayed event adds nothing
-- anywhere. Each rollup gets one upsert per key.
--
-- Every statement is a single-company INSERT … SELECT whose rows take their company_id from the
-- companies row (no data-modifying CTE, typed parameters), so Citus routes each to the company's
-- worker as one task (docs/scaling.md). The numbered placeholders are the activity sources' lists,
-- filled in by RollupUpkeep from ActivitySource.

-- round trip 1
-- Checked again under the company's lock: a member erased after the batch was validated
-- (ErasedMemberIngestTest) has no guard row here, so nothing of theirs is stored after it.
insert into heartbeat_event_ids (company_id, event_id, generated_at)
select company_id, event_id, generated_at from (%4$s) fresh
where exists (select 1 from company_members m where m.company_id = fresh.company_id and m.user_id = fresh.user_id)
order by event_id
on conflict do nothing
returning event_id;

-- round trip 2
insert into heartbeats (company_id, generated_at, event_id, user_id, device_id, %6$s)
select company_id, generated_at, event_id, user_id, device_id, %5$s from (%4$s) fresh
order by generated_at, event_id
on conflict do nothing
returning event_id;

-- round trip 3
insert into daily_user_activity as t (company_id, user_id, day, %1$s)
select company_id, user_id, day, count(*), %2$s
from (%4$s) fresh group by company_id, user_id, day order by user_id, day
on conflict (company_id, user_id, day) do update set %3$s;

insert into daily_device_activity as t (company_id, device_id, day, %1$s)
select company_id, device_id, day, count(*), %2$s
from (%4$s) fresh group by company_id, device_id, day order by device_id, day
on conflict (company_id, device_id, day) do update set %3$s;

insert into quarter_hour_activity as t (company_id, user_id, bucket_start, device_id, %1$s, %8$s)
select company_id, user_id, bucket, device_id, count(*), %2$s, %9$s
from (%4$s) fresh group by company_id, user_id, bucket, device_id order by user_id, bucket, device_id
on conflict (company_id, user_id, bucket_start, device_id) do update set %3$s, %10$s;

-- round trip 4
-- The member-days new to user_active_days: each adds one to its day's active_users below.
insert into user_active_days (company_id, day, user_id)
select company_id, day, user_id from (%4$s) fresh where total > 0
group by company_id, day, user_id order by day, user_id
on conflict do nothing
returning day;

-- round trip 5
insert into member_activity as t (company_id, user_id, last_heartbeat_at)
select company_id, user_id, max(generated_at) from (%4$s) fresh group by company_id, user_id order by user_id
on conflict (company_id, user_id) do update set last_heartbeat_at = excluded.last_heartbeat_at
    where t.last_heartbeat_at is null or t.last_heartbeat_at < excluded.last_heartbeat_at;

insert into quarter_hour_company_activity as t (company_id, bucket_start, %1$s)
select company_id, bucket, count(*), %2$s
from (%4$s) fresh group by company_id, bucket order by bucket
on conflict (company_id, bucket_start) do update set %3$s;

-- :new_days and :new_active: round trip 4's new member-days, counted per day.
insert into daily_company_activity as t (company_id, day, %1$s, active_users)
select f.company_id, f.day, f.heartbeats, %7$s, f.total, coalesce(a.new_active, 0)
from (select company_id, day, count(*) as heartbeats, %2$s from (%4$s) fresh group by company_id, day) f
left join unnest(:new_days::date[], :new_active::int4[]) as a(day, new_active) on a.day = f.day
order by f.day
on conflict (company_id, day) do update set %3$s,
    active_users = t.active_users + excluded.active_users
