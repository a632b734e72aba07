-- What came into a lot (its receipts and the runs that made it) is read by
-- every trace. A silo lot has thousands of movements out and one in; this
-- partial index finds the ones in without reading the ones out.
CREATE INDEX movements_in ON movements (lot_id, seq) WHERE qty > 0;
