package store

import (
	"database/sql"
	"errors"
	"fmt"

	"lotledger"
)

// lotRow is a lot as the writer sees it while resolving a command.
type lotRow struct {
	id          int64
	item        *itemRow
	code        string
	supplierLot string
	produced    lotledger.Date
	expires     lotledger.Date
	status      string
	origin      int64 // the supplier's party id, 0 for lots made here
}

func (l *lotRow) domain() *lotledger.Lot {
	return &lotledger.Lot{SKU: l.item.SKU, Code: l.code, Expires: l.expires, Status: l.status}
}

// lot finds a lot of item by code, among lots this command created and then
// in the database. A code that names a lot of another item gets an error
// that says so.
func (w *writer) lot(field string, it *itemRow, code string) (*lotRow, error) {
	l, err := w.findLot(it, code)
	if l != nil || err != nil {
		return l, err
	}
	var other string
	err = w.queryRow(`SELECT i.sku FROM lots l JOIN items i ON i.id = l.item_id WHERE l.code = $1 ORDER BY i.sku LIMIT 1`, code).Scan(&other)
	if err == nil {
		return nil, lotledger.Errorf(lotledger.EINVALID, field, "lot %s belongs to item %s, not %s", code, other, it.SKU)
	}
	return nil, lotledger.Errorf(lotledger.EUNKNOWN, field, "item %s has no lot %s", it.SKU, code)
}

// findLot is lot without the error when the lot does not exist: one query,
// since for a new lot not existing is the normal answer.
func (w *writer) findLot(it *itemRow, code string) (*lotRow, error) {
	if l := w.newLots[lotKey{it.id, code}]; l != nil {
		return l, nil
	}
	if l := w.txLots[lotKey{it.id, code}]; l != nil {
		return l, nil
	}
	if l, known := w.cachedLot(lotKey{it.id, code}); known {
		return l, nil
	}
	l := &lotRow{item: it, code: code}
	err := w.queryRow(`SELECT id, supplier_lot, produced, expires, status FROM lots WHERE item_id = $1 AND code = $2`, it.id, code).
		Scan(&l.id, &l.supplierLot, &l.produced, &l.expires, &l.status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read lot: %w", err)
	}
	return l, nil
}

// createLot assigns an id (and, without a code, a code from the item's
// template) to a new lot of this command.
func (w *writer) createLot(ev *lotledger.Event, field string, l *lotRow, origin string) error {
	if l.code == "" {
		code, err := w.assignCode(l.item, ev)
		if err != nil {
			return err
		}
		l.code = code
	} else if err := lotledger.ValidCode(field, l.code); err != nil {
		return err
	}
	w.lotID++
	l.id, l.status = w.lotID, lotledger.StatusReleased
	w.newLots[lotKey{l.item.id, l.code}] = l
	w.lotCreated(l)
	ev.Lots = append(ev.Lots, lotledger.NewLot{LotID: l.id, SKU: l.item.SKU, Lot: l.code, GTIN: l.item.GTIN,
		SupplierLot: l.supplierLot, Produced: l.produced, Expires: l.expires, Status: l.status, Origin: origin})
	return nil
}

// assignCode takes the item's next sequence number and expands its template,
// skipping codes already taken (say, typed in by hand). Writers are
// serialised, so two requests never get the same number.
func (w *writer) assignCode(it *itemRow, ev *lotledger.Event) (string, error) {
	tmpl := it.LotTemplate
	if tmpl == "" {
		tmpl = lotledger.DefaultLotTemplate
	}
	for range 1000 {
		var seq int64
		if err := w.queryRow(`UPDATE items SET lot_seq = lot_seq + 1 WHERE id = $1 RETURNING lot_seq`, it.id).Scan(&seq); err != nil {
			return "", fmt.Errorf("next lot number: %w", err)
		}
		code, err := lotledger.ExpandLotTemplate(tmpl, it.SKU, ev.Time, seq)
		if err != nil {
			return "", lotledger.Errorf(lotledger.EINVALID, "lot_template", "item %s: %v", it.SKU, err)
		}
		if l, err := w.findLot(it, code); err != nil {
			return "", err
		} else if l == nil {
			return code, nil
		}
	}
	return "", lotledger.Errorf(lotledger.ECONFLICT, "lot", "item %s: no free lot code from template %q", it.SKU, tmpl)
}

// available is the lot's stock at loc: the stored row, plus what earlier
// commands of this transaction changed (not yet flushed), plus what this
// command already took or added.
func (w *writer) available(lotID, locID int64) (lotledger.Quantity, error) {
	k := stockKey{lotID, locID}
	var q int64
	if cached, ok := w.cachedStock(k); ok {
		q = cached
	} else if _, isNew := w.txLotsByID[lotID]; !isNew {
		err := w.queryRow(`SELECT qty FROM stock WHERE lot_id = $1 AND location_id = $2`, lotID, locID).Scan(&q)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("read stock: %w", err)
		}
	}
	return lotledger.Quantity(q+w.stockDelta[k]) + w.pending[k], nil
}

// move records a signed stock change of lot at loc in ev, merging changes of
// the same lot and location.
func (w *writer) move(ev *lotledger.Event, l *lotRow, loc *locRow, q lotledger.Quantity) {
	w.pending[stockKey{l.id, loc.id}] += q
	for i := range ev.Moves {
		m := &ev.Moves[i]
		if m.LotID == l.id && m.Location == loc.Code && (m.Quantity < 0) == (q < 0) {
			m.Quantity += q
			return
		}
	}
	ev.Moves = append(ev.Moves, lotledger.Move{LotID: l.id, SKU: l.item.SKU, Lot: l.code, GTIN: l.item.GTIN, UOM: l.item.UOM, Location: loc.Code, Quantity: q})
}

// checkStatus refuses to move a lot whose status at the event's date is not
// released, unless the request carries an override reason; an override is
// recorded in the event.
func (w *writer) checkStatus(ev *lotledger.Event, field string, l *lotRow) error {
	st := l.domain().EffectiveStatus(lotledger.DateOf(ev.Time))
	if st == lotledger.StatusReleased {
		return nil
	}
	if ev.OverrideReason == "" {
		return lotledger.Errorf(lotledger.EBLOCKED, field, "lot %s of %s is %s; moving it needs override_reason", l.code, l.item.SKU, st)
	}
	for _, r := range ev.Overridden {
		if r.SKU == l.item.SKU && r.Lot == l.code {
			return nil
		}
	}
	ev.Overridden = append(ev.Overridden, lotledger.LotRef{SKU: l.item.SKU, Lot: l.code})
	return nil
}

// take removes q of lot l from loc, refusing more than is there.
func (w *writer) take(ev *lotledger.Event, field string, l *lotRow, loc *locRow, q lotledger.Quantity, checkStatus bool) error {
	if checkStatus {
		if err := w.checkStatus(ev, field, l); err != nil {
			return err
		}
	}
	have, err := w.available(l.id, loc.id)
	if err != nil {
		return err
	}
	if have < q {
		return lotledger.Errorf(lotledger.EINSUFFICIENT, field, "lot %s of %s has %s %s at %s; cannot take %s", l.code, l.item.SKU, have, l.item.UOM, loc.Code, q)
	}
	w.move(ev, l, loc, -q)
	return nil
}

// allocate takes q of item from loc first-expired-first-out: released lots
// not past their expiry, earliest expiry first (lots without one last), then
// the oldest lot, split across lots as needed.
func (w *writer) allocate(ev *lotledger.Event, field string, it *itemRow, loc *locRow, q lotledger.Quantity) error {
	// Allocation reads stock rows across lots: write what earlier commands
	// of this transaction changed first.
	if err := w.flush(); err != nil {
		return err
	}
	today := string(lotledger.DateOf(ev.Time))
	// Read candidates earliest expiry first, a few at a time: a location
	// may hold hundreds of lots of an item and the first one or two usually
	// cover the line. Read more only when those fall short.
	var cands []allocCand
	for limit := 8; ; limit *= 8 {
		var got int
		var err error
		cands, got, err = w.allocCandidates(it, loc, today, limit)
		if err != nil {
			return err
		}
		var have lotledger.Quantity
		for _, c := range cands {
			have += max(c.qty, 0)
		}
		if have >= q || got < limit {
			break
		}
	}
	var total lotledger.Quantity
	for _, c := range cands {
		total += max(c.qty, 0)
	}
	if total < q {
		return lotledger.Errorf(lotledger.EINSUFFICIENT, field, "%s has %s %s of %s available to allocate (released, not expired); cannot take %s", loc.Code, total, it.UOM, it.SKU, q)
	}
	for _, c := range cands {
		if q == 0 {
			break
		}
		n := min(c.qty, q)
		if n <= 0 {
			continue
		}
		w.move(ev, c.l, loc, -n)
		q -= n
	}
	return nil
}

// allocCand is a lot that allocation may take from, with what it has at the
// location for this command.
type allocCand struct {
	l   *lotRow
	qty lotledger.Quantity
}

// allocCandidates reads up to limit lots of item at loc that may be
// allocated (released, not past expiry), first-expired first, and reports
// how many rows it read.
func (w *writer) allocCandidates(it *itemRow, loc *locRow, today string, limit int) ([]allocCand, int, error) {
	rows, err := w.query(`SELECT l.id, l.code, l.supplier_lot, l.produced, l.expires, l.status, s.qty
		FROM stock s JOIN lots l ON l.id = s.lot_id
		WHERE l.item_id = $1 AND s.location_id = $2 AND l.status = 'released' AND (l.expires = '' OR l.expires >= $3)
		ORDER BY CASE WHEN l.expires = '' THEN 1 ELSE 0 END, l.expires, l.created_seq, l.id LIMIT $4`, it.id, loc.id, today, limit)
	if err != nil {
		return nil, 0, fmt.Errorf("allocate: %w", err)
	}
	defer rows.Close()
	var cands []allocCand
	for rows.Next() {
		l := &lotRow{item: it}
		var qty int64
		if err := rows.Scan(&l.id, &l.code, &l.supplierLot, &l.produced, &l.expires, &l.status, &qty); err != nil {
			return nil, 0, fmt.Errorf("allocate: %w", err)
		}
		cands = append(cands, allocCand{l, lotledger.Quantity(qty) + w.pending[stockKey{l.id, loc.id}]})
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("allocate: %w", err)
	}
	return cands, len(cands), nil
}
