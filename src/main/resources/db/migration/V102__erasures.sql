-- Erasure of one member's data (issue 17): a company_jobs kind of its own, written in the
-- transaction of the request like a rebuild, with the member it erases and, once done, how many
-- raw rows it deleted ({"heartbeats": n, "page_views": n, "sessions": n, "usage_events": n}).
alter table company_jobs drop constraint company_jobs_kind_check;
alter table company_jobs
    add constraint company_jobs_kind_check check (kind in ('rebuild', 'erasure')),
    add column user_id uuid,
    add column deleted jsonb,
    add constraint company_jobs_erasure_user check ((kind = 'erasure') = (user_id is not null));
