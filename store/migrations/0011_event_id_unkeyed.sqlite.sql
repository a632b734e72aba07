-- lotledger: foreign keys off
-- SQLite only (PostgreSQL runs 0012). The ledger's event ids lose their
-- UNIQUE index; event_keys (0013) finds an event by its id instead.
--
-- An event id is random: a CBV 2.0 event hash, or a partner's or
-- lotledger's UUID. Every event appended put its id at a random place in a
-- B-tree of ~95-byte entries, so every commit of a thousand events rewrote
-- about a thousand 4 KB pages of that index alone once the ledger held a
-- few hundred thousand events: most of what capture wrote to the disk.
-- The writer is the only author of events and already refuses an id the
-- ledger holds (capture looks the document's ids up first; lotledger's own
-- ids are fresh UUIDs); `lotledger verify` checks that no id is there twice.
--
-- Request ids (a client's idempotency keys) stay unique, in a partial index:
-- most events have none (every captured one), and a NULL took an entry in
-- the UNIQUE index all the same.
--
-- SQLite cannot drop a UNIQUE constraint, so the table is rebuilt, with
-- seq as its rowid (one B-tree fewer). It is the parent of most tables,
-- which is why this migration runs with foreign keys off: the children keep
-- referring to "events" by name, and the migration checks every reference
-- (PRAGMA foreign_key_check) before it commits.

CREATE TABLE events_0011 (
    seq          INTEGER PRIMARY KEY CHECK (seq > 0),
    event_id     TEXT   NOT NULL,
    request_id   TEXT,
    request_hash TEXT   NOT NULL DEFAULT '',
    kind         TEXT   NOT NULL,
    event_time   TEXT   NOT NULL,
    reference    TEXT   NOT NULL DEFAULT '',
    recorded_at  TEXT   NOT NULL,
    user_name    TEXT   NOT NULL,
    detail       TEXT   NOT NULL,
    epcis        TEXT   NOT NULL,
    prev_hash    TEXT   NOT NULL,
    hash         TEXT   NOT NULL
);
INSERT INTO events_0011 (seq, event_id, request_id, request_hash, kind, event_time, reference, recorded_at, user_name, detail, epcis, prev_hash, hash)
    SELECT seq, event_id, request_id, request_hash, kind, event_time, reference, recorded_at, user_name, detail, epcis, prev_hash, hash
    FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_0011 RENAME TO events;
CREATE UNIQUE INDEX events_request ON events (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX events_kind ON events (kind, seq);
CREATE INDEX events_recorded ON events (recorded_at, seq);
CREATE INDEX events_brief ON events (seq, kind, event_time, reference);
