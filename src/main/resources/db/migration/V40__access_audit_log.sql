-- Access audit trail: one row per read of a company's data that passed the access check.
-- The key leads with company_id like every other table; rows are written in batches off the
-- request thread and deleted after their own retention (analytics.audit.retention).
create table access_audit_log (
    company_id uuid        not null,
    at         timestamptz not null,
    audit_id   bigint generated always as identity,
    user_id    uuid,                 -- null for a service token
    subject    text        not null, -- the token's subject (the user id, or the service's name)
    route      text        not null, -- route template, e.g. /api/v2/companies/{companyId}/members/{userId}
    method     text        not null,
    query      text,
    status     smallint    not null,
    primary key (company_id, at, audit_id)
);
-- The daily retention delete runs across companies by time; BRIN stays tiny on append-mostly rows.
create index access_audit_log_at_brin on access_audit_log using brin (at);
