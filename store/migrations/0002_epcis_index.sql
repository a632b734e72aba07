-- The EPCIS query index: the fields of events.epcis that the EPCIS 2.0 query
-- interface filters on, one row per event plus one per identifier it names.
-- A projection like those of 0001, rebuilt by Rebuild. Identifiers are kept
-- in their canonical form (GS1 Digital Link on id.gs1.org where the value is
-- a GS1 key), CBV values as bare terms, times as fixed-width UTC text with
-- nanoseconds (2006-01-02T15:04:05.000000000Z), so text order is time order.
--
-- Events are append-only, so ON DELETE CASCADE never fires in operation: it
-- lets the index follow the ledger when an event row is removed by hand (a
-- repair, or a tamper that Verify is there to find) instead of blocking it.

CREATE TABLE epcis_events (
    seq            BIGINT  PRIMARY KEY REFERENCES events (seq) ON DELETE CASCADE,
    event_type     TEXT    NOT NULL,
    event_time     TEXT    NOT NULL,
    action         TEXT    NOT NULL CHECK (action IN ('', 'ADD', 'OBSERVE', 'DELETE')),
    biz_step       TEXT    NOT NULL,
    disposition    TEXT    NOT NULL,
    read_point     TEXT    NOT NULL,
    biz_location   TEXT    NOT NULL,
    -- The CBV 2.0 event hash (ni:///sha-256;...?ver=CBV2.0), or '' until a
    -- query by hash fills it in (store/epcishash.go).
    event_hash     TEXT    NOT NULL,
    error_declared INTEGER NOT NULL CHECK (error_declared IN (0, 1))
);
-- Each filter index ends in seq: pages are read in seq order after a token.
CREATE INDEX epcis_events_time ON epcis_events (event_time, seq);
CREATE INDEX epcis_events_biz_step ON epcis_events (biz_step, seq);
CREATE INDEX epcis_events_disposition ON epcis_events (disposition, seq);
CREATE INDEX epcis_events_read_point ON epcis_events (read_point, seq);
CREATE INDEX epcis_events_biz_location ON epcis_events (biz_location, seq);
CREATE INDEX epcis_events_hash ON epcis_events (event_hash);

-- The identifiers an event names, by role: epc, parentID, childEPC,
-- inputEPC, outputEPC (instances); epcClass, childEPCClass, inputEPCClass,
-- outputEPCClass (quantity lists); transformationID; bizTransaction_<type>,
-- source_<type>, destination_<type> (type a bare CBV term or a URI;
-- bizTransaction_ alone when untyped).
CREATE TABLE epcis_refs (
    seq  BIGINT NOT NULL REFERENCES epcis_events (seq) ON DELETE CASCADE,
    role TEXT   NOT NULL,
    uri  TEXT   NOT NULL,
    PRIMARY KEY (seq, role, uri)
);
CREATE INDEX epcis_refs_uri ON epcis_refs (uri, role, seq);

-- GE_/LT_recordTime filter on the time the ledger recorded the event.
CREATE INDEX events_recorded ON events (recorded_at, seq);
