package store

import (
	"database/sql"
	"fmt"
	"strconv"

	"lotledger"
)

// Page tokens are offsets written as text. They are opaque to clients so
// that a later version can switch to keyset tokens without breaking them.

func pageBounds(p lotledger.PageRequest) (limit, offset int, err error) {
	limit = p.Limit
	switch {
	case limit == 0:
		limit = lotledger.DefaultPageLimit
	case limit < 0:
		return 0, 0, lotledger.Errorf(lotledger.EINVALID, "limit", "limit must be positive")
	case limit > lotledger.MaxPageLimit:
		limit = lotledger.MaxPageLimit
	}
	if p.Token != "" {
		offset, err = strconv.Atoi(p.Token)
		if err != nil || offset < 0 {
			return 0, 0, lotledger.Errorf(lotledger.EINVALID, "page_token", "page_token %q is not a token this server issued", p.Token)
		}
	}
	return limit, offset, nil
}

// collect scans up to limit rows (the query asked for limit+1 to learn
// whether another page follows).
func collect[T any](rows *sql.Rows, limit, offset int, scan func(*sql.Rows) (T, error)) (*lotledger.Page[T], error) {
	defer rows.Close()
	page := &lotledger.Page[T]{Items: []T{}}
	for rows.Next() {
		if len(page.Items) == limit {
			page.Next = strconv.Itoa(offset + limit)
			break
		}
		v, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan: %w", err)
		}
		page.Items = append(page.Items, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	return page, nil
}
