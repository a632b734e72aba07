package baseline

import (
	"cmp"
	"context"
	"fmt"
	"math/bits"
	"slices"
)

// memoryBFS is B4, the ceiling: a breadth-first search over compact
// in-memory adjacency arrays of lots (CSR: offsets and 32-bit targets, one
// pair per direction) with a visited bitset. What a lot contributes to an
// answer (its suppliers, its net quantity per customer, its stock per
// internal location) is precomputed per lot at Load, in arrays of the same
// shape.
type memoryBFS struct {
	ids      map[int64]uint32 // lot id → dense lot index
	lotNames []string         // by lot index
	rank     []uint32         // by lot index: the place of its name in name order
	byRank   []uint32         // lot indexes in name order
	locNames []string         // by location index
	down, up csr              // component → finished lot, and back

	suppliers csr // lot → supplier location indexes
	customers perLot
	stock     perLot
}

var _ System = (*memoryBFS)(nil)

// csr is a compressed sparse row adjacency: the targets of node v are
// to[off[v]:off[v+1]].
type csr struct {
	off []uint32
	to  []uint32
}

// perLot lists, per lot, location indexes with a quantity each.
type perLot struct {
	csr
	qty []int64
}

// NewMemoryBFS returns B4, empty until Load.
func NewMemoryBFS() System { return &memoryBFS{} }

// Name implements System.
func (m *memoryBFS) Name() string { return "B4 in-memory bfs" }

// Close implements System.
func (m *memoryBFS) Close() error { return nil }

// Backward implements System.
func (m *memoryBFS) Backward(ctx context.Context, lot int64) (*Answer, error) {
	return m.ask(backward, []int64{lot})
}

// Forward implements System.
func (m *memoryBFS) Forward(ctx context.Context, lot int64) (*Answer, error) {
	return m.ask(forward, []int64{lot})
}

// RecallScope implements System.
func (m *memoryBFS) RecallScope(ctx context.Context, seeds []int64) (*Answer, error) {
	return m.ask(recall, seeds)
}

func (m *memoryBFS) ask(q question, seeds []int64) (*Answer, error) {
	start := make([]uint32, len(seeds))
	for i, s := range seeds {
		v, ok := m.ids[s]
		if !ok {
			return nil, fmt.Errorf("%s: %w", m.Name(), errUnknownLot(s))
		}
		start[i] = v
	}
	g := &m.down
	if q == backward {
		g = &m.up
	}
	a := newAnswer(q)
	reached := m.inNameOrder(g.closure(start))
	a.lots = make([]string, 0, len(reached))
	var custQty []int64 // by location index; summed here, put in the map once
	var custSeen []bool
	if q != backward {
		custQty, custSeen = make([]int64, len(m.locNames)), make([]bool, len(m.locNames))
	}
	for _, v := range reached {
		lot := m.lotNames[v]
		a.lots = append(a.lots, lot)
		if q == backward {
			for _, loc := range m.suppliers.of(v) {
				a.suppliers = append(a.suppliers, supplierKey(m.locNames[loc], lot))
			}
			continue
		}
		m.customers.each(v, func(loc uint32, qty int64) { custQty[loc], custSeen[loc] = custQty[loc]+qty, true })
		if q == recall {
			m.stock.each(v, func(loc uint32, qty int64) { a.stock[stockKey(lot, m.locNames[loc])] = qty })
		}
	}
	for loc, seen := range custSeen {
		if seen {
			a.customers[m.locNames[loc]] = custQty[loc]
		}
	}
	return a.finish(), nil
}

// inNameOrder returns the lots reached ordered by name, which is the order
// answers list them in: ordering their precomputed ranks is much cheaper
// than sorting names. A large share of all lots is put in order by a bitset
// over ranks instead of a sort.
func (m *memoryBFS) inNameOrder(reached []uint32) []uint32 {
	if len(reached) < len(m.rank)/256 {
		for i, v := range reached {
			reached[i] = m.rank[v]
		}
		slices.Sort(reached)
		for i, r := range reached {
			reached[i] = m.byRank[r]
		}
		return reached
	}
	set := make([]uint64, (len(m.rank)+63)/64)
	for _, v := range reached {
		r := m.rank[v]
		set[r>>6] |= 1 << (r & 63)
	}
	out := reached[:0]
	for w, word := range set {
		for word != 0 {
			out = append(out, m.byRank[uint32(w)<<6|uint32(bits.TrailingZeros64(word))])
			word &= word - 1
		}
	}
	return out
}

func (g *csr) of(v uint32) []uint32 { return g.to[g.off[v]:g.off[v+1]] }

func (p *perLot) each(v uint32, f func(loc uint32, qty int64)) {
	for i := p.off[v]; i < p.off[v+1]; i++ {
		f(p.to[i], p.qty[i])
	}
}

// closure returns start and every node reachable from it, each once.
func (g *csr) closure(start []uint32) []uint32 {
	visited := make([]uint64, (len(g.off)+63)/64)
	queue := make([]uint32, 0, max(64, len(start)))
	for _, v := range start {
		if visited[v>>6]&(1<<(v&63)) == 0 {
			visited[v>>6] |= 1 << (v & 63)
			queue = append(queue, v)
		}
	}
	for i := 0; i < len(queue); i++ {
		v := queue[i]
		for _, w := range g.to[g.off[v]:g.off[v+1]] {
			if visited[w>>6]&(1<<(w&63)) == 0 {
				visited[w>>6] |= 1 << (w & 63)
				queue = append(queue, w)
			}
		}
	}
	return queue
}

// pair packs (node, target) so that sorting pairs sorts by node, then target.
func pair(v, w uint32) uint64 { return uint64(v)<<32 | uint64(w) }

// buildCSR builds the adjacency of n nodes from pairs, which it sorts and
// deduplicates.
func buildCSR(n int, pairs []uint64) csr {
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	g := csr{off: make([]uint32, n+1), to: make([]uint32, len(pairs))}
	for i, p := range pairs {
		g.off[p>>32+1]++
		g.to[i] = uint32(p)
	}
	for v := range n {
		g.off[v+1] += g.off[v]
	}
	return g
}

// flow is a quantity moved into (+) or out of (−) a location by a lot.
type flow struct {
	key uint64 // pair(lot, location)
	qty int64
}

// buildPerLot sums flows per lot and location, keeping the sums keep accepts.
func buildPerLot(n int, flows []flow, keep func(int64) bool) perLot {
	slices.SortFunc(flows, func(a, b flow) int { return cmp.Compare(a.key, b.key) })
	var keys []uint64
	var qty []int64
	for i := 0; i < len(flows); {
		j, sum := i, int64(0)
		for ; j < len(flows) && flows[j].key == flows[i].key; j++ {
			sum += flows[j].qty
		}
		if keep(sum) {
			keys = append(keys, flows[i].key)
			qty = append(qty, sum)
		}
		i = j
	}
	return perLot{csr: buildCSR(n, keys), qty: qty} // keys are sorted and unique, so qty stays aligned
}
