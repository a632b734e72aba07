-- The scope summary (store/scope.go) as it stood at one ledger sequence
-- number, so that a process starting on a large ledger reloads it and
-- catches up from there rather than rebuilding it from every lot, stock row
-- and delivery. It is a cache: parts of one encoding, in order, tied to the
-- ledger by the hash of the event at seq. Deleting it costs only the
-- rebuild; Rebuild deletes it.
CREATE TABLE scope_snapshot (
    part INTEGER PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT   NOT NULL,
    data {{blob}} NOT NULL
);
