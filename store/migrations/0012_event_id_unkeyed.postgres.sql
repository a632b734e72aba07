-- PostgreSQL only (SQLite runs 0011): the ledger's event ids lose their
-- UNIQUE index, for the reasons 0011 gives; event_keys (0013) finds an
-- event by its id instead.

ALTER TABLE events DROP CONSTRAINT IF EXISTS events_event_id_key;
