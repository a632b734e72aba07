package baseline

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// odooWalk is B1; NewOdooWalk says how it walks.
type odooWalk struct {
	db     *sql.DB
	schema string
	tuned  bool
	locs   map[int64]Location // Odoo keeps locations in its record cache
	st     odooStmts
}

var _ System = (*odooWalk)(nil)

// odooStmts are the prepared statements of one loaded schema.
type odooStmts struct {
	lotLines, components, outputs, hopUp, hopDown, lotNames, stock *sql.Stmt
}

// NewOdooWalk returns B1 on db (opened with the "pgx" driver) in schema, with
// Odoo's stock indexes only or, when tuned, also (lot_id, state) and
// (product_id, lot_id, location_dest_id, date) on the move lines.
//
// B1 is Odoo's traceability report (stock.traceability.report with mrp's
// consume/produce links), walked in application code with one small query
// per hop. It models a user who unfolds every row of the report and opens
// the report of every lot it reaches, so that its lot set is the full
// closure the other baselines compute. Opening a lot lists all its done
// lines; unfolding a row shows its consume/produce links or, where it has
// none, the rows one hop away within its lot (make-to-order origins, else
// who put this lot into the location the row took it from, earlier); and, as
// Odoo's _lines does, every row shown as a child first runs the "can this
// row be unfolded" check: its links or, failing those, a full within-lot
// walk. Each row is shown and unfolded once per trace, and a row's links and
// first hop are remembered within the trace (Odoo's record cache); nothing
// else is shared. Forward is the mirror walk: who took this lot out of the
// location the row put it in, later; make-to-order destinations; and the
// finished lines whose components are the row.
//
// Every query counts as a round trip. Lots used in many productions make the
// walk long, as in Odoo (odoo/odoo PR #107677); give the context a deadline.
func NewOdooWalk(db *sql.DB, schema string, tuned bool) System {
	return &odooWalk{db: db, schema: schema, tuned: tuned}
}

// Name implements System.
func (w *odooWalk) Name() string {
	if w.tuned {
		return "B1 odoo-walk tuned"
	}
	return "B1 odoo-walk"
}

// odooIndexes are the indexes Odoo's stock and mrp modules create on these
// tables: product_id and move_id on move lines (picking_id and company_id
// have no column here) and the reverse index of each many2many table. Odoo
// does not index the move lines' lot_id, location_id, location_dest_id or date.
var odooIndexes = []string{
	`CREATE INDEX ON {P}stock_move_line (product_id)`,
	`CREATE INDEX ON {P}stock_move_line (move_id)`,
	`CREATE INDEX ON {P}stock_move_line_consume_rel (produce_line_id, consume_line_id)`,
	`CREATE INDEX ON {P}stock_move_move_rel (move_dest_id, move_orig_id)`,
}

// tunedIndexes are what a DBA would add for the report's queries.
var tunedIndexes = []string{
	`CREATE INDEX ON {P}stock_move_line (lot_id, state)`,
	`CREATE INDEX ON {P}stock_move_line (product_id, lot_id, location_dest_id, date)`,
}

// Load implements System.
func (w *odooWalk) Load(ctx context.Context, d *Dataset) error {
	w.closeStmts()
	indexes := odooIndexes
	if w.tuned {
		indexes = append(append([]string{}, odooIndexes...), tunedIndexes...)
	}
	if err := pgLoad(ctx, w.db, w.schema, d, indexes); err != nil {
		return fmt.Errorf("%s: %w", w.Name(), err)
	}
	w.locs = make(map[int64]Location, len(d.Locations))
	for _, l := range d.Locations {
		w.locs[l.ID] = l
	}
	return w.prepare(ctx)
}

const odooLineCols = `ml.id, ml.move_id, ml.product_id, ml.lot_id, ml.location_id, ml.location_dest_id, ml.date, ml.quantity`

// The report's queries. hopUp is one step of Odoo's _get_move_lines: the
// lines of the move's make-to-order origins with the same lot when the move
// has origins, else ($7: the row's source location is internal or transit)
// the lines of the same product and lot that came into the row's source
// location no later than the row. The two branches are one query so that a
// hop is one round trip, as an ORM with prefetching would make it.
var odooQueries = map[string]string{
	"lotLines": `SELECT ` + odooLineCols + ` FROM {P}stock_move_line ml
		WHERE ml.lot_id = $1 AND ml.state = 'done' ORDER BY ml.id`,
	"components": `SELECT ` + odooLineCols + ` FROM {P}stock_move_line_consume_rel r
		JOIN {P}stock_move_line ml ON ml.id = r.produce_line_id
		WHERE r.consume_line_id = $1 AND ml.state = 'done' ORDER BY ml.id`,
	"outputs": `SELECT ` + odooLineCols + ` FROM {P}stock_move_line_consume_rel r
		JOIN {P}stock_move_line ml ON ml.id = r.consume_line_id
		WHERE r.produce_line_id = $1 AND ml.state = 'done' ORDER BY ml.id`,
	"hopUp": `SELECT ` + odooLineCols + ` FROM {P}stock_move_line ml
		WHERE ml.move_id IN (SELECT move_orig_id FROM {P}stock_move_move_rel WHERE move_dest_id = $1)
		  AND ml.lot_id = $2 AND ml.state = 'done' AND NOT (ml.id = ANY($6))
		UNION ALL
		SELECT ` + odooLineCols + ` FROM {P}stock_move_line ml
		WHERE $7::boolean AND NOT EXISTS (SELECT 1 FROM {P}stock_move_move_rel WHERE move_dest_id = $1)
		  AND ml.product_id = $3 AND ml.lot_id = $2 AND ml.location_dest_id = $4 AND ml.date <= $5
		  AND ml.state = 'done' AND NOT (ml.id = ANY($6))
		ORDER BY id`,
	"hopDown": `SELECT ` + odooLineCols + ` FROM {P}stock_move_line ml
		WHERE ml.move_id IN (SELECT move_dest_id FROM {P}stock_move_move_rel WHERE move_orig_id = $1)
		  AND ml.lot_id = $2 AND ml.state = 'done' AND NOT (ml.id = ANY($6))
		UNION ALL
		SELECT ` + odooLineCols + ` FROM {P}stock_move_line ml
		WHERE $7::boolean AND NOT EXISTS (SELECT 1 FROM {P}stock_move_move_rel WHERE move_orig_id = $1)
		  AND ml.product_id = $3 AND ml.lot_id = $2 AND ml.location_id = $4 AND ml.date >= $5
		  AND ml.state = 'done' AND NOT (ml.id = ANY($6))
		ORDER BY id`,
	"lotNames": `SELECT id, name FROM {P}stock_lot WHERE id = ANY($1)`,
	"stock": `SELECT l.name, loc.name, q.quantity FROM {P}stock_quant q
		JOIN {P}stock_lot l ON l.id = q.lot_id
		JOIN {P}stock_location loc ON loc.id = q.location_id
		WHERE q.lot_id = ANY($1) AND loc.usage = 'internal' AND q.quantity > 0`,
}

func (w *odooWalk) prepare(ctx context.Context) error {
	qualify := strings.NewReplacer("{P}", pgx.Identifier{w.schema}.Sanitize()+".")
	for name, dst := range map[string]**sql.Stmt{
		"lotLines": &w.st.lotLines, "components": &w.st.components, "outputs": &w.st.outputs,
		"hopUp": &w.st.hopUp, "hopDown": &w.st.hopDown, "lotNames": &w.st.lotNames, "stock": &w.st.stock,
	} {
		stmt, err := w.db.PrepareContext(ctx, qualify.Replace(odooQueries[name]))
		if err != nil {
			w.closeStmts()
			return fmt.Errorf("%s: prepare %s: %w", w.Name(), name, err)
		}
		*dst = stmt
	}
	return nil
}

func (w *odooWalk) closeStmts() {
	for _, s := range []**sql.Stmt{&w.st.lotLines, &w.st.components, &w.st.outputs, &w.st.hopUp,
		&w.st.hopDown, &w.st.lotNames, &w.st.stock} {
		if *s != nil {
			(*s).Close()
			*s = nil
		}
	}
}

// Close implements System; the caller's *sql.DB stays open.
func (w *odooWalk) Close() error {
	w.closeStmts()
	return nil
}

// Backward implements System.
func (w *odooWalk) Backward(ctx context.Context, lot int64) (*Answer, error) {
	return w.trace(ctx, backward, []int64{lot})
}

// Forward implements System.
func (w *odooWalk) Forward(ctx context.Context, lot int64) (*Answer, error) {
	return w.trace(ctx, forward, []int64{lot})
}

// RecallScope implements System.
func (w *odooWalk) RecallScope(ctx context.Context, seeds []int64) (*Answer, error) {
	if len(seeds) == 0 {
		return newAnswer(recall).finish(), nil
	}
	return w.trace(ctx, recall, uniqueIDs(seeds))
}

func (w *odooWalk) trace(ctx context.Context, q question, roots []int64) (*Answer, error) {
	if w.st.lotLines == nil {
		return nil, fmt.Errorf("%s: not loaded", w.Name())
	}
	t := &odooTrace{
		w: w, up: q == backward, lotSeen: map[int64]bool{}, shown: map[int64]moveLine{},
		links: map[int64][]moveLine{}, firstHop: map[int64][]moveLine{},
	}
	if err := t.run(ctx, roots); err != nil {
		return nil, fmt.Errorf("%s: %w", w.Name(), err)
	}
	a, err := t.answer(ctx, q, roots)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", w.Name(), err)
	}
	return a, nil
}

// moveLine is a stock_move_line row as the walk reads it.
type moveLine struct {
	id, move, product, lot, from, to int64
	date                             time.Time
	qty                              int64
}
