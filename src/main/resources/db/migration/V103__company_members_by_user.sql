-- GET /api/v2/me/companies: a user's memberships across companies. Every other key of
-- company_members starts with company_id, so without this index that read scans every membership.
create index company_members_user_idx on company_members (user_id);
