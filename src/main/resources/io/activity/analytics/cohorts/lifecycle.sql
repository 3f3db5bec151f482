-- The lifecycle per period (CohortsQuery says how it works). Periods are numbered from the one
-- starting on :origin (0: the period before the first shown, 1 … :last: the periods shown).
-- Placeholders: 1 the active_days CTE over [:origin, :to]; 2 the first_days CTE over
-- member_periods; 3 and 4 the period number (Period.indexSql) of day and of first_day.
with %1$s,
member_periods as (
    select distinct user_id, %3$s as period
    from active_days
),
%2$s,
firsts as (
    select user_id, case when first_day < :origin then -1 else %4$s end as period
    from first_days
),
marked as (
    select user_id, period,
           coalesce(lag(period) over w = period - 1, false) as was_active,
           coalesce(lead(period) over w = period + 1, false) as stays
    from member_periods
    window w as (partition by user_id order by period)
),
counts as (
    select m.period,
           count(*) filter (where f.period = m.period) as new_members,
           count(*) filter (where m.was_active) as returning_members,
           count(*) filter (where not m.was_active and f.period < m.period) as resurrecting_members,
           0 as dormant_members
    from marked m
    join firsts f on f.user_id = m.user_id
    group by m.period
    union all
    select period + 1, 0, 0, 0, count(*)
    from marked
    where not stays
    group by period
)
select period, sum(new_members) as new_members, sum(returning_members) as returning_members,
       sum(resurrecting_members) as resurrecting_members, sum(dormant_members) as dormant_members
from counts
where period between 1 and :last
group by period
