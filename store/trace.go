package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"lotledger"
	"lotledger/trace"
)

// genealogy returns the in-memory genealogy index, first caught up with
// every production run committed since it last looked: by this process or by
// another writing to the same database, since it follows the ledger's
// sequence numbers rather than this process's own writes.
func (s *Store) genealogy(ctx context.Context) (*trace.Index, error) {
	s.traceMu.Lock()
	defer s.traceMu.Unlock()
	if s.index == nil {
		s.index = &trace.Index{}
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT seq, parent_id, child_id FROM lot_edges WHERE seq > $1 ORDER BY seq`, s.index.Seq())
	if err != nil {
		return nil, fmt.Errorf("load genealogy: %w", err)
	}
	defer rows.Close()
	var edges []trace.Edge
	for rows.Next() {
		var e trace.Edge
		var parent, child int64
		if err := rows.Scan(&e.Seq, &parent, &child); err != nil {
			return nil, fmt.Errorf("load genealogy: %w", err)
		}
		e.Parent, e.Child = uint32(parent), uint32(child)
		edges = append(edges, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load genealogy: %w", err)
	}
	s.index.Add(edges)
	return s.index, nil
}

// Trace follows a lot backward to its origins and forward to its customers
// through the genealogy index, then reads what the answer needs about the
// lots it reached, a few hundred lots per query.
func (s *Store) Trace(ctx context.Context, r lotledger.TraceRequest) (*lotledger.Trace, error) {
	dir, err := traceDirection(r.Direction)
	if err != nil {
		return nil, err
	}
	if r.Depth < 0 {
		return nil, lotledger.Errorf(lotledger.EINVALID, "depth", "depth must be 0 (all levels) or more")
	}
	var root int64
	err = s.rdb.QueryRowContext(ctx, `SELECT l.id FROM lots l JOIN items i ON i.id = l.item_id WHERE i.sku = $1 AND l.code = $2`, r.SKU, r.Lot).Scan(&root)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "lot", "item %s has no lot %s", r.SKU, r.Lot)
	}
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	idx, err := s.genealogy(ctx)
	if err != nil {
		return nil, err
	}
	reached := idx.Walk(uint32(root), dir, r.Depth)
	t := &lotledger.Trace{Root: lotledger.LotRef{SKU: r.SKU, Lot: r.Lot}, Direction: directionName(dir), Depth: r.Depth,
		Links: []lotledger.TraceLink{}, Suppliers: []lotledger.TraceSupplier{}, Shipments: []lotledger.TraceShipment{}}
	return t, s.traceDetails(ctx, t, reached)
}

func traceDirection(d string) (trace.Direction, error) {
	switch d {
	case "", "both":
		return trace.Both, nil
	case "backward":
		return trace.Backward, nil
	case "forward":
		return trace.Forward, nil
	}
	return 0, lotledger.Errorf(lotledger.EINVALID, "direction", "direction must be backward, forward or both")
}

func directionName(d trace.Direction) string {
	return map[trace.Direction]string{trace.Backward: "backward", trace.Forward: "forward", trace.Both: "both"}[d]
}

// traceChunk bounds the lot ids of one IN list.
const traceChunk = 500

// traceDetails fills t for the reached lots, chunk by chunk.
func (s *Store) traceDetails(ctx context.Context, t *lotledger.Trace, reached []trace.Reached) error {
	tx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("trace: %w", err)
	}
	defer tx.Rollback()
	level := make(map[int64]int, len(reached))
	for _, r := range reached {
		level[int64(r.Lot)] = r.Level
	}
	byID := map[int64]*lotledger.TraceLot{}
	for start := 0; start < len(reached); start += traceChunk {
		ids := make([]any, 0, traceChunk)
		for _, r := range reached[start:min(len(reached), start+traceChunk)] {
			ids = append(ids, int64(r.Lot))
		}
		if err := s.traceChunk(ctx, tx, t, ids, level, byID); err != nil {
			return err
		}
	}
	t.Lots = make([]lotledger.TraceLot, 0, len(reached))
	for _, r := range reached {
		if l := byID[int64(r.Lot)]; l != nil {
			t.Lots = append(t.Lots, *l)
		}
	}
	return nil
}

func inList(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", i+1)
	}
	return b.String()
}

func (s *Store) traceChunk(ctx context.Context, q querier, t *lotledger.Trace, ids []any, level map[int64]int, byID map[int64]*lotledger.TraceLot) error {
	in := inList(len(ids))
	steps := []func() error{
		func() error { return s.traceLots(ctx, q, in, ids, level, byID) },
		func() error { return s.traceStock(ctx, q, in, ids, byID) },
		func() error { return s.traceMade(ctx, q, in, ids, byID) },
		func() error { return s.traceLinks(ctx, q, t, in, ids, level) },
		func() error { return s.traceSuppliers(ctx, q, t, in, ids) },
		func() error { return s.traceShipments(ctx, q, t, in, ids) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("trace: %w", err)
		}
	}
	return nil
}

func (s *Store) traceLots(ctx context.Context, q querier, in string, ids []any, level map[int64]int, byID map[int64]*lotledger.TraceLot) error {
	rows, err := q.QueryContext(ctx, `SELECT `+lotColumns+`, i.uom`+lotFrom+` WHERE l.id IN (`+in+`)`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var uom string
		l, err := s.scanLot(scanWith(rows, &uom))
		if err != nil {
			return err
		}
		byID[l.ID] = &lotledger.TraceLot{Lot: l, Level: level[l.ID], UOM: uom, Stock: []lotledger.StockRow{}}
	}
	return rows.Err()
}

// scanWith lets a scanner built for n columns read n+len(extra).
type extraScanner struct {
	rows  *sql.Rows
	extra []any
}

func scanWith(rows *sql.Rows, extra ...any) extraScanner { return extraScanner{rows, extra} }

func (e extraScanner) Scan(dest ...any) error { return e.rows.Scan(append(dest, e.extra...)...) }

func (s *Store) traceStock(ctx context.Context, q querier, in string, ids []any, byID map[int64]*lotledger.TraceLot) error {
	rows, err := q.QueryContext(ctx, `SELECT st.lot_id, loc.code, st.qty FROM stock st JOIN locations loc ON loc.id = st.location_id
		WHERE st.lot_id IN (`+in+`) ORDER BY st.lot_id, loc.code`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r lotledger.StockRow
		if err := rows.Scan(&id, &r.Location, &r.Quantity); err != nil {
			return err
		}
		if l := byID[id]; l != nil {
			r.SKU, r.Lot, r.Status, r.Expires, r.UOM = l.SKU, l.Code, l.Status, l.Expires, l.UOM
			l.Stock = append(l.Stock, r)
		}
	}
	return rows.Err()
}

func (s *Store) traceMade(ctx context.Context, q querier, in string, ids []any, byID map[int64]*lotledger.TraceLot) error {
	rows, err := q.QueryContext(ctx, `SELECT m.lot_id, SUM(m.qty) FROM movements m JOIN events e ON e.seq = m.seq
		WHERE m.lot_id IN (`+in+`) AND m.qty > 0 AND e.kind IN ('receive', 'produce') GROUP BY m.lot_id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, made int64
		if err := rows.Scan(&id, &made); err != nil {
			return err
		}
		if l := byID[id]; l != nil {
			l.Made = lotledger.Quantity(made)
		}
	}
	return rows.Err()
}

// traceLinks lists the production links into the chunk's lots whose input
// was reached too.
func (s *Store) traceLinks(ctx context.Context, q querier, t *lotledger.Trace, in string, ids []any, level map[int64]int) error {
	rows, err := q.QueryContext(ctx, `SELECT e.seq, e.parent_id, pi.sku, p.code, ci.sku, c.code, e.qty, ev.event_time, ev.reference
		FROM lot_edges e JOIN lots p ON p.id = e.parent_id JOIN items pi ON pi.id = p.item_id
		JOIN lots c ON c.id = e.child_id JOIN items ci ON ci.id = c.item_id JOIN events ev ON ev.seq = e.seq
		WHERE e.child_id IN (`+in+`) ORDER BY e.seq, e.parent_id, e.child_id`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var k lotledger.TraceLink
		var parent int64
		var at string
		if err := rows.Scan(&k.Seq, &parent, &k.From.SKU, &k.From.Lot, &k.To.SKU, &k.To.Lot, &k.Quantity, &at, &k.Reference); err != nil {
			return err
		}
		if _, ok := level[parent]; ok {
			k.Time = parseTime(at)
			t.Links = append(t.Links, k)
		}
	}
	return rows.Err()
}

// traceSuppliers lists the supplier of every reached lot that was received.
func (s *Store) traceSuppliers(ctx context.Context, q querier, t *lotledger.Trace, in string, ids []any) error {
	rows, err := q.QueryContext(ctx, `SELECT p.code, p.name, COALESCE(p.gln, ''), i.sku, l.code, l.supplier_lot,
		COALESCE((SELECT SUM(m.qty) FROM movements m JOIN events e ON e.seq = m.seq WHERE m.lot_id = l.id AND m.qty > 0 AND e.kind = 'receive'), 0)
		FROM lots l JOIN items i ON i.id = l.item_id JOIN parties p ON p.id = l.origin_id
		WHERE l.id IN (`+in+`) ORDER BY p.code, i.sku, l.code`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sp lotledger.TraceSupplier
		if err := rows.Scan(&sp.Party, &sp.Name, &sp.GLN, &sp.Lot.SKU, &sp.Lot.Lot, &sp.SupplierLot, &sp.Quantity); err != nil {
			return err
		}
		t.Suppliers = append(t.Suppliers, sp)
	}
	return rows.Err()
}

// traceShipments lists every delivery of a reached lot to a customer, and
// every return from one.
func (s *Store) traceShipments(ctx context.Context, q querier, t *lotledger.Trace, in string, ids []any) error {
	rows, err := q.QueryContext(ctx, `SELECT d.seq, p.code, p.name, p.email, loc.code, i.sku, l.code, d.qty, ev.event_time, ev.reference
		FROM deliveries d JOIN parties p ON p.id = d.party_id JOIN locations loc ON loc.id = d.location_id
		JOIN lots l ON l.id = d.lot_id JOIN items i ON i.id = l.item_id JOIN events ev ON ev.seq = d.seq
		WHERE d.lot_id IN (`+in+`) ORDER BY d.seq, i.sku, l.code`, ids...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var sh lotledger.TraceShipment
		var at string
		if err := rows.Scan(&sh.Seq, &sh.Customer, &sh.Name, &sh.Email, &sh.From, &sh.Lot.SKU, &sh.Lot.Lot, &sh.Quantity, &at, &sh.Reference); err != nil {
			return err
		}
		sh.Time = parseTime(at)
		t.Shipments = append(t.Shipments, sh)
	}
	return rows.Err()
}

// LoadGenealogy builds (or catches up) the genealogy index now rather than
// at the first trace, and reports how many edges it holds; the server calls
// it at start so the first trace is as fast as any.
func (s *Store) LoadGenealogy(ctx context.Context) (int, error) {
	idx, err := s.genealogy(ctx)
	if err != nil {
		return 0, err
	}
	return idx.Edges(), nil
}
