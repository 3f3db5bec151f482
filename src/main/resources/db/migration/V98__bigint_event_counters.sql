-- Event counters grow by one per accepted event. Under the default ingest limit one company can
-- send 6,000 batches of 1,000 events a minute, 8.6 billion a day: more than an integer holds. The
-- counters become bigint like the summed columns beside them, so no rollup sum can overflow with
-- inputs the API accepts (counts ≤ 2^31 − 1, duration_ms ≤ 86,400,000); an overflow that got
-- through anyway fails the whole statement (SQLSTATE 22003), which the API answers with a 400 and
-- nothing written, never a wrapped value.
alter table daily_user_activity
    alter column heartbeats type bigint,
    alter column page_views type bigint;
alter table daily_device_activity
    alter column heartbeats type bigint;
alter table daily_company_activity
    alter column heartbeats type bigint,
    alter column page_views type bigint;
alter table quarter_hour_activity
    alter column heartbeats type bigint;
alter table quarter_hour_page_views
    alter column page_views type bigint;
alter table quarter_hour_company_activity
    alter column heartbeats type bigint,
    alter column page_views type bigint;
alter table daily_page_stats
    alter column page_views type bigint,
    alter column duration_count type bigint;
alter table sessions
    alter column page_count type bigint;
