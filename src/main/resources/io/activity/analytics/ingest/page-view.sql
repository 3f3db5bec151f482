-- One page view and every rollup it feeds, in one statement, in the table order of the heartbeat
-- batch (RollupUpkeep: the table order is the lock order). A view sent with an event_id is stored
-- under it as view_id (its guard row in page_view_event_ids was inserted just before, in the same
-- transaction); one without gets a random view_id.
with view as (
    insert into page_views (company_id, viewed_at, view_id, user_id, session_id, path, referrer, duration_ms)
    values (:company, :at::timestamptz, coalesce(:event::uuid, gen_random_uuid()), :user, :session, :path,
            :referrer, :duration)
    returning viewed_at, user_id, path, duration_ms
),
v as (
    select view.*, local_day(view.viewed_at, c.timezone) as day,
           quarter_hour(view.viewed_at) as bucket
    from view cross join (select timezone from companies where company_id = :company) c
),
daily_user as (
    insert into daily_user_activity as t (company_id, user_id, day, page_views)
    select :company, user_id, day, 1 from v
    on conflict (company_id, user_id, day) do update set page_views = t.page_views + 1
    returning 1
),
quarter_views as (
    insert into quarter_hour_page_views as t (company_id, user_id, bucket_start, page_views)
    select :company, user_id, bucket, 1 from v
    on conflict (company_id, user_id, bucket_start) do update set page_views = t.page_views + 1
    returning 1
),
active_days as (
    insert into user_active_days (company_id, day, user_id)
    select :company, day, user_id from v
    on conflict do nothing
    returning day
),
member as (
    -- last_login_at is the member's latest session start, read in the SELECT (a late view may have
    -- moved a start back): a query inside ON CONFLICT … DO UPDATE would not run on a Citus shard.
    insert into member_activity as t (company_id, user_id, last_session_at, last_login_at)
    select :company, user_id, s.last_activity_at, u.started_at
    from v
    cross join (select max(last_activity_at) as last_activity_at
                from sessions where company_id = :company and session_id = :session) s
    cross join (select max(started_at) as started_at
                from sessions where company_id = :company and user_id = :user) u
    on conflict (company_id, user_id) do update set
        last_session_at = greatest(t.last_session_at, excluded.last_session_at),
        last_login_at = excluded.last_login_at
    returning 1
),
page_stats as (
    insert into daily_page_stats as t (company_id, day, path, page_views, duration_sum_ms, duration_count)
    select :company, day, path, 1, coalesce(duration_ms, 0), case when duration_ms is null then 0 else 1 end
    from v
    on conflict (company_id, day, path) do update set
        page_views = t.page_views + 1,
        duration_sum_ms = t.duration_sum_ms + excluded.duration_sum_ms,
        duration_count = t.duration_count + excluded.duration_count
    returning 1
),
page_users as (
    insert into page_day_users as t (company_id, day, path, users)
    select :company, day, path, set_bit(repeat('0', o.ordinal + 1)::varbit, o.ordinal, 1)
    from v cross join (select ordinal from page_member_ordinals
                       where company_id = :company and user_id = :user) o
    on conflict (company_id, day, path) do update set users = case
            when length(t.users) >= length(excluded.users)
                then set_bit(t.users, length(excluded.users) - 1, 1)
            else t.users || repeat('0', length(excluded.users) - length(t.users) - 1)::varbit || B'1'
        end
        where length(t.users) < length(excluded.users) or get_bit(t.users, length(excluded.users) - 1) = 0
    returning 1
),
quarter_company as (
    insert into quarter_hour_company_activity as t (company_id, bucket_start, page_views)
    select :company, bucket, 1 from v
    on conflict (company_id, bucket_start) do update set page_views = t.page_views + 1
    returning 1
),
daily_company as (
    insert into daily_company_activity as t (company_id, day, page_views, active_users)
    select :company, day, 1, (select count(*) from active_days) from v
    on conflict (company_id, day) do update set
        page_views = t.page_views + 1, active_users = t.active_users + excluded.active_users
    returning 1
)
select (select count(*) from view) as views,
       (select count(*) from daily_user) as daily_user,
       (select count(*) from quarter_views) as quarter_views,
       (select count(*) from active_days) as active_days,
       (select count(*) from member) as member,
       (select count(*) from page_stats) as page_stats,
       (select count(*) from page_users) as page_users,
       (select count(*) from quarter_company) as quarter_company,
       (select count(*) from daily_company) as daily_company

