-- Indexes for the user-metrics reads. They replace the two plain started_at indexes of V2 with
-- versions that carry last_activity_at, so session counts and average durations over a range are
-- answered from the index alone (no heap visit per session). Same number of indexes to maintain
-- on every session write as before.

-- Summary: every session of the company started in a range.
create index sessions_started_cover_idx on sessions (company_id, started_at) include (last_activity_at);
drop index sessions_started_idx;

-- List: one member's sessions started in a range (the page's members only, looked up laterally).
create index sessions_user_started_cover_idx on sessions (company_id, user_id, started_at) include (last_activity_at);
drop index sessions_user_started_idx;
