-- Retention cohorts (CohortsQuery says how it works). Periods are numbered from the first cohort's
-- (:origin, 0) to the one holding date_to (at most 52). Each member's active periods are one
-- bigint of bits. Placeholders: 1 the active_days CTE over [:origin, :to]; 2 the
-- cohort_members(user_id, cohort) CTE, cohort a period number; 3 the period number of day.
-- The result: how many members of each cohort share one pattern of active periods; the caller
-- tests each pattern's bits per period (a few thousand patterns instead of members × periods rows).
with %1$s,
member_bits as (
    select user_id, bit_or(1::bigint << %3$s) as bits
    from active_days
    group by user_id
),
%2$s
select c.cohort, coalesce(b.bits, 0) as bits, count(*) as members
from cohort_members c
left join member_bits b on b.user_id = c.user_id
group by 1, 2
