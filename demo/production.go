package demo

import (
	"context"
	"fmt"
	"time"

	"lotledger"
)

// Production parameters: a roaster batch, a filling run, and how long each
// takes from staging to the finished lot.
const (
	roastBatchKg   = 460
	roastDuration  = 7 * time.Hour
	fillDuration   = 8*time.Hour + 30*time.Minute
	minFillJars    = 120
	jarsPerCase    = 12
	microHoldAfter = 90 * time.Minute
)

// planProduction schedules the week at the plant: roasting on Tuesday and
// Thursday, crunchy on Monday, creamy on Wednesday and Friday.
func (ld *loader) planProduction(day time.Time) {
	switch day.Weekday() {
	case time.Tuesday, time.Thursday:
		ld.agenda.add(clock(day, zoneEastern, 6, 0), "stage raw peanuts", ld.stageRoast)
	case time.Monday:
		ld.planFill(day, SKUCrunchy)
	case time.Wednesday, time.Friday:
		ld.planFill(day, SKUCreamy)
	}
}

// stageRoast moves a roaster batch of raw peanuts, first expiring first, from
// the cold store to the roaster and schedules the roast.
func (ld *loader) stageRoast(ctx context.Context, at time.Time) error {
	day := lotledger.DateOf(at)
	batch := lotledger.Units(roastBatchKg)
	avail := ld.stock.available(plantRawCold, SKURawPeanuts, day)
	batch = min(batch, avail-avail%lotledger.Units(25))
	if batch < lotledger.Units(200) {
		return nil // not enough peanuts on hand yet: no roast today
	}
	lines, err := ld.stock.pick(plantRawCold, SKURawPeanuts, batch, day)
	if err != nil {
		return err
	}
	order := ld.number("RO", 7100)
	if err := ld.move(plantRawCold, plantRoaster, order, userProduction, lines)(ctx, at); err != nil {
		return err
	}
	ld.agenda.add(at.Add(roastDuration), "roast "+order, ld.roast(order))
	return nil
}

// roast consumes everything at the roaster and makes one lot of roasted
// peanuts, which then goes to the filler.
func (ld *loader) roast(order string) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		day := lotledger.DateOf(at)
		raw := ld.stock.available(plantRoaster, SKURawPeanuts, day)
		inputs, err := ld.stock.pick(plantRoaster, SKURawPeanuts, raw, day)
		if err != nil {
			return err
		}
		out := raw * roastYield / 100
		p := lotledger.Production{Time: stamp(at), Location: plantRoaster, Reference: order, Inputs: inputs,
			Outputs: []lotledger.OutputLine{{SKU: SKURoastedPeanuts, Quantity: amount(out)}}}
		res, err := ld.record(ld.l.Produce(as(ctx, userProduction), p))
		if err != nil {
			return err
		}
		lot, err := madeLot(res, SKURoastedPeanuts)
		if err != nil {
			return err
		}
		lines := []lotledger.Line{{SKU: SKURoastedPeanuts, Lot: lot, Quantity: amount(out)}}
		ld.agenda.add(at.Add(30*time.Minute), "move roasted "+lot, ld.move(plantRoaster, plantFiller, order, userProduction, lines))
		return nil
	}
}

// madeLot returns the code of the lot of sku that a production created.
func madeLot(res *lotledger.Result, sku string) (string, error) {
	for _, nl := range res.Lots {
		if nl.SKU == sku {
			return nl.Lot, nil
		}
	}
	return "", fmt.Errorf("production %s made no new lot of %s", res.Reference, sku)
}

// fillRun is one planned filling run of peanut butter.
type fillRun struct {
	sku        string
	start      time.Time
	order      string
	jars       int
	labelCheck bool // quality holds the lot for a label check and releases it the next day
	micro      bool // quality holds the lot pending micro test results (the demo's held lot)
}

func (ld *loader) planFill(day time.Time, sku string) {
	r := &fillRun{sku: sku, start: clock(day, zoneEastern, 6, 30)}
	ld.fills = append(ld.fills, r)
	ld.agenda.add(r.start, "stage filling run", ld.stageFill(r))
}

// stageFill sizes the run to what the line has (roasted peanuts at the
// filler, salt and jars in the dry store), stages salt and jars, and
// schedules the run.
func (ld *loader) stageFill(r *fillRun) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		r.jars = ld.fillSize(r.sku, lotledger.DateOf(at))
		if r.jars < minFillJars {
			if r.labelCheck || r.micro {
				return fmt.Errorf("plan: the %s run that quality holds has material for %d jars only", r.sku, r.jars)
			}
			return nil // not enough roasted peanuts yet: no run today
		}
		r.order = ld.number("FO", 3300)
		lines, err := ld.pickAll(plantRawDry, r.needs(false), lotledger.DateOf(at))
		if err != nil {
			return err
		}
		if err := ld.move(plantRawDry, plantFiller, r.order, userProduction, lines)(ctx, at); err != nil {
			return err
		}
		ld.agenda.add(at.Add(fillDuration), "fill "+r.order, ld.fill(r))
		return nil
	}
}

// runJars is the planned size of a filling run: 54 cases of creamy, 50 of
// crunchy, about what the stores order in the days until the next run.
func runJars(sku string) int {
	if sku == SKUCrunchy {
		return 50 * jarsPerCase
	}
	return 54 * jarsPerCase
}

// fillSize is the largest run up to runJars, in whole cases, that the
// materials on hand allow.
func (ld *loader) fillSize(sku string, day lotledger.Date) int {
	rc := recipeFor(sku)
	n := min(
		runJars(sku),
		int(ld.stock.available(plantFiller, SKURoastedPeanuts, day)/rc.roasted),
		int(ld.stock.available(plantRawDry, SKUSalt, day)/rc.salt),
		int(ld.stock.available(plantRawDry, SKUJar, day)/lotledger.Units(1)),
	)
	return n - n%jarsPerCase
}

// need is a quantity of one item that a step requires.
type need struct {
	sku string
	q   lotledger.Quantity
}

// needs lists what the run consumes: salt and jars, which are staged from
// the dry store, and, when the run itself starts, the roasted peanuts.
func (r *fillRun) needs(withRoasted bool) []need {
	rc, n := recipeFor(r.sku), lotledger.Quantity(r.jars)
	ns := []need{{SKUSalt, rc.salt * n}, {SKUJar, lotledger.Units(int64(r.jars))}}
	if withRoasted {
		ns = append([]need{{SKURoastedPeanuts, rc.roasted * n}}, ns...)
	}
	return ns
}

// pickAll allocates every need at loc, first expiring first.
func (ld *loader) pickAll(loc string, needs []need, day lotledger.Date) ([]lotledger.Line, error) {
	var lines []lotledger.Line
	for _, w := range needs {
		l, err := ld.stock.pick(loc, w.sku, w.q, day)
		if err != nil {
			return nil, err
		}
		lines = append(lines, l...)
	}
	return lines, nil
}

// bestBefore is the date printed on a jar filled at t: a year of shelf life.
// It is given explicitly because the store's default caps an output's expiry
// at its earliest input's, and peanuts roasted days before their own expiry
// still make peanut butter that keeps a year.
func bestBefore(t time.Time) lotledger.Date {
	return lotledger.DateOf(t).AddDays(peanutButterShelfLifeDays)
}

// fill grinds and fills the run, puts the jars away in finished goods and
// schedules quality's holds.
func (ld *loader) fill(r *fillRun) func(context.Context, time.Time) error {
	return func(ctx context.Context, at time.Time) error {
		inputs, err := ld.pickAll(plantFiller, r.needs(true), lotledger.DateOf(at))
		if err != nil {
			return err
		}
		p := lotledger.Production{Time: stamp(at), Location: plantFiller, Reference: r.order, Inputs: inputs,
			Outputs: []lotledger.OutputLine{{SKU: r.sku, Quantity: amount(lotledger.Units(int64(r.jars))),
				Expires: string(bestBefore(at))}}}
		res, err := ld.record(ld.l.Produce(as(ctx, userProduction), p))
		if err != nil {
			return err
		}
		lot, err := madeLot(res, r.sku)
		if err != nil {
			return err
		}
		lines := []lotledger.Line{{SKU: r.sku, Lot: lot, Quantity: amount(lotledger.Units(int64(r.jars)))}}
		ld.agenda.add(at.Add(45*time.Minute), "put away "+lot, ld.move(plantFiller, plantFG, r.order, userProduction, lines))
		ld.planQuality(r, lotledger.LotRef{SKU: r.sku, Lot: lot}, at)
		return nil
	}
}
