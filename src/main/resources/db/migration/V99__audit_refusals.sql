-- The audit trail also records refused attempts on a company's routes (issue 14): what happened
-- (allowed, denied by the access check, limited by the rate limiter), and for a folded flood of
-- refusals how many more requests the row stands for.
alter table access_audit_log
    add column outcome text    not null default 'allowed' check (outcome in ('allowed', 'denied', 'limited')),
    add column repeats integer not null default 0 check (repeats >= 0);
