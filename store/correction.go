package store

import (
	"lotledger"
)

// adjust applies signed corrections after a count. Counting is not moving,
// so a lot's status does not block it.
func (w *writer) adjust(a lotledger.Adjustment) (*lotledger.Result, error) {
	return w.command(lotledger.KindAdjust, a.ID, a, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, a.Time); err != nil {
			return err
		}
		loc, err := w.locationFor("location", a.Location)
		if err != nil {
			return err
		}
		if err := required("reason", a.Reason); err != nil {
			return err
		}
		ev.Location, ev.Reason, ev.OverrideReason = loc.Code, a.Reason, a.OverrideReason
		return w.lotLines(ev, a.Lines, func(i int, l *lotRow, q lotledger.Quantity) error {
			if q > 0 {
				w.move(ev, l, loc, q)
				return nil
			}
			return w.take(ev, lotledger.FieldPath("lines", i, "quantity"), l, loc, -q, false)
		}, false)
	})
}

// dispose destroys stock. Disposing of held, recalled or expired stock is
// its normal use, so status does not block it.
func (w *writer) dispose(d lotledger.Disposal) (*lotledger.Result, error) {
	return w.command(lotledger.KindDispose, d.ID, d, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, d.Time); err != nil {
			return err
		}
		loc, err := w.locationFor("location", d.Location)
		if err != nil {
			return err
		}
		if err := required("reason", d.Reason); err != nil {
			return err
		}
		ev.Location, ev.Reason, ev.OverrideReason = loc.Code, d.Reason, d.OverrideReason
		return w.lotLines(ev, d.Lines, func(i int, l *lotRow, q lotledger.Quantity) error {
			return w.take(ev, lotledger.FieldPath("lines", i, "quantity"), l, loc, q, false)
		}, true)
	})
}

// ret brings back from a customer at most what was shipped to it.
func (w *writer) ret(r lotledger.Return) (*lotledger.Result, error) {
	return w.command(lotledger.KindReturn, r.ID, r, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, r.Time); err != nil {
			return err
		}
		cust, err := w.partyFor("customer", r.Customer, lotledger.PartyCustomer)
		if err != nil {
			return err
		}
		loc, err := w.locationFor("location", r.Location)
		if err != nil {
			return err
		}
		ev.Party, ev.Location, ev.Reference, ev.Reason, ev.OverrideReason = cust.Code, loc.Code, r.Reference, r.Reason, r.OverrideReason
		returned := map[int64]lotledger.Quantity{}
		return w.lotLines(ev, r.Lines, func(i int, l *lotRow, q lotledger.Quantity) error {
			shipped, err := w.shippedTo(l.id, cust.id)
			if err != nil {
				return err
			}
			returned[l.id] += q
			if returned[l.id] > shipped {
				return lotledger.Errorf(lotledger.EINVALID, lotledger.FieldPath("lines", i, "quantity"),
					"customer %s holds %s of lot %s (shipped less returned); cannot return %s", cust.Code, lotledger.Quantity(shipped), l.code, returned[l.id])
			}
			w.move(ev, l, loc, q)
			return nil
		}, true)
	})
}

// lotLines resolves lines that must name a lot and calls fn for each with
// the parsed quantity (positive when positive is set, else signed non-zero).
func (w *writer) lotLines(ev *lotledger.Event, lines []lotledger.Line, fn func(i int, l *lotRow, q lotledger.Quantity) error, positive bool) error {
	if err := noLines("lines", len(lines)); err != nil {
		return err
	}
	for i, ln := range lines {
		ln, err := w.scanLine("lines", i, ln)
		if err != nil {
			return err
		}
		it, err := w.itemFor(lotledger.FieldPath("lines", i, "sku"), ln.SKU)
		if err != nil {
			return err
		}
		lf := lotledger.FieldPath("lines", i, "lot")
		if err := required(lf, ln.Lot); err != nil {
			return err
		}
		q, err := ln.Quantity.Parse(lotledger.FieldPath("lines", i, "quantity"), positive, it.UnitDecimals())
		if err != nil {
			return err
		}
		l, err := w.lot(lf, it, ln.Lot)
		if err != nil {
			return err
		}
		if err := fn(i, l, q); err != nil {
			return err
		}
	}
	return nil
}

// status changes a lot's status, with a reason.
func (w *writer) status(c lotledger.StatusChange) (*lotledger.Result, error) {
	return w.command(lotledger.KindStatus, c.ID, c, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, c.Time); err != nil {
			return err
		}
		it, err := w.itemFor("sku", c.SKU)
		if err != nil {
			return addressed(err)
		}
		if err := required("lot", c.Lot); err != nil {
			return err
		}
		l, err := w.lot("lot", it, c.Lot)
		if err != nil {
			return addressed(err)
		}
		if !lotledger.ValidStatus(c.Status) {
			return lotledger.Errorf(lotledger.EINVALID, "status", "status must be one of released, quarantine, hold, recalled, expired, destroyed")
		}
		if c.Status == l.status {
			return lotledger.Errorf(lotledger.ECONFLICT, "status", "lot %s of %s is already %s", l.code, it.SKU, l.status)
		}
		if err := required("reason", c.Reason); err != nil {
			return err
		}
		ev.Reason = c.Reason
		ev.Status = &lotledger.StatusSet{LotID: l.id, SKU: it.SKU, Lot: l.code, GTIN: it.GTIN, From: l.status, To: c.Status}
		return nil
	})
}

// addressed turns unknown_reference into not_found: a status change names
// the lot it is about (in the API, in the path), so a missing lot is a
// missing resource rather than a bad reference in a body.
func addressed(err error) error {
	if e := lotledger.AsError(err); e != nil && e.Code == lotledger.EUNKNOWN {
		return &lotledger.Error{Code: lotledger.ENOTFOUND, Field: e.Field, Message: e.Message}
	}
	return err
}
