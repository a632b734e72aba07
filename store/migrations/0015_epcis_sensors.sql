-- The sensor reports of EPCIS events (sensorElementList), one row per
-- sensorReport with its sensorMetadata's time and deviceID filled in, for
-- the query interface's sensor parameters (EQ_type, GT_maxValue_CEL, ...).
-- A projection of events.epcis like epcis_refs: Rebuild recomputes it, and
-- this migration fills it from the events already captured (migrate.go).

CREATE TABLE epcis_sensors (
    seq                BIGINT NOT NULL REFERENCES epcis_events (seq) ON DELETE CASCADE,
    n                  INTEGER NOT NULL, -- the report's place in the event
    type               TEXT   NOT NULL,
    device_id          TEXT   NOT NULL,
    time               TEXT,
    start_time         TEXT,
    end_time           TEXT,
    uom                TEXT   NOT NULL,
    value              DOUBLE PRECISION,
    min_value          DOUBLE PRECISION,
    max_value          DOUBLE PRECISION,
    mean_value         DOUBLE PRECISION,
    sdev               DOUBLE PRECISION,
    perc_rank          DOUBLE PRECISION,
    perc_value         DOUBLE PRECISION,
    string_value       TEXT   NOT NULL,
    boolean_value      INTEGER,
    uri_value          TEXT   NOT NULL,
    hex_binary_value   TEXT   NOT NULL,
    microorganism      TEXT   NOT NULL,
    chemical_substance TEXT   NOT NULL,
    PRIMARY KEY (seq, n)
) {{without_rowid}};
CREATE INDEX epcis_sensors_type ON epcis_sensors (type, seq);
