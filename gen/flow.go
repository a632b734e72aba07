package gen

import (
	"fmt"

	"lotledger"
)

// stock is a lot held at a site, as the generator tracks it.
type stock struct {
	item    *Item
	lot     string
	qty     int64
	made    int64 // the quantity the lot started with
	expires lotledger.Date
	at      *Site
	queued  bool // in its site's queue
	dead    bool // expired and destroyed
}

// shipped remembers a shipment line, so that a customer can send some back.
type shipped struct {
	s        *stock
	dc       *Site
	customer *Party
	left     int64 // shipped less returned
}

// queue is a first-in first-out list of lots.
type queue struct{ items []*stock }

func (q *queue) push(s *stock) { s.queued = true; q.items = append(q.items, s) }
func (q *queue) len() int      { return len(q.items) }
func (q *queue) remove(i int) *stock {
	s := q.items[i]
	copy(q.items[i:], q.items[i+1:])
	q.items[len(q.items)-1] = nil
	q.items = q.items[:len(q.items)-1]
	s.queued = false
	return s
}

// state is the supply chain as it stands between two ops.
type state struct {
	m        *Master
	counter  map[*Item]int
	toCool   queue
	farm     queue   // harvested lots still at their farm
	raw      []queue // per packhouse: harvested lots to pack
	packed   []queue // per packhouse: packed lots to send on
	inputs   []queue // per plant: packed produce
	silo     [][]*stock
	inter    []queue // per plant
	done     []queue // per plant: finished lots to send to a centre
	dc       []queue // per centre: what it can ship
	shipRing []shipped
	shipNext int
}

func newState(m *Master) *state {
	n := func(role string) int { return len(m.byRole[role]) }
	st := &state{m: m, counter: map[*Item]int{}, raw: make([]queue, n(RolePacker)), packed: make([]queue, n(RolePacker)),
		inputs: make([]queue, n(RolePlant)), inter: make([]queue, n(RolePlant)), done: make([]queue, n(RolePlant)),
		dc: make([]queue, n(RoleDC)), silo: make([][]*stock, n(RolePlant)), shipRing: make([]shipped, 0, 4096)}
	for i := range st.silo {
		st.silo[i] = make([]*stock, len(commodities))
	}
	return st
}

// Relative frequencies of the ops the generator tries first. Shipping to
// customers dominates a real chain's events; the rest keep the pipeline fed.
var plan = []struct {
	weight int
	try    func(g *Generator, op *Op) bool
}{
	{90, (*Generator).harvest}, {60, (*Generator).cool}, {90, (*Generator).moveFromFarm}, {90, (*Generator).pack},
	{90, (*Generator).moveFromPackhouse}, {30, (*Generator).makeIntermediate}, {55, (*Generator).makeFinished},
	{55, (*Generator).moveFromPlant}, {420, (*Generator).ship}, {5, (*Generator).giveBack}, {15, (*Generator).dispose},
}

// fallback advances the pipeline, downstream first, when the op drawn has
// nothing to work on; harvesting always can.
var fallback = []func(g *Generator, op *Op) bool{
	(*Generator).moveFromPlant, (*Generator).makeFinished, (*Generator).makeIntermediate,
	(*Generator).moveFromPackhouse, (*Generator).pack, (*Generator).moveFromFarm, (*Generator).harvest,
}

var planTotal = func() int {
	t := 0
	for _, p := range plan {
		t += p.weight
	}
	return t
}()

func (g *Generator) next(op *Op) {
	r := g.rng.IntN(planTotal)
	for _, p := range plan {
		if r < p.weight {
			if p.try(g, op) {
				return
			}
			break
		}
		r -= p.weight
	}
	for _, try := range fallback {
		if try(g, op) {
			return
		}
	}
}

func (g *Generator) between(lo, hi int64) int64 { return lo + g.rng.Int64N(hi-lo+1) }

// newLot names a new lot of it made at t: a prefix for its stage, the date
// and a running number, unique per item.
func (g *Generator) newLot(op *Op, it *Item, qty int64, expires lotledger.Date, at *Site) *stock {
	g.st.counter[it]++
	code := fmt.Sprintf("%c%s%06d", it.Stage[0]-'a'+'A', op.Time.Format("060102"), g.st.counter[it])
	s := &stock{item: it, lot: code, qty: qty, made: qty, expires: expires, at: at}
	op.Out = append(op.Out, LotQty{Item: it, Lot: code, Qty: qty, Expires: expires})
	return s
}

// usable reports whether a lot may still be moved on the op's date.
func usable(s *stock, op *Op) bool { return string(lotledger.DateOf(op.Time)) < string(s.expires) }

// expire destroys what is left of an expired lot where it is.
func (g *Generator) expire(op *Op, s *stock) bool {
	op.Kind, op.At, op.To, op.Party = Expire, s.at, nil, nil
	op.In = append(op.In, LotQty{Item: s.item, Lot: s.lot, Qty: s.qty})
	s.qty, s.dead = 0, true
	return true
}

// take removes up to want of s for op, returning the quantity taken.
func take(op *Op, s *stock, want int64) int64 {
	n := min(s.qty, max(want, 1))
	s.qty -= n
	op.In = append(op.In, LotQty{Item: s.item, Lot: s.lot, Qty: n})
	return n
}

func (g *Generator) pick(n int) int { return g.rng.IntN(n) }

// nonEmpty returns the index of a queue with at least k lots, starting the
// search at a random one, or -1.
func (g *Generator) nonEmpty(qs []queue, k int) int {
	if len(qs) == 0 {
		return -1
	}
	start := g.pick(len(qs))
	for i := range qs {
		j := (start + i) % len(qs)
		if qs[j].len() >= k {
			return j
		}
	}
	return -1
}
