-- page_day_users (V95) answers distinct viewers per path; the V41 day bitmaps are read by nothing
-- since, so stop paying for their upkeep on every page view.
drop table page_user_day_bits;
