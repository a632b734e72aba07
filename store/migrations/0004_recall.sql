-- Recalls and their scope, recorded when the recall starts.

CREATE TABLE recalls (
    id          TEXT    PRIMARY KEY,
    created_at  TEXT    NOT NULL,
    user_name   TEXT    NOT NULL,
    reason      TEXT    NOT NULL CHECK (reason <> ''),
    mock        INTEGER NOT NULL CHECK (mock IN (0, 1)),
    status      TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
    duration_ns BIGINT  NOT NULL CHECK (duration_ns >= 0),
    scope       TEXT    NOT NULL -- the Recall as JSON: lots, stock, in transit, customers
);
CREATE INDEX recalls_created ON recalls (created_at);

-- The lots of each recall's scope, to answer "is this lot recalled, and why?"
CREATE TABLE recall_lots (
    recall_id TEXT   NOT NULL REFERENCES recalls (id),
    lot_id    BIGINT NOT NULL REFERENCES lots (id),
    PRIMARY KEY (recall_id, lot_id)
);
CREATE INDEX recall_lots_lot ON recall_lots (lot_id);

-- What became of recalled goods at customers.
CREATE TABLE recall_recoveries (
    id          {{id}},
    recall_id   TEXT   NOT NULL REFERENCES recalls (id),
    party_id    BIGINT NOT NULL REFERENCES parties (id),
    lot_id      BIGINT NOT NULL REFERENCES lots (id),
    kind        TEXT   NOT NULL CHECK (kind IN ('returned', 'destroyed', 'consumed')),
    qty         BIGINT NOT NULL CHECK (qty > 0),
    note        TEXT   NOT NULL DEFAULT '',
    recorded_at TEXT   NOT NULL,
    user_name   TEXT   NOT NULL
);
CREATE INDEX recall_recoveries_recall ON recall_recoveries (recall_id);

-- Who closed a recall, when and why.
CREATE TABLE recall_closes (
    recall_id TEXT NOT NULL PRIMARY KEY REFERENCES recalls (id),
    closed_at TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    reason    TEXT NOT NULL CHECK (reason <> '')
);
