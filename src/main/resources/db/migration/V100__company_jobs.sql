-- Durable background work on one company's data (issue 15): a row is written in the same
-- transaction as the change that needs the work (a timezone change needs its local-day rollups
-- rebuilt), so a crash, a restart or a failed attempt can never lose it. Any instance claims the
-- oldest due job with FOR UPDATE SKIP LOCKED; a job left 'running' by a dead instance is taken
-- again once its lease is over; a failed attempt is retried after a back-off, up to a limit.
create table company_jobs (
    company_id   uuid        not null,
    job_id       uuid        not null default gen_random_uuid(),
    kind         text        not null check (kind in ('rebuild')),
    status       text        not null default 'pending' check (status in ('pending', 'running', 'done', 'failed')),
    requested_at timestamptz not null default now(),
    not_before   timestamptz not null default now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    attempts     integer     not null default 0,
    last_error   text,
    primary key (company_id, job_id)
);
create index company_jobs_due_idx on company_jobs (not_before) where status in ('pending', 'running');
