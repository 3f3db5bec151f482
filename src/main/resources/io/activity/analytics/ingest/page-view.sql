-- One page view and every rollup it feeds, in the table order of the heartbeat batch
-- (RollupUpkeep: the table order is the lock order). A view sent with an event_id is stored under
-- it as view_id (its guard row in page_view_event_ids was inserted just before, in the same
-- transaction); one without gets a random view_id.
--
-- Every statement is a plain INSERT … VALUES on one company's rows (no data-modifying CTE, no
-- subquery on another table, typed parameters), so Citus routes each to the company's worker as
-- it is (docs/scaling.md). :day, :bucket, :ordinal, :last_activity and :last_login come from
-- page-view-context.sql, read just before in the same transaction. Tracking runs the statements
-- in three round trips, split at the "round trip" lines: the daily company row needs to know
-- whether the member's day row was new.

-- round trip 1
insert into page_views (company_id, viewed_at, view_id, user_id, session_id, path, referrer, duration_ms)
values (:company::uuid, :at::timestamptz, coalesce(:event::uuid, gen_random_uuid()), :user::uuid,
        :session::uuid, :path::text, :referrer::text, :duration::bigint);

insert into daily_user_activity as t (company_id, user_id, day, page_views)
values (:company::uuid, :user::uuid, :day::date, 1)
on conflict (company_id, user_id, day) do update set page_views = t.page_views + 1;

insert into quarter_hour_page_views as t (company_id, user_id, bucket_start, page_views)
values (:company::uuid, :user::uuid, :bucket::timestamptz, 1)
on conflict (company_id, user_id, bucket_start) do update set page_views = t.page_views + 1;

-- round trip 2
insert into user_active_days (company_id, day, user_id)
values (:company::uuid, :day::date, :user::uuid)
on conflict do nothing
returning day;

-- round trip 3
-- last_login_at is the member's latest session start (a late view may have moved a start back).
insert into member_activity as t (company_id, user_id, last_session_at, last_login_at)
values (:company::uuid, :user::uuid, :last_activity::timestamptz, :last_login::timestamptz)
on conflict (company_id, user_id) do update set
    last_session_at = greatest(t.last_session_at, excluded.last_session_at),
    last_login_at = excluded.last_login_at;

insert into daily_page_stats as t (company_id, day, path, page_views, duration_sum_ms, duration_count)
values (:company::uuid, :day::date, :path::text, 1, coalesce(:duration::bigint, 0),
        case when :duration::bigint is null then 0 else 1 end)
on conflict (company_id, day, path) do update set
    page_views = t.page_views + 1,
    duration_sum_ms = t.duration_sum_ms + excluded.duration_sum_ms,
    duration_count = t.duration_count + excluded.duration_count;

-- The member's bit in the day's set of viewers: bit :ordinal of a bit string long enough for it.
insert into page_day_users as t (company_id, day, path, users)
values (:company::uuid, :day::date, :path::text,
        set_bit(repeat('0', :ordinal::int + 1)::varbit, :ordinal::int, 1))
on conflict (company_id, day, path) do update set users = case
        when length(t.users) >= length(excluded.users)
            then set_bit(t.users, length(excluded.users) - 1, 1)
        else t.users || repeat('0', length(excluded.users) - length(t.users) - 1)::varbit || B'1'
    end
    where length(t.users) < length(excluded.users) or get_bit(t.users, length(excluded.users) - 1) = 0;

insert into quarter_hour_company_activity as t (company_id, bucket_start, page_views)
values (:company::uuid, :bucket::timestamptz, 1)
on conflict (company_id, bucket_start) do update set page_views = t.page_views + 1;

insert into daily_company_activity as t (company_id, day, page_views, active_users)
values (:company::uuid, :day::date, 1, :new_active::int)
on conflict (company_id, day) do update set
    page_views = t.page_views + 1, active_users = t.active_users + excluded.active_users
