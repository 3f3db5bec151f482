-- One row per stored heartbeat event id, whatever its generated_at. The heartbeats key has to
-- contain the partition key (generated_at), so on its own it only catches a replay that repeats
-- generated_at; an agent that re-sends an event_id with a different generated_at would otherwise
-- be counted twice. Ingest inserts here first (ON CONFLICT DO NOTHING, in event_id order so
-- concurrent batches never deadlock) and stores only the heartbeats whose id was new.
-- generated_at is kept so retention can delete the guard rows of the events it deletes.
create table heartbeat_event_ids (
    company_id   uuid        not null,
    event_id     uuid        not null,
    generated_at timestamptz not null,
    primary key (company_id, event_id)
);
