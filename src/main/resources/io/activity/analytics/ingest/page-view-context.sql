-- What page-view.sql needs to know about a view before it writes: the company-local day and the
-- quarter hour of the view, the member's page ordinal (null before their first view), and
-- for member_activity the view's session's last activity and the member's latest session start
-- (after Tracking touched the session). One company's rows only, so Citus routes it as it is.
select local_day(:at::timestamptz, c.timezone) as day,
       quarter_hour(:at::timestamptz) as bucket,
       (select ordinal from page_member_ordinals
        where company_id = :company::uuid and user_id = :user::uuid) as ordinal,
       (select max(last_activity_at) from sessions
        where company_id = :company::uuid and session_id = :session::uuid) as last_activity,
       (select max(started_at) from sessions
        where company_id = :company::uuid and user_id = :user::uuid) as last_login
from companies c
where c.company_id = :company::uuid
