package store

import (
	"context"
	"fmt"

	"lotledger"
)

// epcisValueColumns are the fields of the ledger's events whose values the
// REST binding's resource routes list (/epcis/bizSteps, ...), by the
// binding's name, with the indexed column that holds them.
var epcisValueColumns = map[string]string{
	"bizSteps":     "biz_step",
	"dispositions": "disposition",
	"readPoints":   "read_point",
	"bizLocations": "biz_location",
}

// EPCISValues lists the values one field takes in the ledger's events
// (resource is "bizSteps", "dispositions", "readPoints" or
// "bizLocations"; or "epcs", the identifiers of the objects they name), in
// order, those after after, at most limit. next is where the list goes on
// (the after of the next call), "" at its end. Values are as the EPCIS
// index keeps them: bare CBV terms, locations' canonical identifiers. It
// jumps through the field's index one value at a time, so a field with a
// dozen values costs a dozen index seeks however many events there are.
func (s *Store) EPCISValues(ctx context.Context, resource, after string, limit int) (values []string, next string, err error) {
	if resource == "epcs" {
		return s.epcisIdentifiers(ctx, after, limit)
	}
	col, ok := epcisValueColumns[resource]
	if !ok {
		return nil, "", lotledger.Errorf(lotledger.ENOTFOUND, "resource", "no EPCIS resource %q", resource)
	}
	rows, err := s.rdb.QueryContext(ctx, `WITH RECURSIVE v(x) AS (
			SELECT (SELECT MIN(`+col+`) FROM epcis_events WHERE `+col+` > $1)
			UNION ALL
			SELECT (SELECT MIN(`+col+`) FROM epcis_events WHERE `+col+` > v.x) FROM v WHERE v.x IS NOT NULL)
		SELECT x FROM v WHERE x IS NOT NULL LIMIT $2`, after, limit+1)
	if err != nil {
		return nil, "", fmt.Errorf("list %s: %w", resource, err)
	}
	defer rows.Close()
	values = []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, "", fmt.Errorf("list %s: %w", resource, err)
		}
		values = append(values, v)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("list %s: %w", resource, err)
	}
	if len(values) > limit {
		return values[:limit], values[limit-1], nil
	}
	return values, "", nil
}

// epcRoles are the roles of epcis_refs that name objects: instances and
// classes, in every list (what MATCH_anyEPC and MATCH_anyEPCClass search).
var epcRoles = []string{"epc", "childEPC", "inputEPC", "outputEPC", "parentID", "epcClass", "childEPCClass", "inputEPCClass", "outputEPCClass"}

// maxIdentifierBatch is the most distinct identifiers epcisIdentifiers
// reads in one statement.
const maxIdentifierBatch = 256

// identifierScan is the most distinct identifiers one call of
// epcisIdentifiers reads. The index holds business transactions, parties
// and locations too, and a million events name about 900,000 of those,
// most of them after the last object in order: a page stops after this
// many and says where to go on, so that no request reads them all.
var identifierScan = 16384

// epcisIdentifiers lists the identifiers of the objects the ledger's events
// name (instances and classes, canonical), in order, those after after, at
// most limit, and where the list goes on. It jumps through the index of
// identifiers one distinct identifier at a time, a batch per statement,
// and keeps those named in an object's role; the others (business
// transactions, sources, destinations) are skipped, each with one seek. A
// page reads at most identifierScan identifiers, so it may hold fewer than
// limit, or none, and still go on.
func (s *Store) epcisIdentifiers(ctx context.Context, after string, limit int) ([]string, string, error) {
	// A page's worth at a time: most identifiers name objects.
	batch := min(limit+1, maxIdentifierBatch)
	args := []any{nil, batch}
	for _, r := range epcRoles {
		args = append(args, r)
	}
	q := `WITH RECURSIVE v(x, n) AS (
			SELECT (SELECT MIN(uri) FROM epcis_refs WHERE uri > $1), 1
			UNION ALL
			SELECT (SELECT MIN(uri) FROM epcis_refs WHERE uri > v.x), v.n + 1 FROM v WHERE v.x IS NOT NULL AND v.n < $2)
		SELECT x, EXISTS (SELECT 1 FROM epcis_refs r WHERE r.uri = v.x AND r.role IN (` + inListFrom(3, len(epcRoles)) + `))
		FROM v WHERE x IS NOT NULL`
	ids := []string{}
	for scanned := 0; ; {
		args[0] = after
		rows, err := s.rdb.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, "", fmt.Errorf("list epcs: %w", err)
		}
		seen := 0
		for rows.Next() {
			var id string
			var object bool
			if err := rows.Scan(&id, &object); err != nil {
				rows.Close()
				return nil, "", fmt.Errorf("list epcs: %w", err)
			}
			seen++
			if len(ids) == limit && object {
				// One more object: the page is full and the list goes on.
				rows.Close()
				return ids, ids[limit-1], nil
			}
			after = id
			if object {
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, "", fmt.Errorf("list epcs: %w", err)
		}
		if seen < batch {
			return ids, "", nil
		}
		if scanned += seen; scanned >= identifierScan {
			return ids, after, nil
		}
	}
}
