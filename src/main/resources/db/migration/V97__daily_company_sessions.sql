-- Sessions per company and company-local day of their start: count and summed duration (in
-- microseconds), so the user-metrics summary reads about 30 rows instead of every session of the
-- range (S5). Kept by ingest (Tracking: a new session adds one; an extension adds its growth, and
-- one that moves the start to another day moves its count), rebuilt by RollupRebuild, trimmed by
-- retention.
create table daily_company_sessions (
    company_id      uuid   not null references companies (company_id),
    day             date   not null,
    sessions        bigint not null,
    duration_micros bigint not null,
    primary key (company_id, day)
);

insert into daily_company_sessions (company_id, day, sessions, duration_micros)
select s.company_id, (s.started_at at time zone c.timezone)::date, count(*),
       sum((extract(epoch from (s.last_activity_at - s.started_at)) * 1000000)::bigint)
from sessions s join companies c on c.company_id = s.company_id
group by 1, 2;
