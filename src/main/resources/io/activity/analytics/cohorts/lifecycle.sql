-- The lifecycle per period (CohortsQuery says how it works). Placeholders: the active_days CTE
-- over [:from, :to] (the period before the first shown, through the last shown), then the
-- first_days CTE over member_periods. :unit is a date_trunc field, :step its interval.
with %s,
member_periods as (
    select distinct user_id, date_trunc(:unit, day::timestamp)::date as period
    from active_days
),
%s,
marked as (
    select user_id, period,
           coalesce(lag(period) over w = (period - cast(:step as interval))::date, false) as was_active,
           coalesce(lead(period) over w = (period + cast(:step as interval))::date, false) as stays
    from member_periods
    window w as (partition by user_id order by period)
),
classes as (
    select m.period,
           count(*) filter (where f.first_day >= m.period) as new,
           count(*) filter (where m.was_active) as returning,
           count(*) filter (where not m.was_active and f.first_day < m.period) as resurrecting
    from marked m
    join first_days f on f.user_id = m.user_id
    group by m.period
),
gone as (
    select (period + cast(:step as interval))::date as period, count(*) as dormant
    from marked
    where not stays
    group by 1
)
select p::date as period, coalesce(c.new, 0) as new, coalesce(c.returning, 0) as returning,
       coalesce(c.resurrecting, 0) as resurrecting, coalesce(g.dormant, 0) as dormant
from generate_series(cast(:first as date)::timestamp, cast(:last as date)::timestamp, cast(:step as interval)) p
left join classes c on c.period = p::date
left join gone g on g.period = p::date
order by 1
