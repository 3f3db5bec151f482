-- Retention cohorts by first active day in the company's zone, in one pass over the company's
-- active days up to :to (CohortsQuery.onePass says when): each member's first active day ever
-- and the bits of their active periods in [:from, :to] come from the same rows (the filter only
-- keeps earlier days out of the shift: a cohort member has none). Placeholders: 1
-- the period number of day, 2 of first_day. The result is retention.sql's: how many members of
-- each cohort share one pattern of active periods.
with members as (
    select user_id, min(day) as first_day,
           bit_or(1::bigint << %1$s) filter (where day >= :from) as bits
    from user_active_days
    where company_id = :company and day <= :to
    group by user_id
)
select %2$s as cohort, bits, count(*) as members
from members
where first_day >= :origin
group by 1, 2
