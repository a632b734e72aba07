package baseline

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// recursivePG is B2: each question is one WITH RECURSIVE statement on
// PostgreSQL, as the OCA traceability add-on asks it.
type recursivePG struct {
	questions
	db     *sql.DB
	schema string
	stmts  [3]*sql.Stmt // by question
}

var _ System = (*recursivePG)(nil)

// NewRecursivePG returns B2 on db (opened with the "pgx" driver) in schema.
func NewRecursivePG(db *sql.DB, schema string) System {
	r := &recursivePG{db: db, schema: schema}
	r.questions = questions{r.ask}
	return r
}

// Name implements System.
func (r *recursivePG) Name() string { return "B2 recursive pg" }

// Load implements System.
func (r *recursivePG) Load(ctx context.Context, d *Dataset) error {
	r.closeStmts()
	if err := pgLoad(ctx, r.db, r.schema, d, recursiveIndexes); err != nil {
		return fmt.Errorf("%s: %w", r.Name(), err)
	}
	prefix := pgx.Identifier{r.schema}.Sanitize() + "."
	for _, q := range []question{backward, forward, recall} {
		stmt, err := r.db.PrepareContext(ctx, recursiveSQL(q, prefix, "= ANY($1)"))
		if err != nil {
			r.closeStmts()
			return fmt.Errorf("%s: prepare: %w", r.Name(), err)
		}
		r.stmts[q] = stmt
	}
	return nil
}

func (r *recursivePG) closeStmts() {
	for i, s := range r.stmts {
		if s != nil {
			s.Close()
			r.stmts[i] = nil
		}
	}
}

// Close implements System; the caller's *sql.DB stays open.
func (r *recursivePG) Close() error {
	r.closeStmts()
	return nil
}

func (r *recursivePG) ask(ctx context.Context, q question, seeds []int64) (*Answer, error) {
	stmt := r.stmts[q]
	if stmt == nil {
		return nil, fmt.Errorf("%s: not loaded", r.Name())
	}
	rows, err := stmt.QueryContext(ctx, seeds)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.Name(), err)
	}
	a, err := scanRecursive(rows, q, seeds)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", r.Name(), err)
	}
	return a, nil
}
