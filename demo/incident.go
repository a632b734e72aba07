package demo

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"lotledger"
)

// planIncidents schedules what goes wrong now and then: two returns, two
// cycle-count corrections and a case crushed by a forklift.
func (ld *loader) planIncidents() {
	marietta, fortWorth := ld.shops[1], ld.shops[7]
	ld.agenda.add(clock(ld.day(45), dcZone(marietta.dc), 14, 10), "return from "+marietta.code,
		ld.returnGoods(marietta, need{SKUCreamy, lotledger.Units(12)}, "customer complaint: lids not sealed on one case",
			func(ref lotledger.LotRef, rma string, at time.Time) {
				ld.agenda.add(at.Add(19*time.Hour), "destroy returned "+ref.Lot, ld.dispose(dcReturns(marietta.dc),
					need{ref.SKU, lotledger.Units(12)}, "returned jars with unsealed lids destroyed after QA review"))
			}))
	ld.agenda.add(clock(ld.day(60), zoneEastern, 16, 40), "count "+dcRack(dcAtlanta),
		ld.adjust(dcRack(dcAtlanta), need{SKUCreamy, -lotledger.Units(2)}, "cycle count: 2 jars short in bay A1-04"))
	ld.agenda.add(clock(ld.day(70), zoneCentral, 9, 25), "dispose at "+dcRack(dcDallas),
		ld.dispose(dcRack(dcDallas), need{SKUCrunchy, lotledger.Units(12)}, "case crushed by forklift during put-away"))
	ld.agenda.add(clock(ld.day(88), dcZone(fortWorth.dc), 15, 0), "return from "+fortWorth.code,
		ld.returnGoods(fortWorth, need{SKUCreamy, lotledger.Units(24)}, "store remodel: unsold stock returned",
			func(ref lotledger.LotRef, rma string, at time.Time) {
				lines := []lotledger.Line{{SKU: ref.SKU, Lot: ref.Lot, Quantity: "24"}}
				ld.agenda.add(at.Add(20*time.Hour), "restock returned "+ref.Lot,
					ld.move(dcReturns(fortWorth.dc), dcRack(fortWorth.dc), rma, dcUser(fortWorth.dc), lines))
			}))
	ld.agenda.add(clock(ld.day(96), zoneEastern, 17, 5), "count "+plantRawDry,
		ld.adjust(plantRawDry, need{SKUSalt, lotledger.MustQuantity("0.85")}, "cycle count: salt bags over label weight"))
}

// returnGoods returns a step in which a store sends back part of a lot from
// its last delivery; then schedules what happens to the returned goods.
func (ld *loader) returnGoods(s shop, n need, reason string, then func(ref lotledger.LotRef, rma string, at time.Time)) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		ref, ok := ld.returnable(s.code, n)
		if !ok {
			return fmt.Errorf("plan: %s received no lot of %s with %s to return", s.code, n.sku, n.q)
		}
		rma := ld.number("RMA", 5100)
		r := lotledger.Return{Time: stamp(at), Customer: s.code, Location: dcReturns(s.dc), Reference: rma, Reason: reason,
			Lines: []lotledger.Line{{SKU: ref.SKU, Lot: ref.Lot, Quantity: amount(n.q)}}}
		if _, err := ld.record(ld.l.Return(as(ctx, dcUser(s.dc)), r)); err != nil {
			return err
		}
		ld.delivered[s.code][ref] -= n.q
		then(ref, rma, at)
		return nil
	}
}

// returnable finds a lot the customer can send n of back: from its last
// delivery if it can, else the newest lot it received.
func (ld *loader) returnable(customer string, n need) (lotledger.LotRef, bool) {
	got := ld.delivered[customer]
	older := slices.SortedFunc(maps.Keys(got), func(a, b lotledger.LotRef) int { return cmp.Compare(b.Lot, a.Lot) })
	for _, ref := range append(slices.Clone(ld.lastShip[customer]), older...) {
		if ref.SKU == n.sku && got[ref] >= n.q {
			return ref, true
		}
	}
	return lotledger.LotRef{}, false
}

// dispose returns a step that destroys a quantity at loc, first expiring first.
func (ld *loader) dispose(loc string, n need, reason string) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		lines, err := ld.stock.pick(loc, n.sku, n.q, lotledger.DateOf(at))
		if err != nil {
			return err
		}
		d := lotledger.Disposal{Time: stamp(at), Location: loc, Reason: reason, Lines: lines}
		_, err = ld.record(ld.l.Dispose(as(ctx, siteUser(loc)), d))
		return err
	}
}

// adjust returns a step that corrects the first-expiring lot of n.sku at loc
// by the signed quantity n.q after a count.
func (ld *loader) adjust(loc string, n need, reason string) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		var lot string
		for _, ref := range ld.stock.fefo(loc, n.sku, lotledger.DateOf(at)) {
			if ld.stock.qty[loc][ref]+n.q >= 0 {
				lot = ref.Lot
				break
			}
		}
		if lot == "" {
			return fmt.Errorf("plan: no lot of %s at %s to correct by %s", n.sku, loc, n.q)
		}
		a := lotledger.Adjustment{Time: stamp(at), Location: loc, Reason: reason,
			Lines: []lotledger.Line{{SKU: n.sku, Lot: lot, Quantity: amount(n.q)}}}
		_, err := ld.record(ld.l.Adjust(as(ctx, siteUser(loc)), a))
		return err
	}
}

// siteUser returns who works at loc: a centre's warehouse lead, or at the
// plant the receiving operator, who also counts the stores.
func siteUser(loc string) string {
	for _, dc := range []string{dcAtlanta, dcDallas} {
		if strings.HasPrefix(loc, dc+"-") {
			return dcUser(dc)
		}
	}
	return userReceiving
}
