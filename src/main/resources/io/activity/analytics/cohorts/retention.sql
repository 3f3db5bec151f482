-- Retention cohorts (CohortsQuery says how it works). Periods are numbered from the first cohort's
-- (:origin, 0) to the one holding date_to (:last, at most 52). Each member's active periods are one
-- bigint of bits. Placeholders: 1 the active_days CTE over [:origin, :to]; 2 the
-- cohort_members(user_id, cohort) CTE, cohort a period number; 3 the period number of day.
-- generate_series(0, :last), not (c.cohort, :last): with constant bounds PostgreSQL knows its rows.
with %1$s,
member_bits as (
    select user_id, bit_or(1::bigint << %3$s) as bits
    from active_days
    group by user_id
),
%2$s
select c.cohort, k.k as period, count(*) as size,
       count(*) filter (where coalesce(b.bits, 0) & (1::bigint << k.k) <> 0) as retained
from cohort_members c
left join member_bits b on b.user_id = c.user_id
join generate_series(0, :last) k(k) on k.k >= c.cohort
group by c.cohort, k.k
