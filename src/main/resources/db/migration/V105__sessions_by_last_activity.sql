-- Active users now (issue 16.5) reads the sessions of one company that were active in the last
-- hour: last_activity_at >= the start of that hour. The session indexes lead with started_at or
-- user_id, and a session may have started long before, so without this the read would walk the
-- company's whole session history. Covering (started_at, user_id), so the read needs no heap
-- visit for sessions that ended before the hour. last_activity_at changes on every session write,
-- which already updates the covering indexes of V50 (no HOT update either way); this is one more
-- index entry per session write.
create index sessions_last_activity_idx on sessions (company_id, last_activity_at) include (started_at, user_id);
