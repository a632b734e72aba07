-- The outbox of recall notices: one row per customer and channel, written in
-- the recall's own transaction so that a recall and its notices commit
-- together, and delivered afterwards by a worker that may crash and restart.

CREATE TABLE notices (
    id              TEXT    PRIMARY KEY,
    recall_id       TEXT    NOT NULL REFERENCES recalls (id),
    party_id        BIGINT  NOT NULL REFERENCES parties (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('email', 'webhook')),
    payload         TEXT    NOT NULL, -- the NoticeContent as JSON, fixed when the recall starts
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    last_error      TEXT    NOT NULL DEFAULT '',
    delivered_at    TEXT,
    acknowledged_at TEXT,
    ack_by          TEXT    NOT NULL DEFAULT '',
    created_at      TEXT    NOT NULL,
    UNIQUE (recall_id, party_id, channel),
    CHECK ((state = 'delivered') = (delivered_at IS NOT NULL)),
    CHECK ((acknowledged_at IS NULL) = (ack_by = ''))
);
-- The worker's question: which pending notices are due?
CREATE INDEX notices_due ON notices (state, next_attempt_at);
CREATE INDEX notices_recall ON notices (recall_id);
