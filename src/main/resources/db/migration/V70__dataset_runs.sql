-- Which generated dataset (bench/demo data, never production data) was loaded into this database,
-- with its seed and last day, so the demo start-up can tell "already loaded" from "stale".
create table dataset_runs (
    name         text        primary key,
    seed         bigint      not null,
    start_date   date        not null,
    end_date     date        not null,
    heartbeats   bigint      not null,
    page_views   bigint      not null,
    usage_events bigint      not null,
    load_millis  bigint      not null,
    loaded_at    timestamptz not null default now()
);
