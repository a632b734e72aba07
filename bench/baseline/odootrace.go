package baseline

import (
	"context"
	"database/sql"
)

// odooTrace is the state of one B1 trace: the rows the report has shown and
// the lots it has opened. It counts every query as a round trip.
type odooTrace struct {
	w        *odooWalk
	up       bool // backward: components and upstream hops; else outputs and downstream
	rt       int
	lotSeen  map[int64]bool
	lots     []int64 // lots reached, in the order reached
	lotQueue []int64 // lots reached and not yet opened
	shown    map[int64]moveLine
	order    []int64    // ids of shown rows, in the order shown
	rows     []moveLine // rows shown and not yet unfolded
	links    map[int64][]moveLine
	firstHop map[int64][]moveLine
}

// run unfolds every row the report can reach from roots, opening each newly
// reached lot once the rows already on screen are unfolded.
func (t *odooTrace) run(ctx context.Context, roots []int64) error {
	for _, r := range roots {
		t.reachLot(r)
	}
	for len(t.rows) > 0 || len(t.lotQueue) > 0 {
		if len(t.rows) > 0 {
			l := t.rows[0]
			t.rows = t.rows[1:]
			if err := t.unfold(ctx, l); err != nil {
				return err
			}
			continue
		}
		lot := t.lotQueue[0]
		t.lotQueue = t.lotQueue[1:]
		lines, err := t.query(ctx, t.w.st.lotLines, lot)
		if err != nil {
			return err
		}
		for _, l := range lines {
			if err := t.show(ctx, l, true); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *odooTrace) reachLot(lot int64) {
	if !t.lotSeen[lot] {
		t.lotSeen[lot] = true
		t.lots = append(t.lots, lot)
		t.lotQueue = append(t.lotQueue, lot)
	}
}

// show displays row l once. A row listed by opening its lot (top) is
// unfoldable when it has links; a row shown as a child is also unfoldable
// when the full within-lot walk from it finds anything, which Odoo computes
// in full for every such row.
func (t *odooTrace) show(ctx context.Context, l moveLine, top bool) error {
	if _, ok := t.shown[l.id]; ok {
		return nil
	}
	t.shown[l.id] = l
	t.order = append(t.order, l.id)
	t.reachLot(l.lot)
	links, err := t.linked(ctx, l)
	if err != nil {
		return err
	}
	if len(links) == 0 && !top {
		if err := t.walk(ctx, l); err != nil {
			return err
		}
	}
	t.rows = append(t.rows, l)
	return nil
}

// unfold shows l's children: its links, else the rows one hop away.
func (t *odooTrace) unfold(ctx context.Context, l moveLine) error {
	children, err := t.linked(ctx, l)
	if err != nil {
		return err
	}
	if len(children) == 0 {
		if children, err = t.hop1(ctx, l); err != nil {
			return err
		}
	}
	for _, c := range children {
		if err := t.show(ctx, c, false); err != nil {
			return err
		}
	}
	return nil
}

// linked returns l's consume/produce links: the component lines of a
// finished line (backward) or the finished lines made from a component line
// (forward). One query per line.
func (t *odooTrace) linked(ctx context.Context, l moveLine) ([]moveLine, error) {
	if links, ok := t.links[l.id]; ok {
		return links, nil
	}
	stmt := t.w.st.outputs
	if t.up {
		stmt = t.w.st.components
	}
	links, err := t.query(ctx, stmt, l.id)
	if err != nil {
		return nil, err
	}
	t.links[l.id] = links
	return links, nil
}

// hop1 returns the rows one hop from l alone, the first step of every walk from l.
func (t *odooTrace) hop1(ctx context.Context, l moveLine) ([]moveLine, error) {
	if next, ok := t.firstHop[l.id]; ok {
		return next, nil
	}
	next, err := t.hop(ctx, l, []int64{l.id})
	if err != nil {
		return nil, err
	}
	t.firstHop[l.id] = next
	return next, nil
}

// walk is Odoo's _get_move_lines from l: hop after hop within l's lot until
// nothing new is found. Only whether it finds anything matters to the
// report, but Odoo walks it to the end.
func (t *odooTrace) walk(ctx context.Context, l moveLine) error {
	next, err := t.hop1(ctx, l)
	if err != nil {
		return err
	}
	seen := []int64{l.id}
	seenSet := map[int64]bool{l.id: true}
	var todo []moveLine
	add := func(lines []moveLine) {
		for _, n := range lines {
			if !seenSet[n.id] {
				seenSet[n.id] = true
				seen = append(seen, n.id)
				todo = append(todo, n)
			}
		}
	}
	add(next)
	for len(todo) > 0 {
		m := todo[0]
		todo = todo[1:]
		next, err := t.hop(ctx, m, seen)
		if err != nil {
			return err
		}
		add(next)
	}
	return nil
}

// hop is one step of the within-lot walk from l, excluding the lines seen.
// The same-lot branch only applies where l's source (backward) or
// destination (forward) is an internal or transit location: the walk stops
// at suppliers, customers, production and inventory.
func (t *odooTrace) hop(ctx context.Context, l moveLine, seen []int64) ([]moveLine, error) {
	stmt, at := t.w.st.hopDown, l.to
	if t.up {
		stmt, at = t.w.st.hopUp, l.from
	}
	usage := t.w.locs[at].Usage
	mts := usage == UsageInternal || usage == UsageTransit
	return t.query(ctx, stmt, l.move, l.lot, l.product, at, l.date, seen, mts)
}

func (t *odooTrace) query(ctx context.Context, stmt *sql.Stmt, args ...any) ([]moveLine, error) {
	t.rt++
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []moveLine
	for rows.Next() {
		var l moveLine
		if err := rows.Scan(&l.id, &l.move, &l.product, &l.lot, &l.from, &l.to, &l.date, &l.qty); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// answer reads the names of the lots reached and, for a recall, their
// quants, and sums up the rows shown: every done line of every lot reached.
func (t *odooTrace) answer(ctx context.Context, q question, roots []int64) (*Answer, error) {
	a := newAnswer(q)
	names, err := t.lotNames(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range roots {
		if _, ok := names[r]; !ok {
			return nil, errUnknownLot(r)
		}
	}
	for _, id := range t.lots {
		a.lots = append(a.lots, names[id])
	}
	for _, id := range t.order {
		l := t.shown[id]
		from, to := t.w.locs[l.from], t.w.locs[l.to]
		if q == backward {
			if from.Usage == UsageSupplier {
				a.suppliers = append(a.suppliers, supplierKey(from.Name, names[l.lot]))
			}
			continue
		}
		if to.Usage == UsageCustomer {
			a.customers[to.Name] += l.qty
		}
		if from.Usage == UsageCustomer {
			a.customers[from.Name] -= l.qty
		}
	}
	if q == recall {
		if err := t.stock(ctx, a); err != nil {
			return nil, err
		}
	}
	a.roundTrips = t.rt
	return a.finish(), nil
}

func (t *odooTrace) lotNames(ctx context.Context) (map[int64]string, error) {
	t.rt++
	rows, err := t.w.st.lotNames.QueryContext(ctx, t.lots)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names := make(map[int64]string, len(t.lots))
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		names[id] = name
	}
	return names, rows.Err()
}

func (t *odooTrace) stock(ctx context.Context, a *answer) error {
	t.rt++
	rows, err := t.w.st.stock.QueryContext(ctx, t.lots)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var lot, loc string
		var qty int64
		if err := rows.Scan(&lot, &loc, &qty); err != nil {
			return err
		}
		a.stock[stockKey(lot, loc)] = qty
	}
	return rows.Err()
}
