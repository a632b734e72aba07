package baseline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// sqliteTables are B2's tables on SQLite. Ids are INTEGER PRIMARY KEYs (the
// rowid), so an index on (lot_id, state) also covers the line's id.
const sqliteTables = `
CREATE TABLE stock_location (id INTEGER PRIMARY KEY, name TEXT NOT NULL, usage TEXT NOT NULL);
CREATE TABLE product_product (id INTEGER PRIMARY KEY);
CREATE TABLE stock_lot (id INTEGER PRIMARY KEY, product_id INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE stock_move_line (
	id INTEGER PRIMARY KEY, move_id INTEGER NOT NULL, product_id INTEGER NOT NULL, lot_id INTEGER,
	location_id INTEGER NOT NULL, location_dest_id INTEGER NOT NULL, date INTEGER NOT NULL, -- µs since 1970, UTC
	state TEXT NOT NULL, quantity INTEGER NOT NULL CHECK (quantity >= 0));
CREATE TABLE stock_move_line_consume_rel (consume_line_id INTEGER NOT NULL, produce_line_id INTEGER NOT NULL);
CREATE TABLE stock_move_move_rel (move_orig_id INTEGER NOT NULL, move_dest_id INTEGER NOT NULL);
CREATE TABLE stock_quant (product_id INTEGER NOT NULL, lot_id INTEGER, location_id INTEGER NOT NULL, quantity INTEGER NOT NULL);
`

// sqliteKeys are the unique keys PostgreSQL's schema has, built after the load.
var sqliteKeys = []string{
	`CREATE UNIQUE INDEX stock_lot_name ON stock_lot (name)`,
	`CREATE UNIQUE INDEX consume_produce ON stock_move_line_consume_rel (consume_line_id, produce_line_id)`,
	`CREATE UNIQUE INDEX move_orig_dest ON stock_move_move_rel (move_orig_id, move_dest_id)`,
}

// sqliteBatch rows go into one INSERT. Parameters are "?": modernc's SQLite
// binds numbered names ($N) in time quadratic in their count.
const sqliteBatch = 500

// sqliteLoad loads d into an empty database in one transaction, then builds
// the keys, indexes and quants, gathers planner statistics and checkpoints
// the WAL so that reads start from the main file.
func sqliteLoad(ctx context.Context, db *sql.DB, d *Dataset) error {
	if _, err := db.ExecContext(ctx, sqliteTables); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := sqliteInsertDataset(ctx, tx, d); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	ddl := append(append(append([]string{}, sqliteKeys...), recursiveIndexes...), quantSQL,
		`CREATE INDEX stock_quant_lot ON stock_quant (lot_id)`,
		`PRAGMA analysis_limit = 1000`, `ANALYZE`, `PRAGMA wal_checkpoint(TRUNCATE)`)
	unqualified := strings.NewReplacer("{P}", "")
	for _, stmt := range ddl {
		if _, err := db.ExecContext(ctx, unqualified.Replace(stmt)); err != nil {
			return fmt.Errorf("%.40s: %w", stmt, err)
		}
	}
	return nil
}

func sqliteInsertDataset(ctx context.Context, tx *sql.Tx, d *Dataset) error {
	inserts := d.tables(func(t time.Time) any { return t.UnixMicro() })
	for _, in := range inserts {
		if err := sqliteInsert(ctx, tx, in.table, in.cols, in.n, in.row); err != nil {
			return fmt.Errorf("insert %s: %w", in.table, err)
		}
	}
	return nil
}

// sqliteInsert inserts n rows, sqliteBatch to a statement; row fills one
// row's values into dst.
func sqliteInsert(ctx context.Context, tx *sql.Tx, table string, cols []string, n int, row func(i int, dst []any)) error {
	nc := len(cols)
	args := make([]any, sqliteBatch*nc)
	fill := func(from, count int) []any {
		for j := range count {
			row(from+j, args[j*nc:(j+1)*nc])
		}
		return args[:count*nc]
	}
	i := 0
	if n >= sqliteBatch {
		stmt, err := tx.PrepareContext(ctx, insertSQL(table, cols, sqliteBatch))
		if err != nil {
			return err
		}
		defer stmt.Close()
		for ; i+sqliteBatch <= n; i += sqliteBatch {
			if _, err := stmt.ExecContext(ctx, fill(i, sqliteBatch)...); err != nil {
				return err
			}
		}
	}
	if rest := n - i; rest > 0 {
		if _, err := tx.ExecContext(ctx, insertSQL(table, cols, rest), fill(i, rest)...); err != nil {
			return err
		}
	}
	return nil
}

// insertSQL spells a multi-row INSERT of rows rows.
func insertSQL(table string, cols []string, rows int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	return "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}
