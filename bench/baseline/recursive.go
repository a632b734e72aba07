package baseline

import (
	"context"
	"database/sql"
	"strings"
)

// B2 and B3 answer each question with one statement: a WITH RECURSIVE
// closure over the consume/produce join table joined twice to the done move
// lines on lot_id (UNION drops the lots already reached, so loops end), then
// the joins of the closure to what the question asks for. The joins are
// spelled CROSS JOIN with their conditions in WHERE, which PostgreSQL plans
// like any inner join and SQLite takes as the order to loop in: from the
// closure outwards. Left to itself SQLite scans every move line and probes
// the closure instead. Every statement returns rows of
// (kind, lot id, a, b, qty):
//
//	lot       id, name
//	supplier  supplier location name, lot name
//	customer  customer location name, net quantity
//	stock     lot name, internal location name, quantity on hand
const (
	closureDown = `closure(lot_id) AS (
	SELECT id FROM {P}stock_lot WHERE id {LOTS}
  UNION
	SELECT f.lot_id
	FROM closure c
	CROSS JOIN {P}stock_move_line comp
	CROSS JOIN {P}stock_move_line_consume_rel r
	CROSS JOIN {P}stock_move_line f
	WHERE comp.lot_id = c.lot_id AND comp.state = 'done'
	  AND r.produce_line_id = comp.id
	  AND f.id = r.consume_line_id AND f.state = 'done'
)`
	closureUp = `closure(lot_id) AS (
	SELECT id FROM {P}stock_lot WHERE id {LOTS}
  UNION
	SELECT comp.lot_id
	FROM closure c
	CROSS JOIN {P}stock_move_line f
	CROSS JOIN {P}stock_move_line_consume_rel r
	CROSS JOIN {P}stock_move_line comp
	WHERE f.lot_id = c.lot_id AND f.state = 'done'
	  AND r.consume_line_id = f.id
	  AND comp.id = r.produce_line_id AND comp.state = 'done'
)`
	// shipped is every done line of a reached lot into (+) or out of (−) a
	// customer location.
	shippedCTE = `shipped(location_id, name, qty) AS (
	SELECT loc.id, loc.name, ml.quantity
	FROM closure c
	CROSS JOIN {P}stock_move_line ml
	CROSS JOIN {P}stock_location loc
	WHERE ml.lot_id = c.lot_id AND ml.state = 'done'
	  AND loc.id = ml.location_dest_id AND loc.usage = 'customer'
  UNION ALL
	SELECT loc.id, loc.name, -ml.quantity
	FROM closure c
	CROSS JOIN {P}stock_move_line ml
	CROSS JOIN {P}stock_location loc
	WHERE ml.lot_id = c.lot_id AND ml.state = 'done'
	  AND loc.id = ml.location_id AND loc.usage = 'customer'
)`
	selectLots = `SELECT 'lot', l.id, l.name, '', CAST(0 AS BIGINT)
FROM closure c CROSS JOIN {P}stock_lot l
WHERE l.id = c.lot_id`
	selectSuppliers = `SELECT DISTINCT 'supplier', CAST(0 AS BIGINT), loc.name, l.name, CAST(0 AS BIGINT)
FROM closure c
CROSS JOIN {P}stock_move_line ml
CROSS JOIN {P}stock_location loc
CROSS JOIN {P}stock_lot l
WHERE ml.lot_id = c.lot_id AND ml.state = 'done'
  AND loc.id = ml.location_id AND loc.usage = 'supplier'
  AND l.id = c.lot_id`
	selectCustomers = `SELECT 'customer', CAST(0 AS BIGINT), name, '', CAST(SUM(qty) AS BIGINT)
FROM shipped GROUP BY location_id, name`
	selectStock = `SELECT 'stock', CAST(0 AS BIGINT), l.name, loc.name, q.quantity
FROM closure c
CROSS JOIN {P}stock_quant q
CROSS JOIN {P}stock_location loc
CROSS JOIN {P}stock_lot l
WHERE q.lot_id = c.lot_id AND q.quantity > 0
  AND loc.id = q.location_id AND loc.usage = 'internal'
  AND l.id = c.lot_id`
)

// recursiveSQL spells the statement for q. prefix qualifies the tables
// (`"schema".` or nothing); lots is the seed condition, "= ANY($1)" on
// PostgreSQL and "IN (?, ...)" on SQLite.
func recursiveSQL(q question, prefix, lots string) string {
	var s string
	switch q {
	case backward:
		s = "WITH RECURSIVE " + closureUp + "\n" + selectLots + "\nUNION ALL\n" + selectSuppliers
	case forward:
		s = "WITH RECURSIVE " + closureDown + ",\n" + shippedCTE + "\n" + selectLots + "\nUNION ALL\n" + selectCustomers
	case recall:
		s = "WITH RECURSIVE " + closureDown + ",\n" + shippedCTE + "\n" + selectLots + "\nUNION ALL\n" + selectCustomers +
			"\nUNION ALL\n" + selectStock
	}
	return strings.NewReplacer("{P}", prefix, "{LOTS}", lots).Replace(s)
}

// recursiveIndexes are the indexes B2 and B3 add to the keys: with the
// join table's key (consume_line_id, produce_line_id) they index it both
// ways, and they index move lines on (lot_id, state).
var recursiveIndexes = []string{
	`CREATE INDEX produce_consume ON {P}stock_move_line_consume_rel (produce_line_id, consume_line_id)`,
	`CREATE INDEX line_lot_state ON {P}stock_move_line (lot_id, state)`,
}

// scanRecursive reads the rows of a recursive statement into an Answer, and
// reports the first seed the closure lacks, which only an unknown lot can.
func scanRecursive(rows *sql.Rows, q question, seeds []int64) (*Answer, error) {
	defer rows.Close()
	a := newAnswer(q)
	reached := make(map[int64]bool)
	for rows.Next() {
		var kind, x, y string
		var id, qty int64
		if err := rows.Scan(&kind, &id, &x, &y, &qty); err != nil {
			return nil, err
		}
		switch kind {
		case "lot":
			reached[id] = true
			a.lots = append(a.lots, x)
		case "supplier":
			a.suppliers = append(a.suppliers, supplierKey(x, y))
		case "customer":
			a.customers[x] += qty
		case "stock":
			a.stock[stockKey(x, y)] += qty
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, s := range seeds {
		if !reached[s] {
			return nil, errUnknownLot(s)
		}
	}
	a.roundTrips = 1
	return a.finish(), nil
}

// questions implements Backward, Forward and RecallScope over one function
// that answers a question with a single recursive statement (B2 and B3).
type questions struct {
	ask func(ctx context.Context, q question, seeds []int64) (*Answer, error)
}

// Backward implements System.
func (qs questions) Backward(ctx context.Context, lot int64) (*Answer, error) {
	return qs.ask(ctx, backward, []int64{lot})
}

// Forward implements System.
func (qs questions) Forward(ctx context.Context, lot int64) (*Answer, error) {
	return qs.ask(ctx, forward, []int64{lot})
}

// RecallScope implements System.
func (qs questions) RecallScope(ctx context.Context, seeds []int64) (*Answer, error) {
	if len(seeds) == 0 {
		return newAnswer(recall).finish(), nil
	}
	return qs.ask(ctx, recall, uniqueIDs(seeds))
}
