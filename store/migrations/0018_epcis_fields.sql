-- The fields of EPCIS events that EPCIS itself does not define: ILMD and
-- extension properties, top-level and nested, for the query parameters on
-- them (EQ_ILMD_cbvmda:itemExpirationDate, GT_example:temperature,
-- EXISTS_INNER_ILMD_..., ...). One small JSON object per event, keyed by
-- place and IRI (epcis.IndexFields), in the event's index row: no table and
-- no index of its own, so that capture writes no more rows. A projection of
-- events.epcis like the rest of the row: Rebuild recomputes it, and this
-- migration fills it for the events already recorded (migrate.go).

ALTER TABLE epcis_events ADD COLUMN fields {{json}};
