-- Retention cohorts by first active day in the company's zone, in one pass over the company's
-- active days up to :to (CohortsQuery.onePass says when): each member's first active day ever
-- and the bits of their active periods in [:from, :to] come from the same rows (the filter only
-- keeps earlier days out of the shift: a cohort member has none). Ordered by member so that the
-- rows stream from user_active_days_member_idx into the grouping, one member after the other.
-- Placeholders: 1 the period number of day, 2 of first_day. The result is retention.sql's: how
-- many members of each cohort share one pattern of active periods.
with members as (
    select user_id, min(day) as first_day,
           bit_or(1::bigint << %1$s) filter (where day >= :from) as bits
    from (
        select user_id, day
        from user_active_days
        where company_id = :company and day <= :to
        order by user_id
    ) d
    group by user_id
)
select %2$s as cohort, bits, count(*) as members
from members
where first_day >= :origin
group by 1, 2
