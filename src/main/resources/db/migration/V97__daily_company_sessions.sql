-- Sessions per company and company-local day of their start: count and summed duration (in
-- microseconds), so the user-metrics summary reads about 30 rows instead of every session of the
-- range (S5). Kept by ingest (Tracking: a new session adds one; an extension adds its growth, and
-- one that moves the start to another day moves its count), rebuilt by RollupRebuild, trimmed by
-- retention.

-- A session's duration in microseconds: the one definition the upkeep, the rebuild and retention use.
create function session_micros(started_at timestamptz, last_activity_at timestamptz) returns bigint
    language sql immutable parallel safe
    return (extract(epoch from (last_activity_at - started_at)) * 1000000)::bigint;

create table daily_company_sessions (
    company_id      uuid   not null references companies (company_id),
    day             date   not null,
    sessions        bigint not null,
    duration_micros bigint not null,
    primary key (company_id, day)
);

insert into daily_company_sessions (company_id, day, sessions, duration_micros)
select s.company_id, (s.started_at at time zone c.timezone)::date, count(*),
       sum(session_micros(s.started_at, s.last_activity_at))
from sessions s join companies c on c.company_id = s.company_id
group by 1, 2;
