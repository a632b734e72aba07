package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"sync"
)

// Queries over a set of lot ids take the whole set as one parameter — a
// JSON array that SQLite's json_each reads, a bigint[] on PostgreSQL — so
// that their text does not change with the set's size and each is prepared
// once per connection rather than parsed and planned at every trace.

// idIn returns the condition that col is one of the ids of the list
// parameter $1. On PostgreSQL it is = ANY, whose generic plan (used once a
// statement has run a few times) still drives the query from col's index,
// where IN (SELECT unnest(...)) came out as hash joins over whole tables.
func (s *Store) idIn(col string) string {
	if s.postgres {
		return col + ` = ANY($1::bigint[])`
	}
	return col + ` IN (SELECT value FROM json_each($1))`
}

// idList returns ids as the arguments of a query using idSet.
func (s *Store) idList(ids []int64) []any {
	if s.postgres {
		return []any{ids}
	}
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return []any{string(append(b, ']'))}
}

// textIn returns the condition that col is one of the strings of the list
// parameter ph (textList): a list of any length in one parameter, where a
// parameter each would pass the databases' limits (32,766 on SQLite).
func (s *Store) textIn(col, ph string) string {
	if s.postgres {
		return col + ` = ANY(` + ph + `::text[])`
	}
	return col + ` IN (SELECT value FROM json_each(` + ph + `))`
}

// textList returns vs as the argument of textIn's parameter.
func (s *Store) textList(vs []string) any {
	if s.postgres {
		return vs
	}
	b, _ := json.Marshal(vs) // strings always marshal
	return string(b)
}

// stmtCache holds statements prepared on one pool, by their text. Each
// connection of the pool prepares a statement the first time it runs it and
// keeps it. Parsing a statement costs SQLite more than running a short one.
type stmtCache struct {
	mu        sync.Mutex
	m         map[string]*sql.Stmt
	preparing map[string]bool // being prepared in the background
}

// maxStmts bounds a cache; statements past it are prepared as before, per
// use or per transaction.
const maxStmts = 1000

// get returns the statement for query prepared on db, or nil when the cache
// is full. It prepares without holding the cache's lock: preparing waits
// for a free connection, and the goroutines holding the connections may be
// waiting for the cache.
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	st, full := c.m[query], len(c.m) >= maxStmts
	c.mu.Unlock()
	if st != nil || full {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had := c.m[query]; had != nil { // prepared meanwhile by another
		st.Close()
		return had, nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

// peek returns the statement for query if the cache holds it.
func (c *stmtCache) peek(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// prepared returns the read statement for query, or nil when it is not
// prepared yet: the caller then runs the query unprepared in its
// transaction, and the statement is prepared in the background for the next
// use. (Preparing on the pool waits for a free connection, and a reader
// asking holds one: eight readers asking at once would wait for each other.)
func (s *Store) prepared(query string) *sql.Stmt {
	c := &s.readStmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if st := c.m[query]; st != nil || c.preparing[query] || len(c.m)+len(c.preparing) >= maxStmts {
		return st
	}
	if c.preparing == nil {
		c.preparing = map[string]bool{}
	}
	c.preparing[query] = true
	go func() {
		// get keeps the statement; one that fails to prepare keeps running
		// unprepared, and its error is the query's to report.
		c.get(context.Background(), s.rdb, query)
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.preparing, query)
	}()
	return nil
}

// stmtTx runs queries in a read transaction through prepared statements.
type stmtTx struct {
	s  *Store
	tx *sql.Tx
}

func (q *stmtTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := q.s.prepared(query); st != nil {
		return q.tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return q.tx.QueryContext(ctx, query, args...)
}

func (q *stmtTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := q.s.prepared(query); st != nil {
		return q.tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return q.tx.QueryRowContext(ctx, query, args...)
}

func (q *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return q.tx.ExecContext(ctx, query, args...)
}
