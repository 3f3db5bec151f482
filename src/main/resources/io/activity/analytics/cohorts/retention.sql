-- Retention cohorts (CohortsQuery says how it works). Placeholders: the active_days CTE over
-- [:from, :to] (the first cohort's first day through the end of the period holding date_to), then
-- the cohort_members(user_id, cohort) CTE. :unit is a date_trunc field, :step its interval;
-- :first and :last are the first days of the first cohort and of the last period.
with %s,
member_periods as (
    select distinct user_id, date_trunc(:unit, day::timestamp)::date as period
    from active_days
),
%s,
sizes as (select cohort, count(*) as size from cohort_members group by cohort),
retained as (
    select c.cohort, mp.period, count(*) as n
    from cohort_members c
    join member_periods mp on mp.user_id = c.user_id and mp.period >= c.cohort
    group by c.cohort, mp.period
),
cohorts as (
    select c::date as cohort
    from generate_series(cast(:first as date)::timestamp, cast(:last as date)::timestamp, cast(:step as interval)) c
)
select c.cohort, coalesce(s.size, 0) as size, p::date as period, coalesce(r.n, 0) as n
from cohorts c
cross join lateral generate_series(c.cohort::timestamp, cast(:last as date)::timestamp, cast(:step as interval)) p
left join sizes s on s.cohort = c.cohort
left join retained r on r.cohort = c.cohort and r.period = p::date
order by c.cohort, p
