-- Idempotent page views (issue 17.4): one row per stored page-view event id, whatever its
-- viewed_at, like heartbeat_event_ids (V42). page_views is partitioned by viewed_at, so a unique
-- key there would have to contain viewed_at and would miss a retry that re-sends an event_id with
-- another viewed_at; this table is the company-wide guard instead. A view sent with an event_id
-- stores it as page_views.view_id (views without one keep a random view_id and have no guard
-- row), so retention and erasure find the guard rows of the views they delete by
-- (company_id, event_id = view_id). Ingest inserts here first (ON CONFLICT DO NOTHING), in the
-- view's own transaction, and writes nothing else when the id was already there.
create table page_view_event_ids (
    company_id uuid        not null,
    event_id   uuid        not null,
    viewed_at  timestamptz not null,
    primary key (company_id, event_id)
);
