package baseline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The tables are Odoo's, cut to the columns traceability reads. Keys and
// indexes are added after the data is copied in, which is much faster than
// maintaining them row by row. Foreign keys are left out: they only slow the
// load and no query depends on them.
const pgTables = `
CREATE TABLE {P}stock_location (id bigint NOT NULL, name text NOT NULL, usage text NOT NULL);
CREATE TABLE {P}product_product (id bigint NOT NULL);
CREATE TABLE {P}stock_lot (id bigint NOT NULL, product_id bigint NOT NULL, name text NOT NULL);
CREATE TABLE {P}stock_move_line (
	id bigint NOT NULL, move_id bigint NOT NULL, product_id bigint NOT NULL, lot_id bigint,
	location_id bigint NOT NULL, location_dest_id bigint NOT NULL, date timestamp NOT NULL,
	state text NOT NULL, quantity bigint NOT NULL CHECK (quantity >= 0));
CREATE TABLE {P}stock_move_line_consume_rel (consume_line_id bigint NOT NULL, produce_line_id bigint NOT NULL);
CREATE TABLE {P}stock_move_move_rel (move_orig_id bigint NOT NULL, move_dest_id bigint NOT NULL);
CREATE TABLE {P}stock_quant (product_id bigint NOT NULL, lot_id bigint, location_id bigint NOT NULL, quantity bigint NOT NULL);
`

// pgKeys are the primary and unique keys every schema has (Odoo's, including
// the composite keys Odoo gives its many2many tables).
var pgKeys = []string{
	`ALTER TABLE {P}stock_location ADD PRIMARY KEY (id)`,
	`ALTER TABLE {P}product_product ADD PRIMARY KEY (id)`,
	`ALTER TABLE {P}stock_lot ADD PRIMARY KEY (id)`,
	`CREATE UNIQUE INDEX ON {P}stock_lot (name)`,
	`ALTER TABLE {P}stock_move_line ADD PRIMARY KEY (id)`,
	`ALTER TABLE {P}stock_move_line_consume_rel ADD PRIMARY KEY (consume_line_id, produce_line_id)`,
	`ALTER TABLE {P}stock_move_move_rel ADD PRIMARY KEY (move_orig_id, move_dest_id)`,
}

// quantSQL fills stock_quant, the on-hand projection every ERP maintains
// (Odoo keeps quants for internal and transit locations), from the done move
// lines. It is the same SQL on PostgreSQL and SQLite.
const quantSQL = `
INSERT INTO {P}stock_quant (product_id, lot_id, location_id, quantity)
SELECT f.product_id, f.lot_id, f.location_id, SUM(f.qty)
FROM (
	SELECT product_id, lot_id, location_dest_id AS location_id, quantity AS qty
	FROM {P}stock_move_line WHERE state = 'done'
	UNION ALL
	SELECT product_id, lot_id, location_id, -quantity
	FROM {P}stock_move_line WHERE state = 'done'
) f
WHERE f.location_id IN (SELECT id FROM {P}stock_location WHERE usage IN ('internal', 'transit'))
GROUP BY f.product_id, f.lot_id, f.location_id
HAVING SUM(f.qty) <> 0`

// pgLoad drops and recreates schema, copies d into it with COPY, then adds
// the keys, the given indexes, the stock_quant projection, and planner
// statistics. Statements spell the schema-qualified prefix of a table {P}.
func pgLoad(ctx context.Context, db *sql.DB, schema string, d *Dataset, indexes []string) error {
	if schema == "" {
		return fmt.Errorf("load: empty schema name")
	}
	s := pgx.Identifier{schema}.Sanitize()
	qualify := strings.NewReplacer("{P}", s+".", "{S}", s)
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	defer conn.Close()
	exec := func(stmt string) error {
		if _, err := conn.ExecContext(ctx, qualify.Replace(stmt)); err != nil {
			return fmt.Errorf("load: %w", err)
		}
		return nil
	}
	// A generous maintenance_work_mem lets the index builds sort in memory.
	for _, stmt := range []string{
		`DROP SCHEMA IF EXISTS {S} CASCADE`, `CREATE SCHEMA {S}`, pgTables,
		`SET maintenance_work_mem = '1GB'`,
	} {
		if err := exec(stmt); err != nil {
			return err
		}
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `RESET maintenance_work_mem`)
	if err := pgCopyDataset(ctx, conn, schema, d); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	ddl := append(append(append([]string{}, pgKeys...), indexes...), quantSQL,
		`CREATE INDEX ON {P}stock_quant (lot_id)`)
	// VACUUM sets the visibility map, without which index-only scans still
	// visit the heap, and ANALYZE gives the planner its statistics; after a
	// bulk load autovacuum would get to both, in its own time.
	for _, t := range []string{"stock_location", "stock_lot", "stock_move_line",
		"stock_move_line_consume_rel", "stock_move_move_rel", "stock_quant"} {
		ddl = append(ddl, `VACUUM (ANALYZE) {P}`+t)
	}
	for _, stmt := range ddl {
		if err := exec(stmt); err != nil {
			return err
		}
	}
	return nil
}

// pgCopyDataset streams every table of d into schema with COPY.
func pgCopyDataset(ctx context.Context, conn *sql.Conn, schema string, d *Dataset) error {
	copies := d.tables(func(t time.Time) any { return t.UTC() })
	return conn.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy: the database must be opened with the pgx driver, got %T", driverConn)
		}
		c := sc.Conn()
		for _, cp := range copies {
			// COPY encodes each row before asking for the next, so one
			// buffer serves every row.
			buf := make([]any, len(cp.cols))
			src := pgx.CopyFromSlice(cp.n, func(i int) ([]any, error) {
				cp.row(i, buf)
				return buf, nil
			})
			if _, err := c.CopyFrom(ctx, pgx.Identifier{schema, cp.table}, cp.cols, src); err != nil {
				return fmt.Errorf("copy %s: %w", cp.table, err)
			}
		}
		return nil
	})
}
