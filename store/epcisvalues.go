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
// "bizLocations"), in order, those after after, at most limit, and whether
// more follow. Values are as the EPCIS index keeps them: bare CBV terms,
// locations' canonical identifiers. It jumps through the field's index one
// value at a time, so a field with a dozen values costs a dozen index
// seeks however many events there are.
func (s *Store) EPCISValues(ctx context.Context, resource, after string, limit int) ([]string, bool, error) {
	col, ok := epcisValueColumns[resource]
	if !ok {
		return nil, false, lotledger.Errorf(lotledger.ENOTFOUND, "resource", "no EPCIS resource %q", resource)
	}
	rows, err := s.rdb.QueryContext(ctx, `WITH RECURSIVE v(x) AS (
			SELECT (SELECT MIN(`+col+`) FROM epcis_events WHERE `+col+` > $1)
			UNION ALL
			SELECT (SELECT MIN(`+col+`) FROM epcis_events WHERE `+col+` > v.x) FROM v WHERE v.x IS NOT NULL)
		SELECT x FROM v WHERE x IS NOT NULL LIMIT $2`, after, limit+1)
	if err != nil {
		return nil, false, fmt.Errorf("list %s: %w", resource, err)
	}
	defer rows.Close()
	values := []string{}
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, false, fmt.Errorf("list %s: %w", resource, err)
		}
		values = append(values, v)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("list %s: %w", resource, err)
	}
	if len(values) > limit {
		return values[:limit], true, nil
	}
	return values, false, nil
}
