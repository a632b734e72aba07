-- EPCIS capture: the jobs of the REST binding, and error declarations made
-- by captured events about earlier ones.

CREATE TABLE capture_jobs (
    id              TEXT    PRIMARY KEY,
    created_at      TEXT    NOT NULL,
    finished_at     TEXT    NOT NULL,
    user_name       TEXT    NOT NULL,
    success         INTEGER NOT NULL CHECK (success IN (0, 1)),
    error_behaviour TEXT    NOT NULL,
    events          INTEGER NOT NULL CHECK (events >= 0),
    applied         INTEGER NOT NULL DEFAULT 0,
    stored          INTEGER NOT NULL DEFAULT 0,
    duplicates      INTEGER NOT NULL DEFAULT 0,
    first_seq       BIGINT,
    last_seq        BIGINT,
    errors          TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX capture_jobs_created ON capture_jobs (created_at);

-- A projection of the ledger: the declaring event (seq) says that the event
-- event_id did not occur as recorded.
CREATE TABLE error_declarations (
    seq      BIGINT NOT NULL PRIMARY KEY REFERENCES events (seq),
    event_id TEXT   NOT NULL,
    reason   TEXT   NOT NULL DEFAULT ''
);
CREATE INDEX error_declarations_event ON error_declarations (event_id);
