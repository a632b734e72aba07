-- Every event's id, as a 64-bit key (eventkeys.go: the first 8 bytes of
-- the id's SHA-256), in two levels. A new event's key goes into
-- event_keys_recent, which stays small, so the pages a commit changes there
-- are few and hot. When it holds enough keys, the writer moves them all
-- into event_keys in key order, in one transaction: a sorted merge touches
-- each page of event_keys at most once for tens of thousands of events. A
-- lookup by id reads both levels and then checks the id itself in events.
-- The migration fills event_keys from the events already there (a hook in
-- migrate.go).

CREATE TABLE event_keys (
    key BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (key, seq)
) {{without_rowid}};

CREATE TABLE event_keys_recent (
    key BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (key, seq)
) {{without_rowid}};
