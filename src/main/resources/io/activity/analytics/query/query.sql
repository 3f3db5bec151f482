-- One date range of POST /query in one statement (QueryEngine fills in the placeholders).
-- facts: one row per member (or per member and app, device or path) and local day of the zone,
-- from the rollups that can answer the query (daily_user_activity in the company's zone, the
-- 15-minute rollups summed into the days of another zone, page views and sessions of the range).
-- per_member: a member's figures per bucket and dimension values, so that active_users is a
-- count of distinct members exactly (a member active on several days of a week counts once in the
-- week, once under each app they used). The result: one row per bucket and dimension values.
-- The column names sit on a subquery's alias, not on the CTE: Citus drops a CTE's column list when
-- it sends the statement to a worker ("column f.active does not exist").
with facts as (
    select * from (
%1$s
    ) as facts (day, user_id, app, device, path, active, activity, heartbeats, page_views, sessions, micros)
),
per_member as (
    select %2$s as bucket, f.user_id, %3$s as d0, %4$s as d1,
           %5$s
    from facts f%6$s
    where true%7$s%8$s
)
select bucket, d0, d1,
       count(*) filter (where active) as active_users,
       coalesce(sum(activity), 0)::bigint as activity,
       coalesce(sum(heartbeats), 0)::bigint as heartbeats,
       coalesce(sum(page_views), 0)::bigint as page_views,
       coalesce(sum(sessions), 0)::bigint as sessions,
       coalesce(round(sum(micros) / 1000000.0), 0)::bigint as session_seconds
from per_member
group by bucket, d0, d1
