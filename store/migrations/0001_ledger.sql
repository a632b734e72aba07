-- The ledger and its projections. One file serves SQLite and PostgreSQL:
-- {{id}} becomes the dialect's auto-assigned primary key; every other type
-- and constraint is the same on both. Times are fixed-width UTC text
-- (2006-01-02T15:04:05.000000Z), dates YYYY-MM-DD or '' when absent, and
-- quantities integer millionths of the item's unit.

CREATE TABLE items (
    id              {{id}},
    sku             TEXT    NOT NULL UNIQUE,
    name            TEXT    NOT NULL,
    gtin            TEXT    UNIQUE,
    uom             TEXT    NOT NULL,
    decimals        INTEGER CHECK (decimals BETWEEN 0 AND 6),
    shelf_life_days INTEGER NOT NULL DEFAULT 0 CHECK (shelf_life_days >= 0),
    tracking        TEXT    NOT NULL CHECK (tracking IN ('lot', 'serial', 'none')),
    lot_template    TEXT    NOT NULL DEFAULT '',
    ftl             INTEGER NOT NULL DEFAULT 0 CHECK (ftl IN (0, 1)),
    lot_seq         BIGINT  NOT NULL DEFAULT 0 CHECK (lot_seq >= 0),
    created_at      TEXT    NOT NULL
);

CREATE TABLE locations (
    id        {{id}},
    code      TEXT NOT NULL UNIQUE,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('site', 'zone', 'bin', 'in_transit', 'production', 'scrap')),
    parent_id BIGINT REFERENCES locations (id),
    site      TEXT NOT NULL,
    gln       TEXT UNIQUE
);

CREATE TABLE parties (
    id          {{id}},
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('supplier', 'customer', 'carrier')),
    gln         TEXT,
    email       TEXT NOT NULL DEFAULT '',
    webhook_url TEXT NOT NULL DEFAULT ''
);

-- The append-only ledger. detail is lotledger's resolved record of the event
-- (lots, signed stock changes), epcis its GS1 EPCIS 2.0 form; hash chains
-- both to the previous event's hash.
CREATE TABLE events (
    seq          BIGINT PRIMARY KEY CHECK (seq > 0),
    event_id     TEXT   NOT NULL UNIQUE,
    request_id   TEXT   UNIQUE,
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
CREATE INDEX events_kind ON events (kind, seq);

-- The head of the chain: one row, locked by every writer so that events get
-- consecutive sequence numbers and each hash follows the one before.
CREATE TABLE ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT   NOT NULL
);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, '');

-- Projections below are derived from events.detail and rebuilt by Rebuild.
CREATE TABLE lots (
    id           BIGINT PRIMARY KEY,
    item_id      BIGINT NOT NULL REFERENCES items (id),
    code         TEXT   NOT NULL,
    supplier_lot TEXT   NOT NULL DEFAULT '',
    produced     TEXT   NOT NULL DEFAULT '',
    expires      TEXT   NOT NULL DEFAULT '',
    status       TEXT   NOT NULL CHECK (status IN ('released', 'quarantine', 'hold', 'recalled', 'expired', 'destroyed')),
    origin_id    BIGINT REFERENCES parties (id),
    -- Deferred: within a batch the event row is written after the lot.
    created_seq  BIGINT NOT NULL REFERENCES events (seq) DEFERRABLE INITIALLY DEFERRED,
    created_at   TEXT   NOT NULL,
    UNIQUE (item_id, code),
    CHECK (expires = '' OR produced = '' OR expires >= produced)
);
CREATE INDEX lots_expiry ON lots (item_id, expires);
CREATE INDEX lots_supplier_lot ON lots (supplier_lot);
CREATE INDEX lots_code ON lots (code);
CREATE INDEX lots_created ON lots (created_seq);
CREATE INDEX lots_status ON lots (status, expires);

CREATE TABLE stock (
    lot_id      BIGINT NOT NULL REFERENCES lots (id),
    location_id BIGINT NOT NULL REFERENCES locations (id),
    qty         BIGINT NOT NULL CHECK (qty >= 0), -- rows reaching zero are deleted
    PRIMARY KEY (lot_id, location_id)
);
CREATE INDEX stock_location ON stock (location_id, lot_id);

-- Every signed stock change: the basis of inventory as of any past moment.
CREATE TABLE movements (
    seq         BIGINT NOT NULL REFERENCES events (seq),
    lot_id      BIGINT NOT NULL REFERENCES lots (id),
    location_id BIGINT NOT NULL REFERENCES locations (id),
    qty         BIGINT NOT NULL CHECK (qty <> 0),
    PRIMARY KEY (seq, lot_id, location_id)
);
CREATE INDEX movements_lot ON movements (lot_id, seq);

-- Genealogy: qty of the parent lot went into the child lot in event seq.
CREATE TABLE lot_edges (
    seq       BIGINT NOT NULL REFERENCES events (seq),
    parent_id BIGINT NOT NULL REFERENCES lots (id),
    child_id  BIGINT NOT NULL REFERENCES lots (id),
    qty       BIGINT NOT NULL CHECK (qty > 0),
    PRIMARY KEY (seq, parent_id, child_id),
    CHECK (parent_id <> child_id)
);
CREATE INDEX lot_edges_parent ON lot_edges (parent_id);
CREATE INDEX lot_edges_child ON lot_edges (child_id);

-- Goods that left to a customer (qty > 0) or came back from one (qty < 0).
CREATE TABLE deliveries (
    seq         BIGINT NOT NULL REFERENCES events (seq),
    lot_id      BIGINT NOT NULL REFERENCES lots (id),
    party_id    BIGINT NOT NULL REFERENCES parties (id),
    location_id BIGINT NOT NULL REFERENCES locations (id),
    qty         BIGINT NOT NULL CHECK (qty <> 0),
    PRIMARY KEY (seq, lot_id, party_id, location_id)
);
CREATE INDEX deliveries_lot ON deliveries (lot_id, party_id);
CREATE INDEX deliveries_party ON deliveries (party_id);

-- Transfers between sites waiting for their arrival.
CREATE TABLE transits (
    seq         BIGINT NOT NULL PRIMARY KEY REFERENCES events (seq),
    event_id    TEXT   NOT NULL UNIQUE,
    to_id       BIGINT NOT NULL REFERENCES locations (id),
    arrived_seq BIGINT REFERENCES events (seq)
);

-- Status changes, so that a lot's history (its movements and these) needs
-- no scan of the ledger.
CREATE TABLE status_changes (
    seq         BIGINT NOT NULL REFERENCES events (seq),
    lot_id      BIGINT NOT NULL REFERENCES lots (id),
    from_status TEXT   NOT NULL,
    to_status   TEXT   NOT NULL,
    PRIMARY KEY (seq, lot_id)
);
CREATE INDEX status_changes_lot ON status_changes (lot_id, seq);

INSERT INTO locations (code, name, kind, site) VALUES ('IN-TRANSIT', 'Goods in transit between sites', 'in_transit', 'IN-TRANSIT');
