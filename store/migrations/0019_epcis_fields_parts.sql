-- The fields of the other parts of an EPCIS event, for the query parameters
-- on them: the extension properties of its error declaration, of its
-- sensor elements, their metadata and reports, and of its readPoint and
-- bizLocation objects (EQ_SENSORREPORT_example:cv, EQ_readPoint_example:x,
-- ...). They join the ILMD and extension fields in epcis_events.fields
-- (0018); this migration's Go half (migrate.go) recomputes that column for
-- the events already recorded. No table changes.
SELECT 1;
