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
	head, err := s.ledgerHead(ctx)
	if err != nil {
		return nil, err
	}
	return s.genealogyAt(ctx, head)
}

// ledgerHead reads the sequence number of the last event committed, by any
// process. An index already at the head has nothing to catch up: one
// prepared query then stands for the catch-up queries.
func (s *Store) ledgerHead(ctx context.Context) (int64, error) {
	const query = `SELECT seq FROM ledger_head WHERE id = 1`
	st, err := s.readStmts.get(ctx, s.rdb, query) // holding no connection, it may wait for one
	if err != nil {
		return 0, fmt.Errorf("read the ledger head: %w", err)
	}
	row := s.rdb.QueryRowContext
	if st != nil {
		row = func(ctx context.Context, _ string, args ...any) *sql.Row { return st.QueryRowContext(ctx, args...) }
	}
	var head int64
	if err := row(ctx, query).Scan(&head); err != nil {
		return 0, fmt.Errorf("read the ledger head: %w", err)
	}
	return head, nil
}

// genealogyAt returns the genealogy index caught up at least to event head.
func (s *Store) genealogyAt(ctx context.Context, head int64) (*trace.Index, error) {
	s.traceMu.Lock()
	defer s.traceMu.Unlock()
	if s.index == nil {
		s.index = &trace.Index{}
	}
	if head <= s.indexHead {
		return s.index, nil
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
	// Edges committed after head was read may be in edges too; none
	// committed up to head is missing.
	s.indexHead = head
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
	var edges []edgeRow
	for start := 0; start < len(reached); start += traceChunk {
		ids := make([]int64, 0, traceChunk)
		for _, r := range reached[start:min(len(reached), start+traceChunk)] {
			ids = append(ids, int64(r.Lot))
		}
		chunk, err := s.traceChunk(ctx, &stmtTx{s: s, tx: tx}, t, ids, level, byID)
		if err != nil {
			return err
		}
		edges = append(edges, chunk...)
	}
	traceLinks(t, edges, byID)
	t.Lots = make([]lotledger.TraceLot, 0, len(reached))
	for _, r := range reached {
		if l := byID[int64(r.Lot)]; l != nil {
			t.Lots = append(t.Lots, *l)
		}
	}
	return nil
}

func inList(n int) string { return inListFrom(1, n) }

// inListFrom is n placeholders numbered from $from.
func inListFrom(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
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
