-- Active users, stickiness and trends with a `timezone` override read every member's 15-minute
-- buckets in a time range. The primary keys lead with user_id, so without these a range read
-- scans the company's whole history. Counter updates leave the indexed columns alone (HOT).
create index quarter_hour_activity_time_idx on quarter_hour_activity (company_id, bucket_start);
create index quarter_hour_page_views_time_idx on quarter_hour_page_views (company_id, bucket_start);
