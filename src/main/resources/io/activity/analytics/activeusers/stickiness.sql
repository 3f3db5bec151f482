-- DAU, WAU and MAU per day (ActiveUsersQuery says how it works); the first placeholder is the active_days CTE.
with %s,
dau as (select day, count(*) as n from active_days group by day),
marked as (
    select user_id, day,
           case when lag(day) over w >= day - 7 then 0 else 1 end as new7,
           case when lag(day) over w >= day - 30 then 0 else 1 end as new30
    from active_days
    window w as (partition by user_id order by day)
),
numbered as (
    select user_id, day,
           sum(new7) over (partition by user_id order by day) as island7,
           sum(new30) over (partition by user_id order by day) as island30
    from marked
),
steps as (
    select min(day) as day, 1 as d7, 0 as d30 from numbered group by user_id, island7
    union all
    select max(day) + 7, -1, 0 from numbered group by user_id, island7
    union all
    select min(day), 0, 1 from numbered group by user_id, island30
    union all
    select max(day) + 30, 0, -1 from numbered group by user_id, island30
),
per_day as (select day, sum(d7) as d7, sum(d30) as d30 from steps group by day),
running as (
    select d::date as day, coalesce(dau.n, 0) as dau,
           sum(coalesce(p.d7, 0)) over (order by d) as wau,
           sum(coalesce(p.d30, 0)) over (order by d) as mau
    from generate_series(cast(:from as date)::timestamp, cast(:to as date)::timestamp, interval '1 day') d
    left join per_day p on p.day = d::date
    left join dau on dau.day = d::date
)
select day, dau, wau, mau from running where day >= :shown order by day

