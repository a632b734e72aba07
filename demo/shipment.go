package demo

import (
	"context"
	"time"

	"lotledger"
)

// deliveryDays returns the two weekdays on which the store at index i of
// shops gets its deliveries: three rounds, so each centre ships every day.
func deliveryDays(i int) [2]time.Weekday {
	rounds := [3][2]time.Weekday{
		{time.Monday, time.Thursday},
		{time.Tuesday, time.Friday},
		{time.Wednesday, time.Saturday},
	}
	return rounds[i%3]
}

// planShipments schedules each store's orders on its two delivery days: a
// few cases of creamy and fewer of crunchy, picked early in the morning.
func (ld *loader) planShipments(day time.Time) {
	for i, s := range ld.shops {
		if dd := deliveryDays(i); day.Weekday() != dd[0] && day.Weekday() != dd[1] {
			continue
		}
		at := clock(day, dcZone(s.dc), 5, 30).Add(time.Duration(i%6) * 20 * time.Minute)
		order := []need{
			{SKUCreamy, lotledger.Units(int64(jarsPerCase * (2 + ld.rng.IntN(5))))},
			{SKUCrunchy, lotledger.Units(int64(jarsPerCase * (1 + ld.rng.IntN(3))))},
		}
		ld.agenda.add(at, "ship to "+s.code, ld.ship(s, order))
	}
}

// ship sends a store its order, cut to the whole cases the distribution
// centre has. The lots are left out: the store allocates them first expiring
// first, as a warehouse operator would pick them.
func (ld *loader) ship(s shop, order []need) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		rack, day, cs := dcRack(s.dc), lotledger.DateOf(at), lotledger.Units(jarsPerCase)
		var lines []lotledger.Line
		for _, o := range order {
			avail := ld.stock.available(rack, o.sku, day)
			if q := min(o.q, avail-avail%cs); q > 0 {
				lines = append(lines, lotledger.Line{SKU: o.sku, Quantity: amount(q)})
			}
		}
		if len(lines) == 0 {
			return nil // nothing in the racks yet (the first days): the order waits
		}
		sh := lotledger.Shipment{Time: stamp(at), From: rack, Customer: s.code, Reference: ld.number("SO", 61000), Lines: lines}
		res, err := ld.record(ld.l.Ship(as(ctx, dcUser(s.dc)), sh))
		if err != nil {
			return err
		}
		ld.deliver(s.code, res)
		return nil
	}
}

// deliver remembers which lots a customer received, for returns.
func (ld *loader) deliver(customer string, res *lotledger.Result) {
	got := ld.delivered[customer]
	if got == nil {
		got = make(map[lotledger.LotRef]lotledger.Quantity)
		ld.delivered[customer] = got
	}
	var lots []lotledger.LotRef
	for _, m := range res.Moves {
		if m.Quantity < 0 {
			ref := lotledger.LotRef{SKU: m.SKU, Lot: m.Lot}
			got[ref] -= m.Quantity
			lots = append(lots, ref)
		}
	}
	ld.lastShip[customer] = lots
}
