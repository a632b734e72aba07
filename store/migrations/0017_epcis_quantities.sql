-- The quantities of EPCIS events (quantityList, childQuantityList,
-- inputQuantityList, outputQuantityList), one row per quantity element
-- that has a quantity, for the query interface's quantity parameters
-- (EQ_quantity, GT_quantity_KGM, ...). A projection of events.epcis like
-- epcis_sensors: Rebuild recomputes it, and this migration fills it from
-- the events already captured (migrate.go). No index beyond the key: a
-- quantity condition is checked on the events the query's order reaches.

CREATE TABLE epcis_quantities (
    seq      BIGINT NOT NULL REFERENCES epcis_events (seq) ON DELETE CASCADE,
    n        INTEGER NOT NULL, -- the element's place in the event's lists
    uom      TEXT   NOT NULL, -- '' for a count of items
    quantity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (seq, n)
) {{without_rowid}};
