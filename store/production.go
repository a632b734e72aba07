package store

import (
	"lotledger"
)

func (w *writer) produce(p lotledger.Production) (*lotledger.Result, error) {
	return w.command(lotledger.KindProduce, p.ID, p, func(ev *lotledger.Event) error {
		if err := w.eventTime(ev, p.Time); err != nil {
			return err
		}
		loc, err := w.locationFor("location", p.Location)
		if err != nil {
			return err
		}
		ev.Location, ev.Reference, ev.OverrideReason = loc.Code, p.Reference, p.OverrideReason
		if err := w.takeLines(ev, "inputs", p.Inputs, loc); err != nil {
			return err
		}
		if err := noLines("outputs", len(p.Outputs)); err != nil {
			return err
		}
		inputs := append([]lotledger.Move(nil), ev.Moves...)
		for i, out := range p.Outputs {
			if err := w.produceLine(ev, i, out, loc, inputs); err != nil {
				return err
			}
		}
		return nil
	})
}

// produceLine makes one output lot: a new lot, or more of an existing one.
// A new lot's expiry defaults to production date + shelf life, or to the
// earliest expiry among the inputs when that comes sooner.
func (w *writer) produceLine(ev *lotledger.Event, i int, out lotledger.OutputLine, loc *locRow, inputs []lotledger.Move) error {
	f := func(name string) string { return lotledger.FieldPath("outputs", i, name) }
	it, err := w.itemFor(f("sku"), out.SKU)
	if err != nil {
		return err
	}
	q, err := out.Quantity.Parse(f("quantity"), true, it.UnitDecimals())
	if err != nil {
		return err
	}
	produced, err := lotledger.ParseDate(f("produced"), out.Produced)
	if err != nil {
		return err
	}
	expires, err := lotledger.ParseDate(f("expires"), out.Expires)
	if err != nil {
		return err
	}
	if produced == "" {
		produced = lotledger.DateOf(ev.Time)
	}
	if expires.Before(produced) {
		return lotledger.Errorf(lotledger.EINVALID, f("expires"), "expiry %s is before production %s", expires, produced)
	}
	var l *lotRow
	if out.Lot != "" {
		if l, err = w.findLot(it, out.Lot); err != nil {
			return err
		}
	}
	if l != nil {
		for _, in := range inputs {
			if in.LotID == l.id {
				return lotledger.Errorf(lotledger.EINVALID, f("lot"), "lot %s of %s is an input of this production run; it cannot also be an output", l.code, it.SKU)
			}
		}
	} else {
		if expires == "" {
			expires = w.outputExpiry(it, produced, inputs)
		}
		l = &lotRow{item: it, code: out.Lot, produced: produced, expires: expires}
		if err := w.createLot(ev, f("lot"), l, ""); err != nil {
			return err
		}
	}
	w.move(ev, l, loc, q)
	return nil
}

func (w *writer) outputExpiry(it *itemRow, produced lotledger.Date, inputs []lotledger.Move) lotledger.Date {
	var exp lotledger.Date
	if it.ShelfLifeDays > 0 {
		exp = produced.AddDays(it.ShelfLifeDays)
	}
	for _, in := range inputs {
		var e lotledger.Date
		if l := w.newLots[lotKey{w.s.itemID(in.SKU), in.Lot}]; l != nil {
			e = l.expires
		} else if l := w.txLotsByID[in.LotID]; l != nil {
			e = l.expires
		} else if err := w.queryRow(`SELECT expires FROM lots WHERE id = $1`, in.LotID).Scan(&e); err != nil {
			continue
		}
		if e != "" && (exp == "" || e < exp) {
			exp = e
		}
	}
	return exp
}
