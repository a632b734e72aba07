-- PostgreSQL only (SQLite skips this file). The projections written for
-- every event lose their foreign keys, and the EPCIS identifiers one of
-- their two indexes.
--
-- On PostgreSQL a foreign key is checked by a trigger on every inserted row:
-- a query on the referenced table that also locks the row it finds. An event
-- adds about twenty such rows (movements, deliveries, genealogy edges,
-- status changes, its EPCIS index rows), so capture spent a quarter of its
-- time checking references the writer has just resolved itself. These
-- tables are projections: the writer is their only author, every id it
-- writes is one it read or created in the same transaction, and `rebuild`
-- recomputes them from the ledger. Master data (items, parties, locations,
-- lots, stock) and recalls keep their foreign keys.
--
-- The EPCIS identifiers were kept twice: in the primary key (seq, role,
-- uri), which no query reads, and in an index by uri for MATCH_ queries.
-- The key is now (uri, role, seq), the order SQLite keeps them in.

ALTER TABLE movements
    DROP CONSTRAINT IF EXISTS movements_seq_fkey,
    DROP CONSTRAINT IF EXISTS movements_lot_id_fkey,
    DROP CONSTRAINT IF EXISTS movements_location_id_fkey;
ALTER TABLE deliveries
    DROP CONSTRAINT IF EXISTS deliveries_seq_fkey,
    DROP CONSTRAINT IF EXISTS deliveries_lot_id_fkey,
    DROP CONSTRAINT IF EXISTS deliveries_party_id_fkey,
    DROP CONSTRAINT IF EXISTS deliveries_location_id_fkey;
ALTER TABLE lot_edges
    DROP CONSTRAINT IF EXISTS lot_edges_seq_fkey,
    DROP CONSTRAINT IF EXISTS lot_edges_parent_id_fkey,
    DROP CONSTRAINT IF EXISTS lot_edges_child_id_fkey;
ALTER TABLE status_changes
    DROP CONSTRAINT IF EXISTS status_changes_seq_fkey,
    DROP CONSTRAINT IF EXISTS status_changes_lot_id_fkey;
ALTER TABLE transits
    DROP CONSTRAINT IF EXISTS transits_seq_fkey,
    DROP CONSTRAINT IF EXISTS transits_arrived_seq_fkey,
    DROP CONSTRAINT IF EXISTS transits_to_id_fkey;
ALTER TABLE error_declarations
    DROP CONSTRAINT IF EXISTS error_declarations_seq_fkey;
ALTER TABLE epcis_events
    DROP CONSTRAINT IF EXISTS epcis_events_seq_fkey;
ALTER TABLE epcis_refs
    DROP CONSTRAINT IF EXISTS epcis_refs_seq_fkey;

ALTER TABLE epcis_refs DROP CONSTRAINT epcis_refs_pkey;
DROP INDEX epcis_refs_uri;
ALTER TABLE epcis_refs ADD PRIMARY KEY (uri, role, seq);
