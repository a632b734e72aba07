-- Master data that captured documents carry in their header
-- (epcisHeader.epcisMasterData.vocabularyList): what a partner says about
-- the locations, product classes, business steps, ... its events name. The
-- query parameters EQ_ATTR_, HASATTR_ and WD_ read it (epcismaster.go).
--
-- Not a projection of the ledger: events do not hold it, so Rebuild keeps
-- it. An element is kept by its identifier in the spelling the EPCIS index
-- uses (epcis.ElementID). The latest document that lists an element
-- replaces its attributes and children; capture_id names that document's
-- capture job.

CREATE TABLE epcis_master_elements (
    element    TEXT NOT NULL PRIMARY KEY,
    vocabulary TEXT NOT NULL, -- the vocabulary's type, as written
    written    TEXT NOT NULL, -- the identifier as written
    capture_id TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE epcis_master_attributes (
    element   TEXT    NOT NULL REFERENCES epcis_master_elements (element) ON DELETE CASCADE,
    n         INTEGER NOT NULL, -- the attribute's place in the element's list
    attribute TEXT    NOT NULL, -- its name as an IRI (cbvmda:name: urn:epcglobal:cbv:mda:name)
    alias     TEXT    NOT NULL, -- its name as written, where only the document's context expands it, else ''
    value     TEXT    NOT NULL, -- JSON, as written
    value_key TEXT    NOT NULL, -- s:text or n:number, '' for an object (epcis.AttributeKeys)
    PRIMARY KEY (element, n)
) {{without_rowid}};
CREATE INDEX epcis_master_attributes_key ON epcis_master_attributes (attribute, value_key, element);
CREATE INDEX epcis_master_attributes_alias ON epcis_master_attributes (alias, value_key, element) WHERE alias <> '';

CREATE TABLE epcis_master_children (
    element TEXT NOT NULL REFERENCES epcis_master_elements (element) ON DELETE CASCADE,
    child   TEXT NOT NULL,
    PRIMARY KEY (element, child)
) {{without_rowid}};
