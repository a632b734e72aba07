package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"lotledger"
)

// The details of a trace — lots, stock, links, suppliers, shipments — are
// read with single-table queries over an indexed column (lot id or event
// sequence number) and joined in Go, with names of items, parties and
// locations from the store's caches. A single-table query has one good plan
// whatever the size of the id list, so it can be prepared once (PostgreSQL
// keeps a generic plan; a six-way join's generic plan hashed whole tables),
// and SQLite does less work too.

// chunkDetail is what the queries of one chunk of reached lots found.
type chunkDetail struct {
	lots   map[int64]*lotledger.TraceLot
	origin map[int64]int64 // lot → supplier party id
	item   map[int64]*itemRow
	made   []idQty       // movements into the lots
	edges  []edgeRow     // links into the lots
	deliv  []deliveryRow // shipments and returns of the lots
	events map[int64]eventBrief
}

type idQty struct{ lot, seq, qty int64 }

type edgeRow struct {
	seq, parent, child, qty int64
	ev                      eventBrief
}

type deliveryRow struct{ seq, lot, party, loc, qty int64 }

type eventBrief struct {
	kind, time, reference string
}

// traceChunk reads the details of one chunk of reached lots into t and
// byID, and returns the chunk's links, which are assembled once every
// chunk's lots are known.
func (s *Store) traceChunk(ctx context.Context, q querier, t *lotledger.Trace, ids []int64, level map[int64]int, byID map[int64]*lotledger.TraceLot) ([]edgeRow, error) {
	d := &chunkDetail{lots: map[int64]*lotledger.TraceLot{}, origin: map[int64]int64{}, item: map[int64]*itemRow{}, events: map[int64]eventBrief{}}
	arg := s.idList(ids)
	steps := []func() error{
		func() error { return s.detailLots(ctx, q, arg, level, d) },
		func() error { return s.detailStock(ctx, q, arg, d) },
		func() error { return s.detailMade(ctx, q, arg, d) },
		func() error { return s.detailEdges(ctx, q, arg, level, d) },
		func() error { return s.detailDeliveries(ctx, q, arg, d) },
		func() error { return s.detailEvents(ctx, q, d) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("trace: %w", err)
		}
	}
	for i := range d.edges {
		d.edges[i].ev = d.events[d.edges[i].seq]
	}
	return d.edges, s.assemble(ctx, q, t, d, byID)
}

// traceLinks adds the production links between reached lots, in event
// order.
func traceLinks(t *lotledger.Trace, edges []edgeRow, byID map[int64]*lotledger.TraceLot) {
	slices.SortFunc(edges, func(a, b edgeRow) int {
		return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(a.parent, b.parent), cmp.Compare(a.child, b.child))
	})
	for _, e := range edges {
		from, to := byID[e.parent], byID[e.child]
		if from == nil || to == nil {
			continue
		}
		t.Links = append(t.Links, lotledger.TraceLink{From: lotledger.LotRef{SKU: from.SKU, Lot: from.Code}, To: lotledger.LotRef{SKU: to.SKU, Lot: to.Code},
			Seq: e.seq, Time: parseTime(e.ev.time), Quantity: lotledger.Quantity(e.qty), Reference: e.ev.reference})
	}
}

func (s *Store) detailLots(ctx context.Context, q querier, arg []any, level map[int64]int, d *chunkDetail) error {
	rows, err := q.QueryContext(ctx, `SELECT id, item_id, code, supplier_lot, produced, expires, status, origin_id, created_seq, created_at
		FROM lots WHERE `+s.idIn("id"), arg...)
	if err != nil {
		return err
	}
	defer rows.Close()
	type lotScan struct {
		l      lotledger.Lot
		item   int64
		origin sql.NullInt64
		at     string
	}
	var found []lotScan
	for rows.Next() {
		var r lotScan
		if err := rows.Scan(&r.l.ID, &r.item, &r.l.Code, &r.l.SupplierLot, &r.l.Produced, &r.l.Expires, &r.l.Status, &r.origin, &r.l.CreatedSeq, &r.at); err != nil {
			return err
		}
		found = append(found, r)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows.Close()
	for _, r := range found {
		it, err := s.itemByID(ctx, q, r.item)
		if err != nil {
			return err
		}
		l := r.l
		l.SKU, l.CreatedAt, l.Status = it.SKU, parseTime(r.at), s.effective(l.Status, l.Expires)
		if r.origin.Valid {
			p, err := s.partyRowByID(ctx, q, r.origin.Int64)
			if err != nil {
				return err
			}
			l.Origin = p.Code
			d.origin[l.ID] = p.id
		}
		d.item[l.ID] = it
		d.lots[l.ID] = &lotledger.TraceLot{Lot: l, Level: level[l.ID], UOM: it.UOM, Stock: []lotledger.StockRow{}}
	}
	return nil
}

func (s *Store) detailStock(ctx context.Context, q querier, arg []any, d *chunkDetail) error {
	rows, err := q.QueryContext(ctx, `SELECT lot_id, location_id, qty FROM stock WHERE `+s.idIn("lot_id"), arg...)
	if err != nil {
		return err
	}
	var found []idQty // lot, location, qty
	for rows.Next() {
		var r idQty
		if err := rows.Scan(&r.lot, &r.seq, &r.qty); err != nil {
			rows.Close()
			return err
		}
		found = append(found, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range found {
		l := d.lots[r.lot]
		if l == nil {
			continue
		}
		loc, err := s.locationByID(ctx, q, r.seq)
		if err != nil {
			return err
		}
		l.OnHand += lotledger.Quantity(r.qty)
		l.Stock = append(l.Stock, lotledger.StockRow{SKU: l.SKU, Lot: l.Code, Location: loc.Code, Status: l.Status, Expires: l.Expires,
			Quantity: lotledger.Quantity(r.qty), UOM: l.UOM})
	}
	for _, l := range d.lots {
		slices.SortFunc(l.Stock, func(a, b lotledger.StockRow) int { return cmp.Compare(a.Location, b.Location) })
	}
	return nil
}

// detailMade reads what came into the lots; which of it was made or
// received depends on the events' kinds, read with the other events.
func (s *Store) detailMade(ctx context.Context, q querier, arg []any, d *chunkDetail) error {
	rows, err := q.QueryContext(ctx, `SELECT lot_id, seq, qty FROM movements WHERE `+s.idIn("lot_id")+` AND qty > 0`, arg...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r idQty
		if err := rows.Scan(&r.lot, &r.seq, &r.qty); err != nil {
			return err
		}
		d.made = append(d.made, r)
		d.events[r.seq] = eventBrief{}
	}
	return rows.Err()
}

// detailEdges reads the production links into the lots whose input was
// reached too.
func (s *Store) detailEdges(ctx context.Context, q querier, arg []any, level map[int64]int, d *chunkDetail) error {
	rows, err := q.QueryContext(ctx, `SELECT seq, parent_id, child_id, qty FROM lot_edges WHERE `+s.idIn("child_id"), arg...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r edgeRow
		if err := rows.Scan(&r.seq, &r.parent, &r.child, &r.qty); err != nil {
			return err
		}
		if _, ok := level[r.parent]; ok {
			d.edges = append(d.edges, r)
			d.events[r.seq] = eventBrief{}
		}
	}
	return rows.Err()
}

func (s *Store) detailDeliveries(ctx context.Context, q querier, arg []any, d *chunkDetail) error {
	rows, err := q.QueryContext(ctx, `SELECT seq, lot_id, party_id, location_id, qty FROM deliveries WHERE `+s.idIn("lot_id"), arg...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r deliveryRow
		if err := rows.Scan(&r.seq, &r.lot, &r.party, &r.loc, &r.qty); err != nil {
			return err
		}
		d.deliv = append(d.deliv, r)
		d.events[r.seq] = eventBrief{}
	}
	return rows.Err()
}

// detailEvents reads kind, time and reference of every event the other
// queries named, by sequence number.
func (s *Store) detailEvents(ctx context.Context, q querier, d *chunkDetail) error {
	seqs := make([]int64, 0, len(d.events))
	for seq := range d.events {
		seqs = append(seqs, seq)
	}
	from := "events"
	if !s.postgres {
		from = "events INDEXED BY events_brief" // SQLite would pick the key's index and read each large row
	}
	slices.Sort(seqs)
	for start := 0; start < len(seqs); start += traceChunk {
		rows, err := q.QueryContext(ctx, `SELECT seq, kind, event_time, reference FROM `+from+` WHERE `+s.idIn("seq"), s.idList(seqs[start:min(len(seqs), start+traceChunk)])...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var seq int64
			var e eventBrief
			if err := rows.Scan(&seq, &e.kind, &e.time, &e.reference); err != nil {
				rows.Close()
				return err
			}
			d.events[seq] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// assemble builds the chunk's part of the trace, in the orders the trace
// promises: suppliers by party and lot, shipments by event.
func (s *Store) assemble(ctx context.Context, q querier, t *lotledger.Trace, d *chunkDetail, byID map[int64]*lotledger.TraceLot) error {
	received := map[int64]int64{}
	for _, m := range d.made {
		switch d.events[m.seq].kind {
		case lotledger.KindReceive:
			received[m.lot] += m.qty
			fallthrough
		case lotledger.KindProduce:
			if l := d.lots[m.lot]; l != nil {
				l.Made += lotledger.Quantity(m.qty)
			}
		}
	}
	for id, l := range d.lots {
		byID[id] = l
	}
	if err := s.assembleSuppliers(ctx, q, t, d, received); err != nil {
		return err
	}
	return s.assembleShipments(ctx, q, t, d)
}

func (s *Store) assembleSuppliers(ctx context.Context, q querier, t *lotledger.Trace, d *chunkDetail, received map[int64]int64) error {
	var sups []lotledger.TraceSupplier
	for id, pid := range d.origin {
		p, err := s.partyRowByID(ctx, q, pid)
		if err != nil {
			return err
		}
		l := d.lots[id]
		sups = append(sups, lotledger.TraceSupplier{Party: p.Code, Name: p.Name, GLN: p.GLN, Lot: lotledger.LotRef{SKU: l.SKU, Lot: l.Code},
			SupplierLot: l.SupplierLot, Quantity: lotledger.Quantity(received[id])})
	}
	slices.SortFunc(sups, func(a, b lotledger.TraceSupplier) int {
		return cmp.Or(cmp.Compare(a.Party, b.Party), cmp.Compare(a.Lot.SKU, b.Lot.SKU), cmp.Compare(a.Lot.Lot, b.Lot.Lot))
	})
	t.Suppliers = append(t.Suppliers, sups...)
	return nil
}

func (s *Store) assembleShipments(ctx context.Context, q querier, t *lotledger.Trace, d *chunkDetail) error {
	slices.SortFunc(d.deliv, func(a, b deliveryRow) int {
		la, lb := d.lots[a.lot], d.lots[b.lot]
		return cmp.Or(cmp.Compare(a.seq, b.seq), cmp.Compare(la.SKU, lb.SKU), cmp.Compare(la.Code, lb.Code))
	})
	for _, r := range d.deliv {
		p, err := s.partyRowByID(ctx, q, r.party)
		if err != nil {
			return err
		}
		loc, err := s.locationByID(ctx, q, r.loc)
		if err != nil {
			return err
		}
		l, ev := d.lots[r.lot], d.events[r.seq]
		t.Shipments = append(t.Shipments, lotledger.TraceShipment{Seq: r.seq, Customer: p.Code, Name: p.Name, Email: p.Email, From: loc.Code,
			Lot: lotledger.LotRef{SKU: l.SKU, Lot: l.Code}, Quantity: lotledger.Quantity(r.qty), Time: parseTime(ev.time), Reference: ev.reference})
	}
	return nil
}

// itemByID returns the cached item row with id, reading it on a miss.
func (s *Store) itemByID(ctx context.Context, q querier, id int64) (*itemRow, error) {
	s.mu.RLock()
	r := s.itemsByID[id]
	s.mu.RUnlock()
	if r != nil {
		return r, nil
	}
	var sku string
	if err := q.QueryRowContext(ctx, `SELECT sku FROM items WHERE id = $1`, id).Scan(&sku); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, lotledger.Errorf(lotledger.ENOTFOUND, "item", "item %d does not exist", id)
		}
		return nil, err
	}
	return s.item(ctx, q, sku)
}

// partyRowByID returns the cached party row with id, reading it on a miss.
func (s *Store) partyRowByID(ctx context.Context, q querier, id int64) (*partyRow, error) {
	s.mu.RLock()
	r := s.partyByID[id]
	s.mu.RUnlock()
	if r != nil {
		return r, nil
	}
	var code string
	if err := q.QueryRowContext(ctx, `SELECT code FROM parties WHERE id = $1`, id).Scan(&code); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, lotledger.Errorf(lotledger.ENOTFOUND, "party", "party %d does not exist", id)
		}
		return nil, err
	}
	return s.party(ctx, q, code)
}
