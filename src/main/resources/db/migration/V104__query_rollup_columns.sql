-- POST /companies/{id}/query (issue 16): breakdowns of activity by app and device, in any zone.

-- Heartbeats per activity source: how many of the bucket's heartbeats carried activity of the
-- source (its count > 0), so "heartbeats by app" is exact without reading raw heartbeats. Kept by
-- the heartbeat batch statement and RollupRebuild like the other counters. (quarter_hour(...) is
-- a repeatable migration that runs after this one, so the backfill spells the bucket out.)
alter table quarter_hour_activity
    add column chrome_heartbeats            integer not null default 0,
    add column edge_heartbeats              integer not null default 0,
    add column firefox_heartbeats           integer not null default 0,
    add column desktop_heartbeats           integer not null default 0,
    add column web_accessibility_heartbeats integer not null default 0;

update quarter_hour_activity q
set chrome_heartbeats = h.chrome, edge_heartbeats = h.edge, firefox_heartbeats = h.firefox,
    desktop_heartbeats = h.desktop, web_accessibility_heartbeats = h.web_accessibility
from (
    select company_id, user_id, device_id,
           date_bin('15 minutes', generated_at, timestamptz '2000-01-01Z') as bucket_start,
           count(*) filter (where chrome_activity_count > 0) as chrome,
           count(*) filter (where edge_activity_count > 0) as edge,
           count(*) filter (where firefox_activity_count > 0) as firefox,
           count(*) filter (where desktop_activity_count > 0) as desktop,
           count(*) filter (where web_accessibility_activity_count > 0) as web_accessibility
    from heartbeats
    group by 1, 2, 3, 4
) h
where q.company_id = h.company_id and q.user_id = h.user_id and q.device_id = h.device_id
  and q.bucket_start = h.bucket_start;

-- Every member's day rows of a range (breakdowns by department, role, status): the primary key
-- leads with user_id, so without this a 30-day read scans the company's whole history. Counter
-- updates leave the indexed columns alone (HOT).
create index daily_user_activity_day_idx on daily_user_activity (company_id, day);
