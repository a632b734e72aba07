// Package gen generates, deterministically from a seed, the history of a
// food supply chain of realistic shape, for benchmarks and demonstrations:
// growers harvest lots at their farms, which are cooled and sent to
// packhouses; packed produce goes to processing plants, which make
// intermediates and finished goods from two to eight input lots each,
// including bulk commodity lots (salt, oil) that thousands of outputs share;
// distribution centres ship to stores and restaurants, which sometimes
// return goods; damaged and expired stock is destroyed.
//
// The history comes out as Ops, in time order, never taking more of a lot
// than is there and never moving a lot past its expiry, so that every op is
// accepted by the ledger. Ops render as EPCIS 2.0 events (EPCIS) — the form
// partners send and lotledger captures — and carry what a benchmark needs to
// load the same history into other systems' schemas.
package gen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"lotledger"
)

// Limits on a generated history.
const (
	MinEvents = 1_000
	MaxEvents = 100_000_000
)

// Config says how much history to make.
type Config struct {
	Events int   // how many events, MinEvents to MaxEvents
	Seed   int64 // the same seed gives the same history, byte for byte
	// Start is the time of the first event (default 2026-01-05 UTC) and
	// Days how many days the history spans (default 182).
	Start time.Time
	Days  int
}

// Validate checks the configuration and fills its defaults.
func (c *Config) Validate() error {
	if c.Events < MinEvents || c.Events > MaxEvents {
		return lotledger.Errorf(lotledger.EINVALID, "events", "events must be between %d and %d, not %d", MinEvents, MaxEvents, c.Events)
	}
	if c.Days == 0 {
		c.Days = 182
	}
	if c.Days < 7 || c.Days > 3650 {
		return lotledger.Errorf(lotledger.EINVALID, "days", "days must be between 7 and 3650, not %d", c.Days)
	}
	if c.Start.IsZero() {
		c.Start = time.Date(2026, 1, 5, 6, 0, 0, 0, time.UTC)
	}
	return nil
}

// Kind is what an op does.
type Kind uint8

// Kinds of op.
const (
	Harvest Kind = iota + 1 // a grower harvests a new lot at a farm (receipt)
	Receive                 // a supplier delivers a commodity lot to a plant (receipt)
	Cool                    // a lot is cooled; a temperature reading, no stock change
	Move                    // a whole lot goes from one site to another
	Produce                 // inputs are consumed and one new lot is made
	Ship                    // a distribution centre ships to a customer
	Return                  // a customer sends goods back to the centre
	Dispose                 // damaged goods are destroyed
	Expire                  // what is left of an expired lot is destroyed
)

var kindNames = [...]string{"", "harvest", "receive", "cool", "move", "produce", "ship", "return", "dispose", "expire"}

func (k Kind) String() string { return kindNames[k] }

// LotQty is a quantity of one lot, in whole units of the item. Expires is
// set when the op creates the lot.
type LotQty struct {
	Item    *Item
	Lot     string
	Qty     int64
	Expires lotledger.Date
}

// Op is one event of the history.
type Op struct {
	Seq   int // 1, 2, ... in time order
	Kind  Kind
	ID    string // the EPCIS eventID
	Time  time.Time
	At    *Site  // where it happens; a Move's origin
	To    *Site  // a Move's destination
	Party *Party // the supplier (Harvest, Receive) or customer (Ship, Return)
	In    []LotQty
	Out   []LotQty
	Temp  float64 // Cool: degrees Celsius
}

// Generator makes one history.
type Generator struct {
	cfg    Config
	master *Master
	rng    *rand.Rand
	st     *state
}

// New returns a generator for cfg.
func New(cfg Config) (*Generator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	g := &Generator{cfg: cfg, rng: rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6c6f746c65646765))}
	g.master = newMaster(cfg.Events, g.rng)
	g.st = newState(g.master)
	return g, nil
}

// Master returns the items, sites and parties the history uses; they must
// exist in a ledger before its events are captured.
func (g *Generator) Master() *Master { return g.master }

// Run produces the history in order, calling fn with each op; the op and
// its slices are reused after fn returns. It stops at fn's first error.
func (g *Generator) Run(fn func(op *Op) error) error {
	step := time.Duration(int64(g.cfg.Days) * int64(24*time.Hour) / int64(g.cfg.Events))
	var op Op
	for i := 1; i <= g.cfg.Events; i++ {
		op = Op{Seq: i, In: op.In[:0], Out: op.Out[:0]}
		op.Time = g.cfg.Start.Add(time.Duration(i) * step).Truncate(time.Millisecond)
		op.ID = g.eventID()
		g.next(&op)
		if err := fn(&op); err != nil {
			return err
		}
	}
	return nil
}

// eventID is a version 4 UUID drawn from the generator's random stream.
func (g *Generator) eventID() string {
	a, b := g.rng.Uint64(), g.rng.Uint64()
	a = a&^0xf000 | 0x4000
	b = b&^(0xc<<60) | 0x8<<60
	return fmt.Sprintf("urn:uuid:%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}
