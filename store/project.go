package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"lotledger"
)

// project writes what ev changes into the projections: lots, stock,
// movements, genealogy, deliveries, transits, and the lot → event index.
// It reads only ev, so replaying the ledger through it (Rebuild) gives the
// same projections as live capture.
func (w *writer) project(ev *lotledger.Event) error {
	for _, nl := range ev.Lots {
		if err := w.projectLot(ev, nl); err != nil {
			return err
		}
	}
	for _, m := range ev.Moves {
		if err := w.projectMove(ev, m); err != nil {
			return err
		}
	}
	if st := ev.Status; st != nil {
		if err := w.flush(); err != nil { // the lot's row may be buffered
			return err
		}
		if _, err := w.exec(`UPDATE lots SET status = $1 WHERE id = $2`, st.To, st.LotID); err != nil {
			return fmt.Errorf("set lot status: %w", err)
		}
		w.forgetLot(st.LotID)
		w.later("status_changes", ev.Seq, st.LotID, st.From, st.To)
	}
	if err := w.projectStatuses(ev); err != nil {
		return err
	}
	switch ev.Kind {
	case lotledger.KindDeclaration:
		if err := w.flush(); err != nil {
			return err
		}
		if _, err := w.exec(`INSERT INTO error_declarations (seq, event_id, reason) VALUES ($1, $2, $3)`, ev.Seq, ev.Transfer, ev.Reason); err != nil {
			return fmt.Errorf("record error declaration: %w", err)
		}
		cond, args := w.s.byEventID([]string{ev.Transfer}, true)
		if _, err := w.exec(`UPDATE epcis_events SET error_declared = 1 WHERE seq IN (SELECT e.seq FROM events e WHERE `+cond+`)`, args...); err != nil {
			return fmt.Errorf("mark declared event: %w", err)
		}
	case lotledger.KindProduce:
		return w.projectEdges(ev)
	case lotledger.KindShip, lotledger.KindReturn:
		return w.projectDeliveries(ev)
	case lotledger.KindTransfer:
		return w.projectTransit(ev)
	case lotledger.KindArrive:
		if err := w.flush(); err != nil { // the transit may still be buffered
			return err
		}
		if _, err := w.exec(`UPDATE transits SET arrived_seq = $1 WHERE event_id = $2`, ev.Seq, ev.Transfer); err != nil {
			return fmt.Errorf("close transit: %w", err)
		}
	}
	return nil
}

func (w *writer) projectLot(ev *lotledger.Event, nl lotledger.NewLot) error {
	it, err := w.s.item(w.ctx, w.tx, nl.SKU)
	if err != nil {
		return err
	}
	var origin any
	if nl.Origin != "" {
		p, err := w.s.party(w.ctx, w.tx, nl.Origin)
		if err != nil {
			return err
		}
		origin = p.id
	}
	w.later("lots", nl.LotID, it.id, nl.Lot, nl.SupplierLot, string(nl.Produced), string(nl.Expires), nl.Status, origin, ev.Seq, formatTime(ev.RecordedAt))
	l := &lotRow{id: nl.LotID, item: it, code: nl.Lot, supplierLot: nl.SupplierLot, produced: nl.Produced, expires: nl.Expires, status: nl.Status}
	if id, ok := origin.(int64); ok {
		l.origin = id
	}
	if w.txLots == nil {
		w.txLots, w.txLotsByID = map[lotKey]*lotRow{}, map[int64]*lotRow{}
	}
	w.txLots[lotKey{it.id, nl.Lot}], w.txLotsByID[nl.LotID] = l, l
	return nil
}

func (w *writer) projectMove(ev *lotledger.Event, m lotledger.Move) error {
	loc, err := w.s.location(w.ctx, w.tx, m.Location)
	if err != nil {
		return err
	}
	if w.stockDelta == nil {
		w.stockDelta = map[stockKey]int64{}
	}
	w.stockDelta[stockKey{m.LotID, loc.id}] += int64(m.Quantity)
	w.later("movements", ev.Seq, m.LotID, loc.id, int64(m.Quantity))
	return nil
}

// projectEdges links every input lot of a production run to every output
// lot, with the quantity of the input consumed.
func (w *writer) projectEdges(ev *lotledger.Event) error {
	type edge struct{ parent, child int64 }
	qty := map[edge]int64{}
	var order []edge
	for _, in := range ev.Moves {
		if in.Quantity >= 0 {
			continue
		}
		for _, out := range ev.Moves {
			if out.Quantity <= 0 || out.LotID == in.LotID {
				continue
			}
			e := edge{in.LotID, out.LotID}
			if _, ok := qty[e]; !ok {
				order = append(order, e)
			}
			qty[e] += int64(-in.Quantity)
		}
	}
	for _, e := range order {
		w.later("lot_edges", ev.Seq, e.parent, e.child, qty[e])
	}
	return nil
}

// projectStatuses applies the statuses a captured event's disposition set.
func (w *writer) projectStatuses(ev *lotledger.Event) error {
	if len(ev.Statuses) == 0 {
		return nil
	}
	for _, st := range ev.Statuses {
		if w.txLotsByID[st.LotID] != nil { // the lot's row is still buffered
			if err := w.flush(); err != nil {
				return err
			}
			break
		}
	}
	for _, st := range ev.Statuses {
		if _, err := w.exec(`UPDATE lots SET status = $1 WHERE id = $2`, st.To, st.LotID); err != nil {
			return fmt.Errorf("set lot status: %w", err)
		}
		w.forgetLot(st.LotID)
		w.later("status_changes", ev.Seq, st.LotID, st.From, st.To)
	}
	return nil
}

// projectDeliveries records what went to (ship) or came back from (return) a
// customer; a captured shipment to a party lotledger does not know records none.
func (w *writer) projectDeliveries(ev *lotledger.Event) error {
	if ev.Party == "" {
		return nil
	}
	p, err := w.s.party(w.ctx, w.tx, ev.Party)
	if err != nil {
		return err
	}
	for _, m := range ev.Moves {
		loc, err := w.s.location(w.ctx, w.tx, m.Location)
		if err != nil {
			return err
		}
		w.later("deliveries", ev.Seq, m.LotID, p.id, loc.id, -int64(m.Quantity))
		if w.deliveryDelta == nil {
			w.deliveryDelta = map[[2]int64]int64{}
		}
		w.deliveryDelta[[2]int64{m.LotID, p.id}] -= int64(m.Quantity)
	}
	return nil
}

// projectTransit opens a transit for a transfer between sites.
func (w *writer) projectTransit(ev *lotledger.Event) error {
	for _, m := range ev.Moves {
		if m.Quantity > 0 && m.Location == inTransitCode {
			to, err := w.s.location(w.ctx, w.tx, ev.To)
			if err != nil {
				return err
			}
			w.later("transits", ev.Seq, ev.ID, to.id)
			return nil
		}
	}
	return nil
}

// itemID returns the id of a cached item (every item a command resolved is cached).
func (s *Store) itemID(sku string) int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if it := s.items[sku]; it != nil {
		return it.id
	}
	return 0
}

func (s *Store) locationByID(ctx context.Context, q querier, id int64) (*locRow, error) {
	s.mu.RLock()
	r := s.locsByID[id]
	s.mu.RUnlock()
	if r != nil {
		return r, nil
	}
	var code string
	err := q.QueryRowContext(ctx, `SELECT code FROM locations WHERE id = $1`, id).Scan(&code)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "location", "location %d does not exist", id)
	}
	if err != nil {
		return nil, err
	}
	return s.location(ctx, q, code)
}

// shippedTo returns how much of a lot a customer holds from lotledger's
// shipments, less what it returned: the flushed deliveries and those still
// buffered in this transaction, without forcing a flush.
func (w *writer) shippedTo(lotID, partyID int64) (lotledger.Quantity, error) {
	var shipped int64
	if err := w.queryRow(`SELECT COALESCE(SUM(qty), 0) FROM deliveries WHERE lot_id = $1 AND party_id = $2`, lotID, partyID).Scan(&shipped); err != nil {
		return 0, fmt.Errorf("read deliveries: %w", err)
	}
	return lotledger.Quantity(shipped + w.deliveryDelta[[2]int64{lotID, partyID}]), nil
}
