package demo

import (
	"context"
	"fmt"
	"time"

	"lotledger"
)

// planReceipts schedules the deliveries to the plant: raw peanuts every
// Monday, salt and jars on the first Monday of a month, opening stock of all
// three on the first day, and a discounted delivery of last season's peanuts
// six days before the end, whose lots are the ones close to expiry: in six
// days the roaster runs at most twice and cannot use them all.
func (ld *loader) planReceipts(d int, day time.Time) {
	monday := day.Weekday() == time.Monday
	switch {
	case d == 0:
		ld.receivePeanuts(clock(day, zoneEastern, 7, 30), day, 2)
	case monday:
		ld.receivePeanuts(clock(day, zoneEastern, 7, 30), day, 1)
	}
	if d == 0 || monday && day.Day() <= 7 {
		ld.receiveSalt(clock(day, zoneEastern, 9, 0), day)
		ld.receiveJars(clock(day, zoneEastern, 10, 15), day)
	}
	if d == days-6 {
		ld.receiveCarryOver(clock(day, zoneEastern, 11, 30), day)
	}
}

// receivePeanuts schedules a delivery of n fresh lots of raw peanuts from the
// co-op, shelled a few days before; their expiry follows the item's shelf life.
func (ld *loader) receivePeanuts(at, day time.Time, n int) {
	var lines []lotledger.ReceiptLine
	for range n {
		kg := 850 + 50*ld.rng.IntN(5)
		lines = append(lines, lotledger.ReceiptLine{
			SKU:         SKURawPeanuts,
			SupplierLot: fmt.Sprintf("GPG%s-%04d", cropYear(day, 0), 1100+ld.rng.IntN(8900)),
			Quantity:    lotledger.Amount(fmt.Sprint(kg)),
			Produced:    string(lotledger.DateOf(day.AddDate(0, 0, -3-ld.rng.IntN(6)))),
		})
	}
	ld.schedule(at, receiptPlan{supplier: SupplierPeanuts, to: plantRawCold, lines: lines})
}

// receiveCarryOver schedules four lots of last season's peanuts that the co-op
// sold at a discount: they expire 11 to 28 days after now, and the plant
// cannot roast them all in time, which is what the expiry report is for.
func (ld *loader) receiveCarryOver(at, day time.Time) {
	today := lotledger.DateOf(ld.now)
	var lines []lotledger.ReceiptLine
	for i, left := range []int{11, 17, 23, 28} {
		expires := today.AddDays(left)
		lines = append(lines, lotledger.ReceiptLine{
			SKU:         SKURawPeanuts,
			SupplierLot: fmt.Sprintf("GPG%s-CO%02d", cropYear(day, 1), 41+i),
			Quantity:    "900",
			Produced:    string(expires.AddDays(-270)),
			Expires:     string(expires),
		})
	}
	ld.schedule(at, receiptPlan{supplier: SupplierPeanuts, to: plantRawCold, lines: lines, note: "carry-over"})
}

// receiveSalt schedules four 25 kg bags of salt.
func (ld *loader) receiveSalt(at, day time.Time) {
	lines := []lotledger.ReceiptLine{{
		SKU:         SKUSalt,
		SupplierLot: "GCS" + day.AddDate(0, 0, -20).Format("060102") + "-B",
		Quantity:    "100",
		Produced:    string(lotledger.DateOf(day.AddDate(0, 0, -20))),
	}}
	ld.schedule(at, receiptPlan{supplier: SupplierSalt, to: plantRawDry, lines: lines})
}

// receiveJars schedules two pallets of jars from two furnace runs.
func (ld *loader) receiveJars(at, day time.Time) {
	var lines []lotledger.ReceiptLine
	for furnace := 1; furnace <= 2; furnace++ {
		made := day.AddDate(0, 0, -10-ld.rng.IntN(10))
		lines = append(lines, lotledger.ReceiptLine{
			SKU:         SKUJar,
			SupplierLot: fmt.Sprintf("PG%s%03d-F%d", made.Format("06"), made.YearDay(), furnace),
			Quantity:    "4800",
			Produced:    string(lotledger.DateOf(made)),
		})
	}
	ld.schedule(at, receiptPlan{supplier: SupplierJars, to: plantRawDry, lines: lines})
}

// cropYear names in two digits the peanut crop on sale at day (from
// September the year's own harvest, before that the previous year's), or the
// crop back seasons earlier.
func cropYear(day time.Time, back int) string {
	y := day.Year()
	if day.Month() < time.September {
		y--
	}
	return fmt.Sprintf("%02d", (y-back)%100)
}

// receiptPlan is one delivery to the plant's dock and where it is put away.
type receiptPlan struct {
	supplier string
	to       string // the bin the goods are put away into
	note     string
	lines    []lotledger.ReceiptLine
}

// schedule puts the receipt on the agenda; the put-away follows it.
func (ld *loader) schedule(at time.Time, p receiptPlan) {
	po := ld.number("PO", 4510230)
	if p.note != "" {
		po += "-" + p.note
	}
	ld.agenda.add(at, "receive "+po, func(ctx context.Context, at time.Time) error {
		r := lotledger.Receipt{Time: stamp(at), Supplier: p.supplier, Location: plantDock, Reference: po, Lines: p.lines}
		res, err := ld.record(ld.l.Receive(as(ctx, userReceiving), r))
		if err != nil {
			return err
		}
		lines := movedTo(res, plantDock)
		ld.agenda.add(at.Add(40*time.Minute), "put away "+po, ld.move(plantDock, p.to, po, userReceiving, lines))
		return nil
	})
}

// movedTo lists the lots and quantities an event added at loc, as lines.
func movedTo(res *lotledger.Result, loc string) []lotledger.Line {
	var lines []lotledger.Line
	for _, m := range res.Moves {
		if m.Location == loc && m.Quantity > 0 {
			lines = append(lines, lotledger.Line{SKU: m.SKU, Lot: m.Lot, Quantity: amount(m.Quantity)})
		}
	}
	return lines
}

// move returns a step that transfers lines between two locations.
func (ld *loader) move(from, to, ref, user string, lines []lotledger.Line) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		t := lotledger.Transfer{Time: stamp(at), From: from, To: to, Reference: ref, Lines: lines}
		_, err := ld.record(ld.l.Transfer(as(ctx, user), t))
		return err
	}
}
