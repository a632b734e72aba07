package demo

import (
	"context"
	"time"

	"lotledger"
)

// dcTargets lists the stock a distribution centre aims to hold of each item
// (on hand plus on the road), a week and a half of its stores' orders.
func dcTargets() []need {
	return []need{{SKUCreamy, lotledger.Units(900)}, {SKUCrunchy, lotledger.Units(450)}}
}

// transit is a transfer between sites that has not arrived yet.
type transit struct {
	dc  string
	qty map[string]lotledger.Quantity // by SKU
}

// planReplenishment schedules the trucks from the plant to the distribution
// centres on Tuesday and Friday.
func (ld *loader) planReplenishment(day time.Time) {
	if wd := day.Weekday(); wd != time.Tuesday && wd != time.Friday {
		return
	}
	ld.agenda.add(clock(day, zoneEastern, 10, 0), "replenish "+dcAtlanta, ld.replenish(dcAtlanta))
	ld.agenda.add(clock(day, zoneEastern, 11, 0), "replenish "+dcDallas, ld.replenish(dcDallas))
}

// replenish sends a distribution centre what it lacks of its target, in whole
// cases of released finished goods, first expiring first, and schedules the
// truck's arrival: next morning in Atlanta, two days later in Dallas.
func (ld *loader) replenish(dc string) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		lines, qty, err := ld.replenishment(dc, lotledger.DateOf(at))
		if err != nil || len(lines) == 0 {
			return err
		}
		bol := ld.number("BOL-DRF", 880100)
		t := lotledger.Transfer{Time: stamp(at), From: plantFG, To: dcRack(dc), Reference: bol, Lines: lines}
		res, err := ld.record(ld.l.Transfer(as(ctx, userProduction), t))
		if err != nil {
			return err
		}
		ld.transits[res.ID] = transit{dc: dc, qty: qty}
		ld.agenda.add(arrivalTime(dc, at), "arrive "+bol, ld.arrive(res.ID))
		return nil
	}
}

// replenishment computes the lines of a truck to dc.
func (ld *loader) replenishment(dc string, day lotledger.Date) ([]lotledger.Line, map[string]lotledger.Quantity, error) {
	var lines []lotledger.Line
	qty := make(map[string]lotledger.Quantity)
	cs := lotledger.Units(jarsPerCase)
	for _, t := range dcTargets() {
		need := t.q - ld.stock.available(dcRack(dc), t.sku, day) - ld.inTransit(dc, t.sku)
		avail := ld.stock.available(plantFG, t.sku, day)
		q := min(need-need%cs, avail-avail%cs)
		if q <= 0 {
			continue
		}
		l, err := ld.stock.pick(plantFG, t.sku, q, day)
		if err != nil {
			return nil, nil, err
		}
		lines = append(lines, l...)
		qty[t.sku] = q
	}
	return lines, qty, nil
}

func arrivalTime(dc string, left time.Time) time.Time {
	if dc == dcDallas {
		return clock(left.AddDate(0, 0, 2), zoneCentral, 7, 15)
	}
	return clock(left.AddDate(0, 0, 1), zoneEastern, 6, 30)
}

// inTransit is the quantity of sku on the road to dc.
func (ld *loader) inTransit(dc, sku string) lotledger.Quantity {
	var sum lotledger.Quantity
	for _, t := range ld.transits {
		if t.dc == dc {
			sum += t.qty[sku]
		}
	}
	return sum
}

// arrive returns a step that completes the transfer with event id id.
func (ld *loader) arrive(id string) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		a := lotledger.Arrival{Time: stamp(at), Transfer: id}
		if _, err := ld.record(ld.l.ArriveTransfer(as(ctx, dcUser(ld.transits[id].dc)), a)); err != nil {
			return err
		}
		delete(ld.transits, id)
		return nil
	}
}
