package demo

import "time"

// plan lays out the whole timeline on the agenda. Quantities that depend on
// chance are drawn here, in day order, so the random sequence never depends on
// what the store answered; quantities that depend on stock are decided when a
// step runs.
func (ld *loader) plan() {
	for d := range days {
		day := ld.day(d)
		ld.planReceipts(d, day)
		ld.planProduction(day)
		ld.planReplenishment(day)
		ld.planShipments(day)
	}
	ld.planIncidents()
	ld.markHolds()
}

// markHolds picks the filling runs whose lots quality puts on hold: the
// first crunchy run after day 50 gets a label check (held, then released the
// next day) and the last creamy run finished well before now waits for its
// micro results.
func (ld *loader) markHolds() {
	labelDay := ld.day(50)
	var label, micro *fillRun
	for _, r := range ld.fills {
		if label == nil && r.sku == SKUCrunchy && !r.start.Before(labelDay) {
			label = r
		}
		if r.sku == SKUCreamy && r.start.Add(fillDuration+2*time.Hour).Before(ld.now) {
			micro = r
		}
	}
	if label != nil {
		label.labelCheck = true
	}
	if micro != nil {
		micro.micro = true
	}
}

// day returns midnight at the plant on day d of the timeline.
func (ld *loader) day(d int) time.Time { return ld.start.AddDate(0, 0, d) }
