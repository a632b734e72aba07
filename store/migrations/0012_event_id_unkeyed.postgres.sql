-- PostgreSQL only (SQLite runs 0011): the ledger's event ids lose their
-- UNIQUE index, for the reasons 0011 gives; event_keys (0013) finds an
-- event by its id instead. Request ids stay unique, in a partial index that
-- the events without one (every captured event) stay out of.

ALTER TABLE events DROP CONSTRAINT IF EXISTS events_event_id_key;
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_request_id_key;
CREATE UNIQUE INDEX events_request ON events (request_id) WHERE request_id IS NOT NULL;
