// Package trace is lotledger's in-memory genealogy index: for every lot, the
// lots it was made from and the lots made from it, as adjacency arrays over
// integer lot ids (not maps of strings), so that a trace through every level
// of production costs microseconds. It holds topology only; quantities,
// events and customers stay in the database and are read for the lots a
// trace reaches.
//
// The index follows the ledger: Add takes the genealogy edges in sequence
// order and remembers the last sequence number, so a caller catches up with
// everything committed since — by this process or by another one writing to
// the same database.
package trace

import "sync"

// Direction of a trace: backward to the origins, forward to the customers.
type Direction uint8

// Directions.
const (
	Backward Direction = 1 << iota
	Forward
	Both = Backward | Forward
)

// Index is the genealogy of every lot. It is safe for concurrent use: walks
// run in parallel, additions exclude them.
type Index struct {
	mu   sync.RWMutex
	up   [][]uint32 // up[child]: the lots it was made from
	down [][]uint32 // down[parent]: the lots made from it
	seq  int64      // the last ledger sequence number added
	n    int        // edges
}

// Seq returns the ledger sequence number the index is current to.
func (x *Index) Seq() int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.seq
}

// Edges returns how many edges the index holds.
func (x *Index) Edges() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.n
}

// Edge is one link of the genealogy: Parent went into Child in event Seq.
type Edge struct {
	Seq           int64
	Parent, Child uint32
}

// Add records edges, which must come in ledger order after Seq(). An edge
// repeated by a later production run is kept once.
func (x *Index) Add(edges []Edge) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, e := range edges {
		if e.Seq > x.seq {
			x.seq = e.Seq
		}
		if x.link(e.Parent, e.Child) {
			x.n++
		}
	}
}

// Advance records that the ledger has no edges up to seq beyond those added.
func (x *Index) Advance(seq int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.seq = max(x.seq, seq)
}

func (x *Index) link(parent, child uint32) bool {
	top := int(max(parent, child)) + 1
	if top > len(x.up) {
		x.up = append(x.up, make([][]uint32, top-len(x.up))...)
		x.down = append(x.down, make([][]uint32, top-len(x.down))...)
	}
	// A repeated pair comes from the same input going into the same output
	// again; the most recent entries are where it would be.
	if tail := x.down[parent]; len(tail) > 0 && tail[len(tail)-1] == child {
		return false
	}
	x.down[parent] = append(x.down[parent], child)
	x.up[child] = append(x.up[child], parent)
	return true
}

// Reached is a lot a walk reached and how far from the start: negative
// levels are ancestors, positive descendants, 0 the start itself.
type Reached struct {
	Lot   uint32
	Level int
}

// Walk returns every lot reachable from start in direction, at most depth
// levels away (depth <= 0: no limit), each once at its nearest level, in
// breadth-first order. Diamonds and loops (a lot that is its own ancestor
// through re-work) are visited once.
func (x *Index) Walk(start uint32, dir Direction, depth int) []Reached {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := []Reached{{Lot: start}}
	if dir&Backward != 0 {
		out = x.bfs(out, start, x.up, -1, depth)
	}
	if dir&Forward != 0 {
		out = x.bfs(out, start, x.down, +1, depth)
	}
	return out
}

// bfs appends to out the lots reachable through adj, levels signed by sign.
func (x *Index) bfs(out []Reached, start uint32, adj [][]uint32, sign, depth int) []Reached {
	if int(start) >= len(adj) {
		return out // a lot in no production run
	}
	seen := newBitset(len(adj))
	seen.set(start)
	frontier := []uint32{start}
	for level := 1; len(frontier) > 0 && (depth <= 0 || level <= depth); level++ {
		var next []uint32
		for _, lot := range frontier {
			for _, n := range adj[lot] {
				if !seen.has(n) {
					seen.set(n)
					next = append(next, n)
					out = append(out, Reached{Lot: n, Level: sign * level})
				}
			}
		}
		frontier = next
	}
	return out
}

// bitset marks visited lots: one bit a lot, reset per walk.
type bitset []uint64

func newBitset(n int) bitset       { return make(bitset, n/64+1) }
func (b bitset) set(i uint32)      { b[i/64] |= 1 << (i % 64) }
func (b bitset) has(i uint32) bool { return int(i/64) < len(b) && b[i/64]&(1<<(i%64)) != 0 }
