package store

import (
	"context"
	"strings"

	"lotledger"
)

// Each public command is all or nothing and durable when it returns;
// commands that arrive together share one transaction, each in its own
// savepoint (group.go). Batch runs many in one transaction of its own.

func (s *Store) run(ctx context.Context, fn func(w *writer) (*lotledger.Result, error)) (*lotledger.Result, error) {
	var res *lotledger.Result
	err := s.writeGrouped(ctx, func(w *writer) error {
		var err error
		res, err = fn(w)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Receive records goods received from a supplier.
func (s *Store) Receive(ctx context.Context, r lotledger.Receipt) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.receive(r) })
}

// Ship records goods shipped to a customer.
func (s *Store) Ship(ctx context.Context, sh lotledger.Shipment) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.ship(sh) })
}

// Transfer moves goods between locations.
func (s *Store) Transfer(ctx context.Context, t lotledger.Transfer) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.transfer(t) })
}

// ArriveTransfer completes a transfer between sites.
func (s *Store) ArriveTransfer(ctx context.Context, a lotledger.Arrival) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.arrive(a) })
}

// Produce records a production run.
func (s *Store) Produce(ctx context.Context, p lotledger.Production) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.produce(p) })
}

// Adjust records a stock correction.
func (s *Store) Adjust(ctx context.Context, a lotledger.Adjustment) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.adjust(a) })
}

// Dispose records stock destroyed or scrapped.
func (s *Store) Dispose(ctx context.Context, d lotledger.Disposal) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.dispose(d) })
}

// Return records goods returned by a customer.
func (s *Store) Return(ctx context.Context, r lotledger.Return) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.ret(r) })
}

// ChangeLotStatus sets a lot's status.
func (s *Store) ChangeLotStatus(ctx context.Context, c lotledger.StatusChange) (*lotledger.Result, error) {
	return s.run(ctx, func(w *writer) (*lotledger.Result, error) { return w.status(c) })
}

// Batch runs many commands in one transaction: all are recorded or none.
// It is how bulk loads reach high event rates.
type Batch struct{ w *writer }

// Batch calls fn with a Batch and commits everything it recorded.
func (s *Store) Batch(ctx context.Context, fn func(b *Batch) error) error {
	return s.write(ctx, func(w *writer) error { return fn(&Batch{w}) })
}

// Receive records a receipt in the batch.
func (b *Batch) Receive(r lotledger.Receipt) (*lotledger.Result, error) { return b.w.receive(r) }

// Ship records a shipment in the batch.
func (b *Batch) Ship(sh lotledger.Shipment) (*lotledger.Result, error) { return b.w.ship(sh) }

// Transfer records a transfer in the batch.
func (b *Batch) Transfer(t lotledger.Transfer) (*lotledger.Result, error) { return b.w.transfer(t) }

// Produce records a production run in the batch.
func (b *Batch) Produce(p lotledger.Production) (*lotledger.Result, error) { return b.w.produce(p) }

// text checks a required free-text field.
func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return lotledger.Errorf(lotledger.EINVALID, field, "%s is required", field)
	}
	return nil
}

// locationFor resolves a location named in a request for stock to be at.
func (w *writer) locationFor(field, code string) (*locRow, error) {
	if err := required(field, code); err != nil {
		return nil, err
	}
	l, err := w.s.location(w.ctx, w.tx, code)
	if err != nil {
		return nil, unknown(err, field)
	}
	if l.Kind == lotledger.KindInTransit {
		return nil, lotledger.Errorf(lotledger.EINVALID, field, "%s is an in-transit location; stock reaches it only through a transfer between sites", code)
	}
	return l, nil
}

// partyFor resolves a party of the given kind.
func (w *writer) partyFor(field, code, kind string) (*partyRow, error) {
	if err := required(field, code); err != nil {
		return nil, err
	}
	p, err := w.s.party(w.ctx, w.tx, code)
	if err != nil {
		return nil, unknown(err, field)
	}
	if p.Kind != kind {
		return nil, lotledger.Errorf(lotledger.EINVALID, field, "party %s is a %s, not a %s", code, p.Kind, kind)
	}
	return p, nil
}

// itemFor resolves the SKU of a line.
func (w *writer) itemFor(field, sku string) (*itemRow, error) {
	if err := required(field, sku); err != nil {
		return nil, err
	}
	it, err := w.s.item(w.ctx, w.tx, sku)
	if err != nil {
		return nil, unknown(err, field)
	}
	return it, nil
}

func noLines(field string, n int) error {
	if n == 0 {
		return lotledger.Errorf(lotledger.EINVALID, field, "at least one line is required")
	}
	return nil
}

// takeLines removes the lines from loc: a line with a lot takes from that
// lot, a line without one is allocated first-expired-first-out.
func (w *writer) takeLines(ev *lotledger.Event, prefix string, lines []lotledger.Line, loc *locRow) error {
	if err := noLines(prefix, len(lines)); err != nil {
		return err
	}
	for i, ln := range lines {
		ln, err := w.scanLine(prefix, i, ln)
		if err != nil {
			return err
		}
		it, err := w.itemFor(lotledger.FieldPath(prefix, i, "sku"), ln.SKU)
		if err != nil {
			return err
		}
		qf := lotledger.FieldPath(prefix, i, "quantity")
		q, err := ln.Quantity.Parse(qf, true, it.UnitDecimals())
		if err != nil {
			return err
		}
		if ln.Lot == "" {
			if err := w.allocate(ev, qf, it, loc, q); err != nil {
				return err
			}
			continue
		}
		lf := lotledger.FieldPath(prefix, i, "lot")
		l, err := w.lot(lf, it, ln.Lot)
		if err != nil {
			return err
		}
		if err := w.take(ev, qf, l, loc, q, true); err != nil {
			if e := lotledger.AsError(err); e != nil && e.Code == lotledger.EBLOCKED {
				e.Field = lf
			}
			return err
		}
	}
	return nil
}

// ArriveTransfer records a transfer's arrival in the batch.
func (b *Batch) ArriveTransfer(a lotledger.Arrival) (*lotledger.Result, error) { return b.w.arrive(a) }

// Adjust records an adjustment in the batch.
func (b *Batch) Adjust(a lotledger.Adjustment) (*lotledger.Result, error) { return b.w.adjust(a) }

// Dispose records a disposal in the batch.
func (b *Batch) Dispose(d lotledger.Disposal) (*lotledger.Result, error) { return b.w.dispose(d) }

// Return records a customer return in the batch.
func (b *Batch) Return(r lotledger.Return) (*lotledger.Result, error) { return b.w.ret(r) }

// ChangeLotStatus records a status change in the batch.
func (b *Batch) ChangeLotStatus(c lotledger.StatusChange) (*lotledger.Result, error) {
	return b.w.status(c)
}
