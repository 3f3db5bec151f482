-- Page statistics over any range without scanning raw page views (S6 in BENCHMARKS.md).
-- Both are keyed by the company-local day, maintained by ingest in the same transaction as the
-- page view, and rebuilt by RollupRebuild. A range's partial first and last days are read from
-- raw page_views, so answers stay exact for arbitrary timestamps.

-- Views and durations per path per company-local day.
create table daily_page_stats (
    company_id      uuid    not null,
    day             date    not null,
    path            text    not null,
    page_views      integer not null default 0,
    duration_sum_ms bigint  not null default 0,
    duration_count  integer not null default 0, -- views that carried a duration_ms
    primary key (company_id, day, path)
);

-- On which company-local days a member viewed a path. Days are numbered from 1970-01-01; block =
-- day / 64, and bit (day % 64) of `days` is set when the member viewed the path that day. Exact
-- distinct users per path for a run of whole days is then an AND with the range's mask per block,
-- touching at most two blocks for a 30-day range instead of one row per view.
create table page_user_day_bits (
    company_id uuid   not null,
    block      integer not null,
    path       text   not null,
    user_id    uuid   not null,
    days       bigint not null,
    primary key (company_id, block, path, user_id)
);
