-- Who is active now (ActiveNowQuery): one company's raw rows of [:lower, :as_of] only, where
-- :lower is the earlier of the window's start and the first of the 30 minutes; every raw table is
-- read through an index that leads with (company_id, time), and the month partitions of the
-- heartbeats and page views are pruned to the one or two that hold that hour.
-- The placeholders (ActivitySource.each): 1, the five app flags of a heartbeat
-- (h.chrome_activity_count > 0 as chrome, …); 2, false for each of the five (page views and
-- sessions are no app's activity); 3, per member, whether they used each app in the window;
-- 4, how many members did, per app.
-- An event is a moment (heartbeat, page view) or a span (a session, [started_at, last_activity_at]),
-- clipped to [:lower, :as_of]; a member counts in the window (:since, :as_of] and in each minute
-- [m, m + 1 min) that one of their events touches.
with events as (
    select h.user_id, h.generated_at as first_at, h.generated_at as last_at, %1$s
    from heartbeats h
    where h.company_id = :company and h.generated_at >= :lower and h.generated_at <= :as_of
      and h.total_activity_count > 0
    union all
    select p.user_id, p.viewed_at, p.viewed_at, %2$s
    from page_views p
    where p.company_id = :company and p.viewed_at >= :lower and p.viewed_at <= :as_of
    union all
    select s.user_id, greatest(s.started_at, :lower), least(s.last_activity_at, :as_of), %2$s
    from sessions s
    where s.company_id = :company and s.last_activity_at >= :lower and s.started_at <= :as_of
),
-- Each member once, with whether they count in the window and under which apps; then each
-- (member, minute) once. Deleted members are dropped after that, from the few distinct ids.
per_user as (
    select user_id, bool_or(last_at > :since) as in_window, %3$s
    from events
    group by user_id
),
members as (
    select u.*
    from per_user u
    join company_members m on m.company_id = :company and m.user_id = u.user_id and m.deleted_at is null
),
in_window as (
    select count(*) filter (where in_window) as window_users, %4$s
    from members
),
user_minutes as (
    select distinct e.user_id, minute
    from events e,
         generate_series(date_bin('1 minute', greatest(e.first_at, :first_minute), timestamptz '2000-01-01Z'),
                         date_bin('1 minute', e.last_at, timestamptz '2000-01-01Z'),
                         interval '1 minute') minute
    where e.last_at >= :first_minute
),
per_minute as (
    select um.minute, count(*) as n
    from user_minutes um
    join members m on m.user_id = um.user_id
    group by um.minute
)
select g as minute, coalesce(p.n, 0) as minute_users, w.*
from generate_series(cast(:first_minute as timestamptz), cast(:first_minute as timestamptz) + interval '29 minutes',
                     interval '1 minute') g
cross join in_window w
left join per_minute p on p.minute = g
order by g
