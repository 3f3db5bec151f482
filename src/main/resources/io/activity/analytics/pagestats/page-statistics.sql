-- Page statistics of a range (PageStatisticsQuery says how it works).
with edge as (
    select path, user_id, duration_ms
    from page_views
    where company_id = :company
      and ((viewed_at >= :head_from and viewed_at < :head_to)
        or (viewed_at >= :tail_from and viewed_at < :tail_to))
),
views as (
    select path, sum(views) as views, sum(duration_sum) as duration_sum, sum(duration_count) as duration_count
    from (
        select path, page_views as views, duration_sum_ms as duration_sum, duration_count
        from daily_page_stats
        where company_id = :company and day between :first_day and :last_day
        union all
        select path, count(*), coalesce(sum(duration_ms), 0), count(duration_ms)
        from edge
        group by path
    ) parts
    group by path
),
day_users as (
    select path, users from page_day_users
    where company_id = :company and day between :first_day and :last_day
),
-- bit_or needs strings of one width: each day's string is laid over a zero string of the widest
-- one's width, built once (padding each string with a '000…' text cast to varbit parsed that text
-- once per row: about a fifth of the statement).
width as (select repeat('0', coalesce(max(length(users)), 0))::varbit as zeros from day_users),
per_path as (
    select d.path, bit_or(overlay(w.zeros placing d.users from 1)) as users
    from day_users d cross join width w
    group by d.path
),
all_days as (select bit_or(users) as users from per_path),
-- Edge viewers not already among a path's (or the company's) whole-day viewers. A view
-- written without ingest has no ordinal yet and so cannot be in page_day_users either.
edge_members as (
    select e.path, e.user_id, o.ordinal
    from edge e
    left join page_member_ordinals o on o.company_id = :company and o.user_id = e.user_id
),
extra as (
    select e.path, count(distinct e.user_id) as users
    from edge_members e left join per_path p on p.path = e.path
    where case when e.ordinal is null or p.users is null or e.ordinal >= length(p.users) then true
               else get_bit(p.users, e.ordinal) = 0 end
    group by e.path
),
extra_total as (
    select count(distinct e.user_id) as users
    from edge_members e cross join all_days a
    where case when e.ordinal is null or a.users is null or e.ordinal >= length(a.users) then true
               else get_bit(a.users, e.ordinal) = 0 end
)
select v.path, v.views, coalesce(bit_count(p.users), 0) + coalesce(x.users, 0) as users,
       case when v.duration_count > 0 then round(v.duration_sum::numeric / v.duration_count) end as avg_ms,
       sum(v.views) over () as total_views,
       (select coalesce(bit_count(users), 0) from all_days) + (select users from extra_total) as total_users
from views v
left join per_path p on p.path = v.path
left join extra x on x.path = v.path
order by v.views desc, v.path collate "C"
limit :limit

