package store

import (
	"context"
	"fmt"
	"strings"
)

// Optimize refreshes the query planner's statistics of the ledger's tables.
// After a bulk load (lotledger gen, a large import) PostgreSQL's statistics
// lag until autovacuum catches up, and a plan made on them can read a whole
// table where an index would read ten rows; SQLite keeps none until asked.
// It is safe to run at any time; readers and writers carry on meanwhile.
func (s *Store) Optimize(ctx context.Context) error {
	tables := append([]string{"events"}, projectionTables...)
	if s.postgres {
		if _, err := s.wdb.ExecContext(ctx, `ANALYZE `+strings.Join(tables, ", ")); err != nil {
			return fmt.Errorf("analyze: %w", err)
		}
		return nil
	}
	// A sample of each index is enough for the planner and keeps the
	// command fast on a large file.
	if _, err := s.wdb.ExecContext(ctx, `PRAGMA analysis_limit = 1000; ANALYZE`); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}
