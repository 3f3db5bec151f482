-- Exact distinct viewers per path over any run of whole days in a few milliseconds (S6 in
-- BENCHMARKS.md). page_user_day_bits (V41) holds one row per (64-day block, path, member): a 30-day
-- range reads ~150 k rows for a 2,000-member company and must de-duplicate (path, member) pairs,
-- 0.3-0.4 s. Here a member gets a small per-company ordinal, and per company-local day and path one
-- bit string says which ordinals viewed the path that day: distinct viewers of a range are then
-- bit_count(bit_or(...)) over (days x paths) rows, ~1,200 rows of ~250 bytes for 30 days x 40 paths.

-- A member's bit position in page_day_users. Assigned on the member's first page view and never
-- reused or renumbered (a rebuild keeps them), so incremental upkeep and a rebuild agree bit for bit.
create table page_member_ordinals (
    company_id uuid    not null,
    user_id    uuid    not null,
    ordinal    integer not null,
    primary key (company_id, user_id),
    unique (company_id, ordinal)
);

-- Bit k (counting from the left, as get_bit does) is set when the member with ordinal k viewed the
-- path on that company-local day. The string is as long as the highest ordinal seen that day + 1.
create table page_day_users (
    company_id uuid        not null,
    day        date        not null,
    path       text        not null,
    users      bit varying not null,
    primary key (company_id, day, path)
);

insert into page_member_ordinals (company_id, user_id, ordinal)
select company_id, user_id, (row_number() over (partition by company_id order by user_id) - 1)::integer
from (select distinct company_id, user_id from page_views) viewers;

insert into page_day_users (company_id, day, path, users)
select s.company_id, s.day, s.path,
       (select string_agg(case when g = any(s.ordinals) then '1' else '0' end, '' order by g)
        from generate_series(0, s.top) g)::varbit
from (
    select p.company_id, (p.viewed_at at time zone c.timezone)::date as day, p.path,
           array_agg(distinct o.ordinal) as ordinals, max(o.ordinal) as top
    from page_views p
    join companies c on c.company_id = p.company_id
    join page_member_ordinals o on o.company_id = p.company_id and o.user_id = p.user_id
    group by 1, 2, 3
) s;
