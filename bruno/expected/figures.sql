-- The figures the Bruno collection's ci environment pins, computed the plain way from the RAW demo
-- rows (companies, users, company_members, user_status_changes, heartbeats, page_views, sessions,
-- usage_events) and never from a rollup table. Written from docs/api.md and docs/reference/*.md,
-- not from the service's queries: every figure here is a second, independent implementation of
-- the documented definition, and the collection compares the service's answer with it.
--
--   psql -X -q -At -F '|' -v company=<uuid> -v member=<uuid> -v device=<id> -v end=<YYYY-MM-DD> \
--        -f bruno/expected/figures.sql <database>
--
-- prints one line per figure, "<environment variable>|<JSON>", which bruno/run-ci.sh hands to
-- `bru run --env-var`. The ranges are the collection's (collection.bru): rangeFrom = end - 29 ..
-- rangeTo = end as company-local days; page statistics take the UNIX seconds of rangeFrom 00:00Z
-- .. rangeTo 23:59:59Z; user-activity the window [rangeFrom 00:00Z, rangeTo 23:59:59Z); user-latency
-- [rangeFrom 00:00Z, rangeTo + 1 00:00Z); active users monthly the months of end - 59 .. end.
--
-- The definitions used (docs/api.md "Read endpoints", docs/reference):
--   * days are the company's timezone (acme: America/New_York): a local day of an instant t is
--     (t at time zone zone)::date;
--   * a member is active on a day with a heartbeat whose total_activity_count > 0 or a page view;
--     deleted members' activity still counts;
--   * a session belongs to the local day it started on; its duration is last_activity_at -
--     started_at.

\set ON_ERROR_STOP on

-- The company's raw rows, copied into temporary tables of the same names: pg_temp comes first on
-- the search path, so everything below reads these. On a Citus coordinator (docs/scaling.md) the
-- raw tables are distributed and Citus does not join them with the temporary tables and views
-- below; on plain PostgreSQL it is the same rows, copied once.
create temp table companies as select * from public.companies where company_id = :'company';
create temp table users as select * from public.users where company_id = :'company';
create temp table company_members as select * from public.company_members where company_id = :'company';
create temp table user_status_changes as select * from public.user_status_changes where company_id = :'company';
create temp table heartbeats as select * from public.heartbeats where company_id = :'company';
create temp table page_views as select * from public.page_views where company_id = :'company';
create temp table sessions as select * from public.sessions where company_id = :'company';
create temp table usage_events as select * from public.usage_events where company_id = :'company';

create temp view co as
select company_id, timezone as zone from companies where company_id = :'company';

create temp view span as
select :'end'::date - 29 as d_from, :'end'::date as d_to;

-- (user, local day) for every day a user was active (a table: it is read many times below).
create temp table active_days as
select h.user_id, (h.generated_at at time zone co.zone)::date as day
from heartbeats h join co on co.company_id = h.company_id
where h.total_activity_count > 0
union
select p.user_id, (p.viewed_at at time zone co.zone)::date
from page_views p join co on co.company_id = p.company_id;

-- Whole seconds as HH:MM:SS (hours may exceed 99).
create function pg_temp.hms(seconds numeric) returns text language sql as $$
    select lpad((seconds::bigint / 3600)::text, 2, '0') || ':'
        || lpad((seconds::bigint % 3600 / 60)::text, 2, '0') || ':'
        || lpad((seconds::bigint % 60)::text, 2, '0')
$$;

-- (current - previous) / previous to 4 decimals, null when previous is 0.
create function pg_temp.change(now_value numeric, before numeric) returns numeric language sql as $$
    select case when before = 0 then null else round((now_value - before) / before, 4) end
$$;

-- The range-bound summary figures of a range of local days.
create temp view range_figures as
select r.label, r.d_from, r.d_to,
       (select count(*) from sessions s join co on co.company_id = s.company_id
        where (s.started_at at time zone co.zone)::date between r.d_from and r.d_to) as total_sessions,
       (select coalesce(round(avg(extract(epoch from s.last_activity_at - s.started_at))), 0)
        from sessions s join co on co.company_id = s.company_id
        where (s.started_at at time zone co.zone)::date between r.d_from and r.d_to) as avg_seconds,
       (select count(*) from page_views p join co on co.company_id = p.company_id
        where (p.viewed_at at time zone co.zone)::date between r.d_from and r.d_to) as total_page_views,
       (select count(distinct a.user_id) from active_days a
        where a.day between r.d_from and r.d_to) as unique_users,
       (select coalesce(sum(h.total_activity_count), 0) from heartbeats h join co on co.company_id = h.company_id
        where (h.generated_at at time zone co.zone)::date between r.d_from and r.d_to) as total_activity
from span,
     lateral (values ('current', span.d_from, span.d_to),
                     ('previous', span.d_from - 30, span.d_from - 1)) r(label, d_from, d_to);

-- GET user-metrics/summary/?date_from&date_to&compare=previous
select 'expectSummary', json_build_object(
    'date_from', c.d_from,
    'date_to', c.d_to,
    'total_users', (select count(*) from company_members m join co using (company_id) where m.deleted_at is null),
    'users_by_status', (select json_build_object(
            'active', count(*) filter (where m.status = 'active'),
            'inactive', count(*) filter (where m.status = 'inactive'),
            'pending', count(*) filter (where m.status = 'pending'))
        from company_members m join co using (company_id) where m.deleted_at is null),
    'active_users', (select json_build_object(
            'today', count(distinct a.user_id) filter (where a.day = t.today),
            'last_7_days', count(distinct a.user_id) filter (where a.day between t.today - 6 and t.today),
            'last_30_days', count(distinct a.user_id) filter (where a.day between t.today - 29 and t.today))
        from (select (now() at time zone co.zone)::date as today from co) t, active_days a),
    'total_sessions', c.total_sessions,
    'avg_session_duration', pg_temp.hms(c.avg_seconds),
    'total_page_views', c.total_page_views,
    'unique_users', c.unique_users,
    'total_activity', c.total_activity,
    'previous', json_build_object(
        'date_from', p.d_from,
        'date_to', p.d_to,
        'total_sessions', p.total_sessions,
        'avg_session_duration', pg_temp.hms(p.avg_seconds),
        'total_page_views', p.total_page_views,
        'unique_users', p.unique_users,
        'total_activity', p.total_activity),
    'change', json_build_object(
        'total_sessions', pg_temp.change(c.total_sessions, p.total_sessions),
        'avg_session_duration', pg_temp.change(c.avg_seconds, p.avg_seconds),
        'total_page_views', pg_temp.change(c.total_page_views, p.total_page_views),
        'unique_users', pg_temp.change(c.unique_users, p.unique_users),
        'total_activity', pg_temp.change(c.total_activity, p.total_activity)))
from range_figures c, range_figures p
where c.label = 'current' and p.label = 'previous';

-- GET user-metrics/export/?date_from&date_to: one CSV line per non-deleted member.
select 'expectExportRows', count(*)
from company_members m join co using (company_id)
where m.deleted_at is null;

-- GET page-statistics?start_timestamp&end_timestamp&limit=10: views with
-- start <= viewed_at < end + 1 s, the totals over every path, the first 10 paths.
with views as (
    select p.* from page_views p join co on co.company_id = p.company_id, span
    where p.viewed_at >= span.d_from::timestamp at time zone 'UTC'
      and p.viewed_at < (span.d_to + 1)::timestamp at time zone 'UTC'
),
paths as (
    select path, count(*) as page_views, count(distinct user_id) as unique_users,
           round(avg(duration_ms)) as avg_duration_ms
    from views group by path
    order by count(*) desc, path collate "C"
    limit 10
)
select 'expectPageStatistics', json_build_object(
    'total_page_views', (select count(*) from views),
    'total_unique_users', (select count(distinct user_id) from views),
    'page_statistics', (select json_agg(json_build_object(
            'path', path, 'page_views', page_views, 'unique_users', unique_users,
            'avg_duration_ms', avg_duration_ms) order by page_views desc, path collate "C")
        from paths));

-- GET users/{member}/activity?metric=activity-count (daily, company zone).
select 'expectUserActivity', json_agg(json_build_object('date', d.day, 'value', coalesce(v.value, 0)) order by d.day)
from (select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g) d
left join (select (h.generated_at at time zone co.zone)::date as day, sum(h.total_activity_count) as value
           from heartbeats h join co on co.company_id = h.company_id
           where h.user_id = :'member'
           group by 1) v on v.day = d.day;

-- GET users/{member}/activity?metric=desktop-activity-count&granularity=weekly&timezone=Asia/Kathmandu:
-- days cut in Kathmandu; a bucket is a Monday-to-Sunday week dated by its first day inside the
-- range, counting only days inside it.
select 'expectUserWeeklyKathmandu', json_agg(json_build_object('date', b.bucket, 'value', b.value) order by b.bucket)
from (select greatest(span.d_from, date_trunc('week', d.day::timestamp)::date) as bucket, coalesce(sum(v.value), 0) as value
      from span, (select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g) d
      left join (select (h.generated_at at time zone 'Asia/Kathmandu')::date as day,
                        sum(h.desktop_activity_count) as value
                 from heartbeats h join co on co.company_id = h.company_id
                 where h.user_id = :'member'
                 group by 1) v on v.day = d.day
      group by 1) b;

-- GET devices/{device}/activity?metric=activity-count&granularity=monthly: every user of the
-- device; calendar months dated by their first day inside the range.
select 'expectDeviceMonthly', json_agg(json_build_object('date', b.bucket, 'value', b.value) order by b.bucket)
from (select greatest(span.d_from, date_trunc('month', d.day::timestamp)::date) as bucket, coalesce(sum(v.value), 0) as value
      from span, (select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g) d
      left join (select (h.generated_at at time zone co.zone)::date as day, sum(h.total_activity_count) as value
                 from heartbeats h join co on co.company_id = h.company_id
                 where h.device_id = :'device'
                 group by 1) v on v.day = d.day
      group by 1) b;

-- GET apps/chrome/activity?metric=chrome-activity-count&granularity=quarterly: the whole
-- company's Chrome counts; calendar quarters dated by their first day inside the range.
select 'expectAppQuarterly', json_agg(json_build_object('date', b.bucket, 'value', b.value) order by b.bucket)
from (select greatest(span.d_from, date_trunc('quarter', d.day::timestamp)::date) as bucket, coalesce(sum(v.value), 0) as value
      from span, (select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g) d
      left join (select (h.generated_at at time zone co.zone)::date as day, sum(h.chrome_activity_count) as value
                 from heartbeats h join co on co.company_id = h.company_id
                 group by 1) v on v.day = d.day
      group by 1) b;

-- GET active-users?type=daily: distinct active members per local day.
select 'expectDailyActive', json_agg(
    (select count(distinct a.user_id) from active_days a where a.day = d.day) order by d.day)
from (select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g) d;

-- GET active-users?type=monthly for the months of end - 59 .. end: distinct members per month.
select 'expectMonthlyActive', json_agg(json_build_object(
        'date', to_char(m.month, 'YYYY-MM'),
        'active_users', (select count(distinct a.user_id) from active_days a
                         where date_trunc('month', a.day::timestamp) = m.month)) order by m.month)
from (select generate_series(date_trunc('month', (span.d_to - 59)::timestamp), date_trunc('month', span.d_to::timestamp),
                             interval '1 month') as month
      from span) m;

-- GET active-users/stickiness: per day, members active that day, in the 7 and in the 30 days
-- ending that day, and dau / mau to 4 decimals (null when mau is 0).
select 'expectStickiness', json_agg(json_build_object(
        'date', s.day, 'dau', s.dau, 'wau', s.wau, 'mau', s.mau,
        'dau_mau_ratio', case when s.mau = 0 then null else round(s.dau::numeric / s.mau, 4) end) order by s.day)
from (select d.day,
             (select count(distinct a.user_id) from active_days a where a.day = d.day) as dau,
             (select count(distinct a.user_id) from active_days a where a.day between d.day - 6 and d.day) as wau,
             (select count(distinct a.user_id) from active_days a where a.day between d.day - 29 and d.day) as mau
      from (select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g) d) s;

-- GET user-status-counts: per local day and status, the members whose last status change before
-- the end of that day (the next local midnight) left them in that status; 'deleted' counts nowhere.
with days as (
    select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g
),
states as (
    select d.day,
           (select c.new_status from user_status_changes c
            where c.company_id = co.company_id and c.user_id = u.user_id
              and c.changed_at < (d.day + 1)::timestamp at time zone co.zone
            order by c.changed_at desc, c.change_id desc
            limit 1) as status
    from days d, co,
         (select distinct c.user_id from user_status_changes c join co using (company_id)) u
),
counts as (
    select d.day, s.status, (select count(*) from states x where x.day = d.day and x.status = s.status) as n
    from days d, (values ('active'), ('inactive'), ('pending')) s(status)
)
select 'expectStatusCounts', json_build_object(
    'active', (select json_agg(json_build_object('date', day, 'count', n) order by day) from counts where status = 'active'),
    'inactive', (select json_agg(json_build_object('date', day, 'count', n) order by day) from counts where status = 'inactive'),
    'pending', (select json_agg(json_build_object('date', day, 'count', n) order by day) from counts where status = 'pending'));

-- GET insights/user-activity?start_time=rangeFrom 00:00Z&end_time=rangeTo 23:59:59Z: per
-- non-deleted member, the length of the union of their sessions [started_at, last_activity_at]
-- clipped to the window, whole seconds rounded down; members with 0 seconds left out. The union:
-- sessions sorted by start, each adds what lies after the latest end of the ones before it.
with w as (
    select span.d_from::timestamp at time zone 'UTC' as w_from,
           (span.d_to::timestamp + interval '23:59:59') at time zone 'UTC' as w_to
    from span
),
clipped as (
    select s.user_id, greatest(s.started_at, w.w_from) as s_from, least(s.last_activity_at, w.w_to) as s_to
    from sessions s join co on co.company_id = s.company_id, w
    where s.started_at < w.w_to and s.last_activity_at > w.w_from
),
ordered as (
    select user_id, s_from, s_to,
           max(s_to) over (partition by user_id order by s_from, s_to
                           rows between unbounded preceding and 1 preceding) as earlier_end
    from clipped
),
per_user as (
    select user_id,
           floor(sum(extract(epoch from greatest(interval '0', s_to - greatest(s_from, coalesce(earlier_end, s_from))))))
               as seconds
    from ordered group by user_id
)
select 'expectUserActivityInsight', coalesce(json_agg(json_build_object(
        'user_id', u.user_id, 'email', u.email, 'first_name', u.first_name, 'last_name', u.last_name,
        'seconds', p.seconds) order by p.seconds desc, u.user_id), '[]')
from per_user p
join co on true
join users u on u.company_id = co.company_id and u.user_id = p.user_id
join company_members m on m.company_id = co.company_id and m.user_id = p.user_id
where m.deleted_at is null and p.seconds > 0;

-- GET insights/user-latency?start_time=rangeFrom 00:00Z&end_time=rangeTo + 1 00:00Z: per
-- non-deleted member with requests in the window, continuous p50 and p95 of duration_ms to 2
-- decimals; service tokens (no user) left out; highest p95 first, ties by user_id.
with per_user as (
    select e.user_id,
           round(percentile_cont(0.5) within group (order by e.duration_ms)::numeric, 2) as p50,
           round(percentile_cont(0.95) within group (order by e.duration_ms)::numeric, 2) as p95
    from usage_events e join co on co.company_id = e.company_id, span
    where e.user_id is not null
      and e.occurred_at >= span.d_from::timestamp at time zone 'UTC'
      and e.occurred_at < (span.d_to + 1)::timestamp at time zone 'UTC'
    group by e.user_id
)
select 'expectUserLatency', coalesce(json_agg(json_build_object(
        'user_id', p.user_id, 'email', u.email, 'latency_ms', json_build_object('p50', p.p50, 'p95', p.p95))
        order by p.p95 desc, p.user_id), '[]')
from per_user p
join co on true
join users u on u.company_id = co.company_id and u.user_id = p.user_id
join company_members m on m.company_id = co.company_id and m.user_id = p.user_id
where m.deleted_at is null;

-- GET insights/endpoints?start_date=rangeFrom&end_date=rangeTo&limit=5: requests of the local days
-- per route template and method (service tokens included), most first, ties by route then method;
-- the feature from the built-in map (docs/reference/insights.md), unmatched -> other.
with per_route as (
    select e.route, e.method, count(*) as n,
           round(avg(e.duration_ms)::numeric, 2) as avg_ms,
           round(percentile_cont(0.95) within group (order by e.duration_ms)::numeric, 2) as p95_ms
    from usage_events e join co on co.company_id = e.company_id, span
    where (e.occurred_at at time zone co.zone)::date between span.d_from and span.d_to
    group by e.route, e.method
    order by n desc, e.route collate "C", e.method collate "C"
    limit 5
)
select 'expectEndpoints', coalesce(json_agg(json_build_object(
        'endpoint', route, 'method', method,
        'feature', case
            when route like '/api/v2/companies/{companyId}/user-metrics/%' then 'user-metrics'
            when route ~ '^/api/v2/companies/\{companyId\}/(users|devices|apps)/[^/]+/activity$' then 'activity'
            when route like '/api/v2/companies/{companyId}/active-users%' then 'active-users'
            when route = '/api/v2/companies/{companyId}/user-status-counts' then 'status-counts'
            when route = '/api/v2/companies/{companyId}/page-statistics' then 'page-statistics'
            when route like '/api/v2/companies/{companyId}/insights/%' then 'insights'
            when route = '/api/v2/companies/{companyId}/heartbeats' then 'ingest'
            when route like '/api/v2/companies/{companyId}/track/%' then 'tracking'
            when route = '/api/v2/companies/{companyId}' or route like '/api/v2/companies/{companyId}/members/%'
                then 'provisioning'
            when route = '/api/v2/companies/{companyId}/audit-log' then 'audit'
            when route like '/api/v2/companies/{companyId}/analytics/%' then 'retention'
            else 'other' end,
        'count', n, 'avg_response_time_ms', avg_ms, 'p95_response_time_ms', p95_ms)
        order by n desc, route collate "C", method collate "C"), '[]')
from per_route;

-- GET insights/trends?start_date=rangeFrom&end_date=rangeTo&granularity=week: Monday-to-Sunday
-- weeks dated by their first day inside the range; distinct active members, recorded requests,
-- their average duration to 2 decimals (null without requests) and page views.
with days as (
    select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g
),
buckets as (
    select greatest(span.d_from, date_trunc('week', d.day::timestamp)::date) as bucket, min(d.day) as first_day,
           max(d.day) as last_day
    from days d, span group by 1
)
select 'expectTrends', json_agg(json_build_object(
        'date', b.bucket,
        'active_users', (select count(distinct a.user_id) from active_days a
                         where a.day between b.first_day and b.last_day),
        'requests', (select count(*) from usage_events e join co on co.company_id = e.company_id
                     where (e.occurred_at at time zone co.zone)::date between b.first_day and b.last_day),
        'avg_response_time_ms', (select round(avg(e.duration_ms)::numeric, 2)
                                 from usage_events e join co on co.company_id = e.company_id
                                 where (e.occurred_at at time zone co.zone)::date between b.first_day and b.last_day),
        'page_views', (select count(*) from page_views p join co on co.company_id = p.company_id
                       where (p.viewed_at at time zone co.zone)::date between b.first_day and b.last_day))
        order by b.bucket)
from buckets b;

-- ---- 14-now-and-compare: compare=previous (the equally long range just before, by position).

-- GET active-users?type=daily&date_from=rangeFrom&date_to=rangeTo&compare=previous: "previous" is
-- the 30 days before rangeFrom, each with its own date.
select 'expectDailyActivePrevious', json_agg(json_build_object(
        'date', d.day,
        'active_users', (select count(distinct a.user_id) from active_days a where a.day = d.day)) order by d.day)
from (select g::date as day from span, generate_series(span.d_from - 30, span.d_from - 1, interval '1 day') g) d;

-- GET active-users?type=monthly&date_from=monthTo&date_to=monthTo&compare=previous: one month
-- shown (the end's), so "previous" is the one calendar month before it (the demo data's first).
with shown as (select date_trunc('month', span.d_to::timestamp) as month from span)
select 'expectMonthlyActivePrevious', json_agg(json_build_object(
        'date', to_char(b.month, 'YYYY-MM'),
        'active_users', (select count(distinct a.user_id) from active_days a
                         where date_trunc('month', a.day::timestamp) = b.month)))
from (select month - interval '1 month' as month from shown) b;

-- The month shown there: its distinct members.
select 'expectMonthlyActiveLast', json_agg(json_build_object(
        'date', to_char(s.month, 'YYYY-MM'),
        'active_users', (select count(distinct a.user_id) from active_days a
                         where date_trunc('month', a.day::timestamp) = s.month)))
from (select date_trunc('month', span.d_to::timestamp) as month from span) s;

-- GET insights/trends?start_date=rangeFrom&end_date=rangeTo&granularity=week&compare=previous:
-- the requested weekly buckets (Monday weeks, the first dated rangeFrom) each moved back by the
-- range's 30 days, dated by their own first day; the same four figures over their days.
with days as (
    select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g
),
buckets as (
    select min(d.day) - 30 as first_day, max(d.day) - 30 as last_day
    from days d, span group by greatest(span.d_from, date_trunc('week', d.day::timestamp)::date)
)
select 'expectTrendsPrevious', json_agg(json_build_object(
        'date', b.first_day,
        'active_users', (select count(distinct a.user_id) from active_days a
                         where a.day between b.first_day and b.last_day),
        'requests', (select count(*) from usage_events e join co on co.company_id = e.company_id
                     where (e.occurred_at at time zone co.zone)::date between b.first_day and b.last_day),
        'avg_response_time_ms', (select round(avg(e.duration_ms)::numeric, 2)
                                 from usage_events e join co on co.company_id = e.company_id
                                 where (e.occurred_at at time zone co.zone)::date between b.first_day and b.last_day),
        'page_views', (select count(*) from page_views p join co on co.company_id = p.company_id
                       where (p.viewed_at at time zone co.zone)::date between b.first_day and b.last_day))
        order by b.first_day)
from buckets b;
-- ---- Lifecycle and retention cohorts (15-lifecycle-and-cohorts; docs/reference/active-users.md
-- "lifecycle", docs/reference/cohorts.md). Whole periods: Monday-to-Sunday weeks, calendar months.
-- A member's first active day ever is their earliest active day in the raw rows; active in a
-- period = active on at least one of its days. Days of the company's zone (active_days above)
-- and of Asia/Kolkata (the timezone override of one request).
create temp table zone_days as
select 'company' as zone_label, user_id, day from active_days
union all
select 'Asia/Kolkata', k.user_id, k.day
from (select h.user_id, (h.generated_at at time zone 'Asia/Kolkata')::date as day
      from heartbeats h join co on co.company_id = h.company_id
      where h.total_activity_count > 0
      union
      select p.user_id, (p.viewed_at at time zone 'Asia/Kolkata')::date
      from page_views p join co on co.company_id = p.company_id) k;

-- Lifecycle points of the periods starting first_start .. last_start, step apart, in one zone's
-- days: new (active in it, never before it), returning (active in it and in the period before),
-- resurrecting (active in it, not in the period before, but before that), dormant (active in the
-- period before, not in it).
create function pg_temp.lifecycle(label text, first_start date, last_start date, step interval)
returns json language sql as $$
    with periods as (
        select p::date as s, (p + step)::date as e, (p - step)::date as prev
        from generate_series(first_start::timestamp, last_start::timestamp, step) p
    )
    select json_agg(json_build_object(
            'date', pr.s,
            'new', (select count(distinct z.user_id) from zone_days z
                    where z.zone_label = label and z.day >= pr.s and z.day < pr.e
                      and not exists (select 1 from zone_days y where y.zone_label = label
                                      and y.user_id = z.user_id and y.day < pr.s)),
            'returning', (select count(distinct z.user_id) from zone_days z
                          where z.zone_label = label and z.day >= pr.s and z.day < pr.e
                            and exists (select 1 from zone_days y where y.zone_label = label
                                        and y.user_id = z.user_id and y.day >= pr.prev and y.day < pr.s)),
            'resurrecting', (select count(distinct z.user_id) from zone_days z
                             where z.zone_label = label and z.day >= pr.s and z.day < pr.e
                               and not exists (select 1 from zone_days y where y.zone_label = label
                                               and y.user_id = z.user_id and y.day >= pr.prev and y.day < pr.s)
                               and exists (select 1 from zone_days y where y.zone_label = label
                                           and y.user_id = z.user_id and y.day < pr.prev)),
            'dormant', (select count(distinct y.user_id) from zone_days y
                        where y.zone_label = label and y.day >= pr.prev and y.day < pr.s
                          and not exists (select 1 from zone_days z where z.zone_label = label
                                          and z.user_id = y.user_id and z.day >= pr.s and z.day < pr.e)))
            order by pr.s)
    from periods pr
$$;

-- Retention cohorts of the company's zone: every period (unit: 'week' or 'month') that starts in
-- [d_from, d_to], with its members (first active day ever in it, or membership created in it,
-- every member of the company, deleted or not) and, for each period from the cohort's own to the
-- one holding d_to, how many of them were active in it.
create function pg_temp.retention(by_joined boolean, d_from date, d_to date, unit text)
returns json language sql as $$
    with steps as (select ('1 ' || unit)::interval as step),
    cohorts as (
        select c::date as s, (c + steps.step)::date as e
        from steps, generate_series(date_trunc(unit, d_from::timestamp), d_to::timestamp, steps.step) c
        where c::date >= d_from
    ),
    firsts as (select user_id, min(day) as first_day from zone_days where zone_label = 'company' group by user_id),
    members as (
        select c.s as cohort, f.user_id from cohorts c join firsts f on f.first_day >= c.s and f.first_day < c.e
        where not by_joined
        union all
        select c.s, m.user_id
        from cohorts c join company_members m on ((m.created_at at time zone (select zone from co))::date >= c.s
                                               and (m.created_at at time zone (select zone from co))::date < c.e)
        where by_joined and m.company_id = (select company_id from co)
    )
    select coalesce(json_agg(json_build_object(
            'cohort', c.s,
            'size', (select count(*) from members m where m.cohort = c.s),
            'retained', (select json_agg((select count(*) from members m
                                         where m.cohort = c.s
                                           and exists (select 1 from zone_days z where z.zone_label = 'company'
                                                       and z.user_id = m.user_id
                                                       and z.day >= p::date and z.day < (p + steps.step)::date))
                                        order by p)
                         from steps, generate_series(c.s::timestamp, date_trunc(unit, d_to::timestamp), steps.step) p))
            order by c.s), '[]')
    from cohorts c
$$;

-- GET active-users/lifecycle?date_from=rangeFrom&date_to=rangeTo&period=day, in the company's zone
-- (by week or month every demo member is active in every period; by day weekends make all four
-- classes appear).
select 'expectLifecycleDaily', pg_temp.lifecycle('company', span.d_from, span.d_to, interval '1 day')
from span;

-- GET active-users/lifecycle?date_from=<first of the month of end - 59>&date_to=rangeTo&period=month&timezone=Asia/Kolkata
select 'expectLifecycleMonthlyKolkata', pg_temp.lifecycle('Asia/Kolkata',
           date_trunc('month', (:'end'::date - 59)::timestamp)::date,
           date_trunc('month', :'end'::date::timestamp)::date, interval '1 month');

-- GET cohorts/retention?date_from=<first of the month of end - 59>&date_to=rangeTo (weekly, first_active)
select 'expectRetentionWeekly', pg_temp.retention(false, date_trunc('month', (:'end'::date - 59)::timestamp)::date,
                                                  :'end'::date, 'week');

-- GET cohorts/retention?date_from=<first of the month of end - 89>&date_to=rangeTo&period=month&cohort_by=joined
select 'expectRetentionMonthlyJoined', pg_temp.retention(true, date_trunc('month', (:'end'::date - 89)::timestamp)::date,
                                                         :'end'::date, 'month');
-- POST query {"metrics": ["active_users", "activity"], "date_range": [rangeFrom, rangeTo],
-- "granularity": "day", "dimensions": ["department"]} (docs/reference/query.md): a row per day and
-- per department (the member's current one; none is null) that has any heartbeat or page view in
-- the range, zero-filled; active_users = distinct members active that day, activity = summed
-- total_activity_count; ordered by date, then active_users descending, then department (text
-- order, null last).
with facts as (
    select h.user_id, (h.generated_at at time zone co.zone)::date as day, h.total_activity_count as activity,
           h.total_activity_count > 0 as active
    from heartbeats h join co on co.company_id = h.company_id
    union all
    select p.user_id, (p.viewed_at at time zone co.zone)::date, 0, true
    from page_views p join co on co.company_id = p.company_id
),
in_range as (
    select f.*, m.department
    from facts f
    cross join span
    left join company_members m on m.company_id = :'company' and m.user_id = f.user_id
    where f.day between span.d_from and span.d_to
),
departments as (select distinct department from in_range),
days as (select g::date as day from span, generate_series(span.d_from, span.d_to, interval '1 day') g),
grid as (
    select d.day, p.department,
           (select count(distinct r.user_id) from in_range r
            where r.day = d.day and r.department is not distinct from p.department and r.active) as active_users,
           (select coalesce(sum(r.activity), 0) from in_range r
            where r.day = d.day and r.department is not distinct from p.department) as activity
    from days d cross join departments p
)
select 'expectQueryDailyByDepartment', json_agg(json_build_object(
        'date', g.day, 'dimensions', json_build_object('department', g.department),
        'metrics', json_build_object('active_users', g.active_users, 'activity', g.activity))
        order by g.day, g.active_users desc, g.department collate "C" nulls last)
from grid g;
