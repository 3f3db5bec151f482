-- Raw events. Heartbeats, page views and usage events are partitioned by month so time-range
-- scans prune and retention drops whole partitions. Keys lead with company_id, then time, so
-- index inserts land at the right edge of each tenant's range instead of at random places.

-- Creates the monthly partition of a parent table that holds the given instant, if missing.
create function ensure_month_partition(parent text, at timestamptz) returns text
language plpgsql as $$
declare
    month_start timestamptz := date_trunc('month', at, 'UTC');
    part text := parent || '_' || to_char(month_start at time zone 'UTC', 'YYYYMM');
begin
    if to_regclass(part) is null then
        begin
            execute format('create table %I partition of %I for values from (%L) to (%L)',
                           part, parent, month_start, month_start + interval '1 month');
        exception when duplicate_table then
            null; -- created concurrently by another transaction
        end;
    end if;
    return part;
end
$$;

create table heartbeats (
    company_id                       uuid        not null,
    generated_at                     timestamptz not null,
    event_id                         uuid        not null,
    user_id                          uuid        not null,
    device_id                        text        not null,
    chrome_activity_count            integer     not null check (chrome_activity_count >= 0),
    edge_activity_count              integer     not null check (edge_activity_count >= 0),
    firefox_activity_count           integer     not null check (firefox_activity_count >= 0),
    desktop_activity_count           integer     not null check (desktop_activity_count >= 0),
    web_accessibility_activity_count integer     not null check (web_accessibility_activity_count >= 0),
    total_activity_count             bigint generated always as (
        chrome_activity_count::bigint + edge_activity_count + firefox_activity_count
        + desktop_activity_count + web_accessibility_activity_count) stored,
    received_at                      timestamptz not null default now(),
    -- An agent replays an event with the same event_id and generated_at; the partition key has to
    -- be part of the key, and time second keeps inserts local.
    primary key (company_id, generated_at, event_id),
    foreign key (company_id, user_id) references users (company_id, user_id)
) partition by range (generated_at);

create table sessions (
    company_id        uuid        not null,
    session_id        uuid        not null default gen_random_uuid(),
    client_session_id text        not null,
    user_id           uuid        not null,
    started_at        timestamptz not null,
    last_activity_at  timestamptz not null,
    page_count        integer     not null default 0,
    primary key (company_id, session_id),
    foreign key (company_id, user_id) references users (company_id, user_id)
);
create index sessions_client_idx on sessions (company_id, user_id, client_session_id, last_activity_at desc);
create index sessions_started_idx on sessions (company_id, started_at);
create index sessions_user_started_idx on sessions (company_id, user_id, started_at);

create table page_views (
    company_id  uuid        not null,
    viewed_at   timestamptz not null,
    view_id     uuid        not null default gen_random_uuid(),
    user_id     uuid        not null,
    session_id  uuid        not null,
    path        text        not null,
    referrer    text,
    duration_ms bigint check (duration_ms >= 0),
    primary key (company_id, viewed_at, view_id),
    foreign key (company_id, user_id) references users (company_id, user_id)
) partition by range (viewed_at);

-- One row per authenticated /api/v2 request. No foreign key to companies: a request for a
-- company that does not exist is still traffic worth counting, and the recorder must never fail.
create table usage_events (
    company_id  uuid        not null,
    occurred_at timestamptz not null,
    event_id    uuid        not null default gen_random_uuid(),
    user_id     uuid,
    subject     text,
    route       text        not null,
    method      text        not null,
    status      integer     not null,
    duration_ms double precision not null,
    primary key (company_id, occurred_at, event_id)
) partition by range (occurred_at);

-- Partitions around the migration date; ingest creates any other month on first use.
do $$
declare m timestamptz;
begin
    for m in select generate_series(date_trunc('month', now(), 'UTC') - interval '12 months',
                                    date_trunc('month', now(), 'UTC') + interval '2 months',
                                    interval '1 month')
    loop
        perform ensure_month_partition('heartbeats', m);
        perform ensure_month_partition('page_views', m);
        perform ensure_month_partition('usage_events', m);
    end loop;
end
$$;
