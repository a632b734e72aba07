package baseline

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// randomDataset generates n lots with a plausible, messy history: raw lots
// received from suppliers (some twice, a few never), made lots produced in
// one or two runs from 1–4 lower-level lots (silo lots in many of them, now
// and then any lot at all, which makes loops), reworks of a lot into itself,
// make-to-order chains, transfers through transit, shipments, returns and
// scrap. The same seed gives the same dataset.
func randomDataset(seed uint64, n int) *Dataset {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	d := &Dataset{}
	loc := func(id int64, name, usage string) int64 {
		d.Locations = append(d.Locations, Location{id, name, usage})
		return id
	}
	suppliers := []int64{loc(1, "SUP-1", UsageSupplier), loc(2, "SUP-2", UsageSupplier), loc(3, "SUP-3", UsageSupplier)}
	internal := []int64{loc(10, "WH-A", UsageInternal), loc(11, "WH-B", UsageInternal), loc(12, "LINE", UsageInternal)}
	transit := loc(13, "TRANSIT", UsageTransit)
	production := loc(20, "Virtual/Production", UsageProduction)
	var customers []int64
	for i := range 7 {
		customers = append(customers, loc(int64(30+i), fmt.Sprintf("CUST-%d", i), UsageCustomer))
	}
	scrap := loc(40, "Virtual/Scrap", UsageInventory)
	for p := range 12 {
		d.Products = append(d.Products, int64(100+p))
	}

	g := &generator{rng: rng, d: d, now: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	level := func(i int) int { return i * 4 / n }
	for i := range n {
		product := int64(100 + level(i)*3 + rng.IntN(3))
		d.Lots = append(d.Lots, Lot{ID: int64(i + 1), ProductID: product, Name: fmt.Sprintf("P%d|L%04d", product, i)})
	}
	for i := range n {
		lot := int64(i + 1)
		if level(i) == 0 {
			if rng.IntN(30) == 0 {
				continue // a lot never received
			}
			for range 1 + rng.IntN(2) {
				g.line(lot, pick(rng, suppliers), pick(rng, internal), 50+rng.Int64N(150))
			}
			continue
		}
		for run := range 1 + boolInt(rng.IntN(7) == 0) {
			var components []int64
			for range 1 + rng.IntN(4) {
				var c int
				switch r := rng.IntN(20); {
				case r < 4:
					c = rng.IntN(3) // a silo lot
				case r == 4:
					c = rng.IntN(n) // any lot: loops
				default:
					c = rng.IntN(max(1, i*level(i)/4)) // a lower level
				}
				components = append(components, int64(c+1))
			}
			if run == 1 && rng.IntN(2) == 0 {
				components = append(components, lot) // rework into itself
			}
			g.produce(lot, internal[2], production, components)
		}
	}
	// Rework loops across lots: a lot made back from one it went into.
	for range n / 30 {
		x := int64(1 + rng.IntN(n))
		if ys := g.usedIn[x]; len(ys) > 0 {
			g.produce(x, internal[2], production, []int64{pick(rng, ys)})
		}
	}
	for i := range n {
		g.distribute(int64(i+1), internal, transit, customers, scrap)
	}
	return d
}

// generator appends lines in time order.
type generator struct {
	rng    *rand.Rand
	d      *Dataset
	now    time.Time
	byLot  map[int64][]MoveLine
	usedIn map[int64][]int64 // lot → lots made from it
	lineID int64
}

func (g *generator) line(lot, from, to, qty int64) MoveLine {
	g.now = g.now.Add(time.Duration(1+g.rng.IntN(90)) * time.Second)
	g.lineID++
	l := MoveLine{ID: g.lineID, MoveID: 100000 + g.lineID, ProductID: g.d.Lots[lot-1].ProductID, LotID: lot,
		LocationID: from, LocationDestID: to, Date: g.now, Qty: qty}
	if g.byLot == nil {
		g.byLot = map[int64][]MoveLine{}
	}
	if prev := g.byLot[lot]; len(prev) > 0 && g.rng.IntN(5) == 0 {
		// a make-to-order chain from an earlier move of the same lot
		g.d.MoveRels = append(g.d.MoveRels, MoveRel{Orig: pick(g.rng, prev).MoveID, Dest: l.MoveID})
	}
	g.byLot[lot] = append(g.byLot[lot], l)
	g.d.Lines = append(g.d.Lines, l)
	return l
}

func (g *generator) produce(lot, at, production int64, components []int64) {
	var parts []int64
	seen := map[int64]bool{}
	for _, c := range components {
		if seen[c] {
			continue
		}
		seen[c] = true
		if g.usedIn == nil {
			g.usedIn = map[int64][]int64{}
		}
		g.usedIn[c] = append(g.usedIn[c], lot)
		if g.rng.IntN(2) == 0 {
			g.line(c, 10, at, 5+g.rng.Int64N(20)) // brought to the line first
		}
		parts = append(parts, g.line(c, at, production, 1+g.rng.Int64N(10)).ID)
	}
	f := g.line(lot, production, at, 10+g.rng.Int64N(40))
	for _, p := range parts {
		g.d.Consumes = append(g.d.Consumes, Consume{ConsumeLineID: f.ID, ProduceLineID: p})
	}
}

func (g *generator) distribute(lot int64, internal []int64, transit int64, customers []int64, scrap int64) {
	rng := g.rng
	if rng.IntN(3) == 0 {
		g.line(lot, internal[2], transit, 5)
		g.line(lot, transit, internal[0], 4+rng.Int64N(2))
	}
	for range rng.IntN(4) {
		c := pick(rng, customers)
		qty := 1 + rng.Int64N(8)
		g.line(lot, pick(rng, internal), c, qty)
		if rng.IntN(5) == 0 {
			g.line(lot, c, internal[0], 1+rng.Int64N(qty)) // a return
		}
	}
	if rng.IntN(10) == 0 {
		g.line(lot, pick(rng, internal), scrap, 1+rng.Int64N(3))
	}
}

func pick[T any](rng *rand.Rand, s []T) T { return s[rng.IntN(len(s))] }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
