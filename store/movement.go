package store

import (
	"fmt"

	"lotledger"
)

func (w *writer) receive(r lotledger.Receipt) (*lotledger.Result, error) {
	return w.command(lotledger.KindReceive, r.ID, r, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, r.Time); err != nil {
			return err
		}
		sup, err := w.partyFor("supplier", r.Supplier, lotledger.PartySupplier)
		if err != nil {
			return err
		}
		loc, err := w.locationFor("location", r.Location)
		if err != nil {
			return err
		}
		ev.Party, ev.Location, ev.Reference, ev.OverrideReason = sup.Code, loc.Code, r.Reference, r.OverrideReason
		if err := noLines("lines", len(r.Lines)); err != nil {
			return err
		}
		for i, ln := range r.Lines {
			if err := w.receiveLine(ev, i, ln, sup, loc); err != nil {
				return err
			}
		}
		return nil
	})
}

func (w *writer) receiveLine(ev *lotledger.Event, i int, ln lotledger.ReceiptLine, sup *partyRow, loc *locRow) error {
	f := func(name string) string { return lotledger.FieldPath("lines", i, name) }
	ln, err := w.scanReceiptLine(i, ln)
	if err != nil {
		return err
	}
	it, err := w.itemFor(f("sku"), ln.SKU)
	if err != nil {
		return err
	}
	q, err := ln.Quantity.Parse(f("quantity"), true, it.UnitDecimals())
	if err != nil {
		return err
	}
	produced, err := lotledger.ParseDate(f("produced"), ln.Produced)
	if err != nil {
		return err
	}
	expires, err := lotledger.ParseDate(f("expires"), ln.Expires)
	if err != nil {
		return err
	}
	if expires.Before(produced) {
		return lotledger.Errorf(lotledger.EINVALID, f("expires"), "expiry %s is before production %s", expires, produced)
	}
	l, err := w.receivedLot(ln, it, sup)
	if err != nil {
		return err
	}
	if l != nil {
		if expires != "" && l.expires != "" && expires != l.expires {
			return lotledger.Errorf(lotledger.ECONFLICT, f("expires"), "lot %s of %s already exists with expiry %s", l.code, it.SKU, l.expires)
		}
	} else {
		if expires == "" && produced != "" && it.ShelfLifeDays > 0 {
			expires = produced.AddDays(it.ShelfLifeDays)
		}
		l = &lotRow{item: it, code: ln.Lot, supplierLot: ln.SupplierLot, produced: produced, expires: expires, origin: sup.id}
		if err := w.createLot(ev, f("lot"), l, sup.Code); err != nil {
			return err
		}
	}
	w.move(ev, l, loc, q)
	return nil
}

// receivedLot finds the lot a receipt line adds to: the lot named, or the lot
// already received from this supplier under the same supplier lot code.
func (w *writer) receivedLot(ln lotledger.ReceiptLine, it *itemRow, sup *partyRow) (*lotRow, error) {
	if ln.Lot != "" {
		return w.findLot(it, ln.Lot)
	}
	if ln.SupplierLot == "" {
		return nil, nil
	}
	for _, lots := range []map[lotKey]*lotRow{w.newLots, w.txLots} {
		for _, l := range lots {
			if l.item.id == it.id && l.supplierLot == ln.SupplierLot && l.origin == sup.id {
				return l, nil
			}
		}
	}
	var code string
	err := w.queryRow(`SELECT code FROM lots WHERE item_id = $1 AND supplier_lot = $2 AND origin_id = $3 ORDER BY id LIMIT 1`, it.id, ln.SupplierLot, sup.id).Scan(&code)
	if err != nil {
		return nil, nil
	}
	return w.findLot(it, code)
}

func (w *writer) ship(sh lotledger.Shipment) (*lotledger.Result, error) {
	return w.command(lotledger.KindShip, sh.ID, sh, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, sh.Time); err != nil {
			return err
		}
		from, err := w.locationFor("from", sh.From)
		if err != nil {
			return err
		}
		cust, err := w.partyFor("customer", sh.Customer, lotledger.PartyCustomer)
		if err != nil {
			return err
		}
		ev.From, ev.Location, ev.Party, ev.Reference, ev.OverrideReason = from.Code, from.Code, cust.Code, sh.Reference, sh.OverrideReason
		return w.takeLines(ev, "lines", sh.Lines, from)
	})
}

func (w *writer) transfer(t lotledger.Transfer) (*lotledger.Result, error) {
	return w.command(lotledger.KindTransfer, t.ID, t, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, t.Time); err != nil {
			return err
		}
		from, err := w.locationFor("from", t.From)
		if err != nil {
			return err
		}
		to, err := w.locationFor("to", t.To)
		if err != nil {
			return err
		}
		if from.id == to.id {
			return lotledger.Errorf(lotledger.EINVALID, "to", "from and to are the same location")
		}
		ev.From, ev.To, ev.Location, ev.Reference, ev.OverrideReason = from.Code, to.Code, from.Code, t.Reference, t.OverrideReason
		if err := w.takeLines(ev, "lines", t.Lines, from); err != nil {
			return err
		}
		dest := to
		if from.Site != to.Site {
			if dest, err = w.s.location(w.ctx, w.tx, inTransitCode); err != nil {
				return fmt.Errorf("in-transit location: %w", err)
			}
		}
		w.mirror(ev, dest)
		return nil
	})
}

// inTransitCode is the location, made by the first migration, that holds
// goods between sites.
const inTransitCode = "IN-TRANSIT"

// mirror adds, for every negative move of ev, the same quantity at dest.
func (w *writer) mirror(ev *lotledger.Event, dest *locRow) {
	n := len(ev.Moves)
	for i := 0; i < n; i++ {
		m := ev.Moves[i]
		if m.Quantity < 0 {
			ev.Moves = append(ev.Moves, lotledger.Move{LotID: m.LotID, SKU: m.SKU, Lot: m.Lot, GTIN: m.GTIN, UOM: m.UOM, Location: dest.Code, Quantity: -m.Quantity})
		}
	}
}

func (w *writer) arrive(a lotledger.Arrival) (*lotledger.Result, error) {
	return w.command(lotledger.KindArrive, a.ID, a, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, a.Time); err != nil {
			return err
		}
		if err := required("transfer", a.Transfer); err != nil {
			return err
		}
		if err := w.flush(); err != nil { // the transfer may be buffered
			return err
		}
		var seq, toID int64
		var arrived *int64
		err := w.queryRow(`SELECT seq, to_id, arrived_seq FROM transits WHERE event_id = $1`, a.Transfer).Scan(&seq, &toID, &arrived)
		if err != nil {
			return lotledger.Errorf(lotledger.ENOTFOUND, "transfer", "no transfer between sites has event id %s", a.Transfer)
		}
		if arrived != nil {
			return lotledger.Errorf(lotledger.ECONFLICT, "transfer", "transfer %s already arrived (event %d)", a.Transfer, *arrived)
		}
		transit, err := w.s.location(w.ctx, w.tx, inTransitCode)
		if err != nil {
			return err
		}
		to, err := w.s.locationByID(w.ctx, w.tx, toID)
		if err != nil {
			return err
		}
		ev.Transfer, ev.To, ev.Location = a.Transfer, to.Code, to.Code
		return w.arriveMoves(ev, seq, transit, to)
	})
}

// arriveMoves moves what the transfer put in transit to its destination.
func (w *writer) arriveMoves(ev *lotledger.Event, seq int64, transit, to *locRow) error {
	rows, err := w.query(`SELECT m.lot_id, m.qty, l.code, i.sku FROM movements m JOIN lots l ON l.id = m.lot_id JOIN items i ON i.id = l.item_id
		WHERE m.seq = $1 AND m.location_id = $2 AND m.qty > 0 ORDER BY m.lot_id`, seq, transit.id)
	if err != nil {
		return fmt.Errorf("read transfer: %w", err)
	}
	type line struct {
		lot       int64
		qty       int64
		code, sku string
	}
	var lines []line
	for rows.Next() {
		var l line
		if err := rows.Scan(&l.lot, &l.qty, &l.code, &l.sku); err != nil {
			rows.Close()
			return err
		}
		lines = append(lines, l)
	}
	rows.Close()
	for _, ln := range lines {
		it, err := w.s.item(w.ctx, w.tx, ln.sku)
		if err != nil {
			return err
		}
		l := &lotRow{id: ln.lot, item: it, code: ln.code}
		if err := w.take(ev, "transfer", l, transit, lotledger.Quantity(ln.qty), false); err != nil {
			return err
		}
		w.move(ev, l, to, lotledger.Quantity(ln.qty))
	}
	return nil
}
