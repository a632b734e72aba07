// Package demo loads the demo supply chain that `lotledger serve --demo` shows
// a newcomer: the founding story of lotledger, told as four months of a
// peanut-butter business. A Georgia co-op delivers raw peanuts every week; the
// Macon plant roasts them, grinds them with salt and fills jars; trucks take
// the jars to distribution centres in Atlanta and Dallas, which ship them to
// twelve stores. Along the way there are customer returns, a cycle count, a
// damaged case, a label check, lots close to their expiry date and, at the
// end, one fresh lot on hold pending micro test results.
//
// The loader uses only the lotledger.Ledger interface, as any client would,
// so the demo also exercises validation, lot-code templates, first-expired-
// first-out allocation, transfers through in-transit and the genealogy.
// It plans every move from a mirror of the stock that the store's own answers
// keep current, so it never asks for more than is there; any error from the
// store stops the load at once.
package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"lotledger"
)

// days is the length of the timeline, ending on the day of now.
const days = 120

// seedA and seedB make the data set identical on every load for a given now
// (FSMA section 204; the Food Safety Modernization Act was signed in 2011).
const seedA, seedB = 204, 2011

// Users who act in the demo; every event records one of them.
const (
	userReceiving  = "maria.lopez"
	userProduction = "dwayne.carter"
	userQuality    = "priya.shah"
)

// dcUser returns the warehouse lead of a distribution centre.
func dcUser(dc string) string {
	if dc == dcDallas {
		return "rosa.alvarez"
	}
	return "tom.becker"
}

// Load creates the demo data set through l, as a user of the API would: master
// data first, then about four months of events ending just before now, in time
// order. It is deterministic for a given now. The data set is loaded once per
// database: if its items already exist, Load changes nothing and returns an
// error with code lotledger.ECONFLICT (see Loaded). Any other failure stops
// the load and is returned with the step that failed; events recorded before
// it stay in the ledger, which is append-only.
func Load(ctx context.Context, l lotledger.Ledger, now time.Time) (*Summary, error) {
	loaded, err := Loaded(ctx, l)
	if err != nil {
		return nil, fmt.Errorf("load demo: %w", err)
	}
	if loaded {
		return nil, fmt.Errorf("load demo: %w", lotledger.Errorf(lotledger.ECONFLICT, "",
			"the demo data set is already loaded in this database (item %s exists)", SKUCreamy))
	}
	ld := newLoader(l, now)
	if err := ld.createMasterData(ctx); err != nil {
		return nil, fmt.Errorf("load demo: %w", err)
	}
	ld.plan()
	if err := ld.run(ctx); err != nil {
		return nil, fmt.Errorf("load demo: %w", err)
	}
	sum, err := ld.summary()
	if err != nil {
		return nil, fmt.Errorf("load demo: %w", err)
	}
	return sum, nil
}

// Loaded reports whether the demo data set is already in l, judged by its
// creamy peanut butter item.
func Loaded(ctx context.Context, l lotledger.Ledger) (bool, error) {
	_, err := l.Item(ctx, SKUCreamy)
	switch lotledger.ErrorCode(err) {
	case "":
		return true, nil
	case lotledger.ENOTFOUND:
		return false, nil
	}
	return false, fmt.Errorf("look for demo item %s: %w", SKUCreamy, err)
}

// loader holds the state of one Load.
type loader struct {
	l      lotledger.Ledger
	now    time.Time
	start  time.Time // midnight at the plant on the first day
	rng    *rand.Rand
	shops  []shop
	stock  *stock
	agenda agenda
	fills  []*fillRun

	transits  map[string]transit                                 // open transfers by event id
	delivered map[string]map[lotledger.LotRef]lotledger.Quantity // customer → lot → net quantity
	lastShip  map[string][]lotledger.LotRef                      // customer → lots of its last shipment
	numbers   map[string]int                                     // document number series by prefix

	sum Summary
}

func newLoader(l lotledger.Ledger, now time.Time) *loader {
	today := now.In(zoneEastern)
	return &loader{
		l:         l,
		now:       now,
		start:     time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, zoneEastern).AddDate(0, 0, 1-days),
		rng:       rand.New(rand.NewPCG(seedA, seedB)),
		shops:     shops(),
		stock:     newStock(),
		transits:  make(map[string]transit),
		delivered: make(map[string]map[lotledger.LotRef]lotledger.Quantity),
		lastShip:  make(map[string][]lotledger.LotRef),
		numbers:   make(map[string]int),
		sum:       Summary{EventsByKind: make(map[string]int)},
	}
}

// createMasterData creates the items, locations and parties.
func (ld *loader) createMasterData(ctx context.Context) error {
	for _, it := range items() {
		if _, err := ld.l.CreateItem(ctx, it); err != nil {
			return fmt.Errorf("create item %s: %w", it.SKU, err)
		}
		ld.sum.Items++
	}
	for _, loc := range locations() {
		if _, err := ld.l.CreateLocation(ctx, loc); err != nil {
			return fmt.Errorf("create location %s: %w", loc.Code, err)
		}
		ld.sum.Locations++
	}
	for _, p := range parties() {
		if _, err := ld.l.CreateParty(ctx, p); err != nil {
			return fmt.Errorf("create party %s: %w", p.Code, err)
		}
		ld.sum.Parties++
	}
	return nil
}

// run performs the agenda in time order. Steps at or after now are the
// future and are dropped: a truck due tomorrow stays in transit.
func (ld *loader) run(ctx context.Context) error {
	for {
		s, ok := ld.agenda.next()
		if !ok {
			return nil
		}
		if !s.at.Before(ld.now) {
			continue
		}
		if err := s.do(ctx, s.at); err != nil {
			return fmt.Errorf("%s at %s: %w", s.name, stamp(s.at), err)
		}
	}
}

// record feeds a command's result into the stock mirror and the summary.
func (ld *loader) record(res *lotledger.Result, err error) (*lotledger.Result, error) {
	if err != nil {
		return nil, err
	}
	ld.stock.apply(&res.Event)
	ld.sum.Events++
	ld.sum.EventsByKind[res.Kind]++
	if ld.sum.First.IsZero() {
		ld.sum.First = res.Time
	}
	ld.sum.Last = res.Time
	return res, nil
}

// as returns ctx acting as user.
func as(ctx context.Context, user string) context.Context { return lotledger.WithUser(ctx, user) }

// number returns the next document number of a series, such as "PO-450017".
func (ld *loader) number(prefix string, first int) string {
	n, ok := ld.numbers[prefix]
	if !ok {
		n = first
	}
	ld.numbers[prefix] = n + 1
	return fmt.Sprintf("%s-%d", prefix, n)
}

// clock returns the time hour:minute in zone on the calendar day of day.
func clock(day time.Time, zone *time.Location, hour, minute int) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, hour, minute, 0, 0, zone)
}

// stamp writes an event time as RFC 3339 with the site's offset.
func stamp(t time.Time) string { return t.Format(time.RFC3339) }
