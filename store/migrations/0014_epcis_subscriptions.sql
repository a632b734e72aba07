-- Named queries and their subscriptions (EPCIS 2.0 REST binding, /queries).
-- Neither is a ledger event: they say what a partner wants to read, not
-- what happened to stock. A subscription's after_seq is how far along the
-- ledger it has reported, and the worker moves it only after the partner's
-- webhook has accepted a report, so a report that failed is sent again.

CREATE TABLE epcis_queries (
    name       TEXT PRIMARY KEY,
    params     TEXT NOT NULL, -- the query's parameters, a JSON object of lists of strings
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE epcis_subscriptions (
    id              TEXT    PRIMARY KEY,
    query_name      TEXT    NOT NULL REFERENCES epcis_queries (name),
    dest            TEXT    NOT NULL,
    signature_token TEXT    NOT NULL DEFAULT '',
    stream          INTEGER NOT NULL CHECK (stream IN (0, 1)),
    schedule        TEXT    NOT NULL DEFAULT '', -- the EPCISSchedule as JSON, '' for a stream
    report_if_empty INTEGER NOT NULL CHECK (report_if_empty IN (0, 1)),
    initial_time    TEXT    NOT NULL,
    after_seq       BIGINT  NOT NULL CHECK (after_seq >= 0),
    next_run_at     TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error      TEXT    NOT NULL DEFAULT '',
    delivered_at    TEXT,
    created_at      TEXT    NOT NULL,
    created_by      TEXT    NOT NULL,
    CHECK ((stream = 1) = (schedule = ''))
);
CREATE INDEX epcis_subscriptions_query ON epcis_subscriptions (query_name, id);
