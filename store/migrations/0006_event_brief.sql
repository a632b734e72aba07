-- A trace names the time and reference of every shipment and production run
-- it reaches: tens of thousands of events for a lot shared by thousands of
-- outputs. Event rows are large (two JSON documents), so reading those three
-- columns from the table touches a page per event; this covering index holds
-- just them, in sequence order, and answers from the index alone.
CREATE INDEX events_brief ON events (seq, kind, event_time, reference);
