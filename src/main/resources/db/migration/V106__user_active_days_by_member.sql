-- Lifecycle and retention cohorts need each member's first active day ever. The primary key of
-- user_active_days leads with the day, so without this index that minimum reads the company's
-- whole history; with it, each member's first day is one index probe. A row is inserted once per
-- member and local day, so the extra index costs ingest almost nothing.
create index user_active_days_member_idx on user_active_days (company_id, user_id, day);
