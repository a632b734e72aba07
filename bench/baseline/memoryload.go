package baseline

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// Load implements System: it builds the adjacency of lots from the
// consume/produce links and sums what every lot contributes to answers.
func (m *memoryBFS) Load(ctx context.Context, d *Dataset) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	b, err := buildMemory(d)
	if err != nil {
		return fmt.Errorf("%s: load: %w", m.Name(), err)
	}
	*m = *b
	return nil
}

func buildMemory(d *Dataset) (*memoryBFS, error) {
	m := &memoryBFS{ids: make(map[int64]uint32, len(d.Lots)), lotNames: make([]string, len(d.Lots))}
	for i, l := range d.Lots {
		m.ids[l.ID] = uint32(i)
		m.lotNames[i] = l.Name
	}
	m.byRank = make([]uint32, len(d.Lots))
	for i := range m.byRank {
		m.byRank[i] = uint32(i)
	}
	slices.SortFunc(m.byRank, func(a, b uint32) int { return cmp.Compare(m.lotNames[a], m.lotNames[b]) })
	m.rank = make([]uint32, len(d.Lots))
	for r, v := range m.byRank {
		m.rank[v] = uint32(r)
	}
	locs := make(map[int64]uint32, len(d.Locations))
	usage := make([]string, len(d.Locations))
	m.locNames = make([]string, len(d.Locations))
	for i, l := range d.Locations {
		locs[l.ID] = uint32(i)
		usage[i], m.locNames[i] = l.Usage, l.Name
	}
	var suppliers []uint64
	var customers, stock []flow
	lines := newLineIndex(len(d.Lines))
	for _, l := range d.Lines {
		lot, ok := m.ids[l.LotID]
		from, okFrom := locs[l.LocationID]
		to, okTo := locs[l.LocationDestID]
		if !ok || !okFrom || !okTo {
			return nil, fmt.Errorf("move line %d: unknown lot or location", l.ID)
		}
		lines.add(l.ID, lot)
		switch usage[from] {
		case UsageSupplier:
			suppliers = append(suppliers, pair(lot, from))
		case UsageCustomer:
			customers = append(customers, flow{pair(lot, from), -l.Qty})
		case UsageInternal:
			stock = append(stock, flow{pair(lot, from), -l.Qty})
		}
		switch usage[to] {
		case UsageCustomer:
			customers = append(customers, flow{pair(lot, to), l.Qty})
		case UsageInternal:
			stock = append(stock, flow{pair(lot, to), l.Qty})
		}
	}
	lines.sort()
	down := make([]uint64, 0, len(d.Consumes))
	up := make([]uint64, 0, len(d.Consumes))
	for _, c := range d.Consumes {
		finished, ok1 := lines.lot(c.ConsumeLineID)
		component, ok2 := lines.lot(c.ProduceLineID)
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("consume %d→%d: unknown move line", c.ConsumeLineID, c.ProduceLineID)
		}
		down = append(down, pair(component, finished))
		up = append(up, pair(finished, component))
	}
	n := len(d.Lots)
	m.down, m.up = buildCSR(n, down), buildCSR(n, up)
	m.suppliers = buildCSR(n, suppliers)
	// Every customer a lot touched counts, even at net zero, as in the SQL
	// baselines; stock counts only when positive.
	m.customers = buildPerLot(n, customers, func(int64) bool { return true })
	m.stock = buildPerLot(n, stock, func(q int64) bool { return q > 0 })
	return m, nil
}

// lineIndex finds a move line's lot by the line's id: two parallel arrays
// sorted by id, much smaller than a map for millions of lines.
type lineIndex struct {
	ids  []int64
	lots []uint32
}

func newLineIndex(n int) *lineIndex {
	return &lineIndex{ids: make([]int64, 0, n), lots: make([]uint32, 0, n)}
}

func (x *lineIndex) add(id int64, lot uint32) {
	x.ids = append(x.ids, id)
	x.lots = append(x.lots, lot)
}

// sort orders the index by id; lines usually come in id order already.
func (x *lineIndex) sort() {
	if slices.IsSorted(x.ids) {
		return
	}
	order := make([]int, len(x.ids))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(x.ids[a], x.ids[b]) })
	ids, lots := make([]int64, len(order)), make([]uint32, len(order))
	for i, o := range order {
		ids[i], lots[i] = x.ids[o], x.lots[o]
	}
	x.ids, x.lots = ids, lots
}

func (x *lineIndex) lot(id int64) (uint32, bool) {
	i, ok := slices.BinarySearch(x.ids, id)
	if !ok {
		return 0, false
	}
	return x.lots[i], true
}
