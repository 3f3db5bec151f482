-- Rollups carry the read side. They are updated in the same transaction as the raw rows they
-- summarise, from the rows really inserted, and can be rebuilt from the raw tables at any time.

-- Per member per company-local day.
create table daily_user_activity (
    company_id                       uuid    not null,
    user_id                          uuid    not null,
    day                              date    not null,
    heartbeats                       integer not null default 0,
    chrome_activity_count            bigint  not null default 0,
    edge_activity_count              bigint  not null default 0,
    firefox_activity_count           bigint  not null default 0,
    desktop_activity_count           bigint  not null default 0,
    web_accessibility_activity_count bigint  not null default 0,
    total_activity_count             bigint  not null default 0,
    page_views                       integer not null default 0,
    primary key (company_id, user_id, day)
);

-- Per device (all users of it) per company-local day.
create table daily_device_activity (
    company_id                       uuid    not null,
    device_id                        text    not null,
    day                              date    not null,
    heartbeats                       integer not null default 0,
    chrome_activity_count            bigint  not null default 0,
    edge_activity_count              bigint  not null default 0,
    firefox_activity_count           bigint  not null default 0,
    desktop_activity_count           bigint  not null default 0,
    web_accessibility_activity_count bigint  not null default 0,
    total_activity_count             bigint  not null default 0,
    primary key (company_id, device_id, day)
);

-- Whole company per company-local day: app series, summaries and daily active users.
create table daily_company_activity (
    company_id                       uuid    not null,
    day                              date    not null,
    heartbeats                       integer not null default 0,
    chrome_activity_count            bigint  not null default 0,
    edge_activity_count              bigint  not null default 0,
    firefox_activity_count           bigint  not null default 0,
    desktop_activity_count           bigint  not null default 0,
    web_accessibility_activity_count bigint  not null default 0,
    total_activity_count             bigint  not null default 0,
    page_views                       integer not null default 0,
    active_users                     integer not null default 0,
    primary key (company_id, day)
);

-- 15-minute UTC buckets per member and device. Every UTC offset in use is a multiple of
-- 15 minutes, so any timezone's days (DST included) are exact unions of these buckets.
create table quarter_hour_activity (
    company_id                       uuid        not null,
    user_id                          uuid        not null,
    device_id                        text        not null,
    bucket_start                     timestamptz not null,
    heartbeats                       integer     not null default 0,
    chrome_activity_count            bigint      not null default 0,
    edge_activity_count              bigint      not null default 0,
    firefox_activity_count           bigint      not null default 0,
    desktop_activity_count           bigint      not null default 0,
    web_accessibility_activity_count bigint      not null default 0,
    total_activity_count             bigint      not null default 0,
    primary key (company_id, user_id, bucket_start, device_id)
);
create index quarter_hour_activity_device_idx on quarter_hour_activity (company_id, device_id, bucket_start);

-- Page views per member in 15-minute UTC buckets (page views carry no device).
create table quarter_hour_page_views (
    company_id   uuid        not null,
    user_id      uuid        not null,
    bucket_start timestamptz not null,
    page_views   integer     not null default 0,
    primary key (company_id, user_id, bucket_start)
);

-- 15-minute UTC buckets for the whole company (app series with a timezone override).
create table quarter_hour_company_activity (
    company_id                       uuid        not null,
    bucket_start                     timestamptz not null,
    heartbeats                       integer     not null default 0,
    chrome_activity_count            bigint      not null default 0,
    edge_activity_count              bigint      not null default 0,
    firefox_activity_count           bigint      not null default 0,
    desktop_activity_count           bigint      not null default 0,
    web_accessibility_activity_count bigint      not null default 0,
    total_activity_count             bigint      not null default 0,
    page_views                       integer     not null default 0,
    primary key (company_id, bucket_start)
);

-- The company-local days on which a member was active (a heartbeat with total > 0, or a page
-- view). Inserting a new row here is what increments daily_company_activity.active_users, so
-- distinct counts stay exact under replays.
create table user_active_days (
    company_id uuid not null,
    day        date not null,
    user_id    uuid not null,
    primary key (company_id, day, user_id)
);

-- Latest activity per member, for the user-metrics list (last_active, last_login) without a scan.
create table member_activity (
    company_id        uuid not null,
    user_id           uuid not null,
    last_heartbeat_at timestamptz,
    last_session_at   timestamptz,
    last_login_at     timestamptz,
    primary key (company_id, user_id)
);
