package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"lotledger"
	"lotledger/trace"
)

// The scope of a lot — which lots, suppliers, customers and stock it
// concerns — is answered from memory: the genealogy index gives the lots,
// and a summary of every lot, kept here, gives the rest. The summary follows
// the ledger as the genealogy index does: it is loaded once from the
// projections as they stand at one ledger sequence number, then caught up
// with the lots, movements and deliveries of every event committed since,
// by this process or another, before each answer. Names come from the
// store's caches of items, parties and locations.

// scopeIndex is the in-memory summary of every lot.
type scopeIndex struct {
	seq  int64      // the ledger sequence number it is current to
	lots []scopeLot // by lot id
}

type scopeLot struct {
	item, origin int64 // origin: the supplier party, 0 if none
	code         string
	customers    []idQty2 // party → net quantity delivered
	stock        []idQty2 // location → on hand
}

type idQty2 struct {
	id  int64
	qty int64
}

// add adds q to id's entry of list, dropping entries that reach zero.
func addQty(list []idQty2, id, q int64) []idQty2 {
	for i := range list {
		if list[i].id == id {
			list[i].qty += q
			if list[i].qty == 0 {
				list = slices.Delete(list, i, i+1)
			}
			return list
		}
	}
	if q == 0 {
		return list
	}
	return append(list, idQty2{id, q})
}

func (x *scopeIndex) lot(id int64) *scopeLot {
	for int64(len(x.lots)) <= id {
		x.lots = append(x.lots, scopeLot{})
	}
	return &x.lots[id]
}

// catchUpScope builds the summary, or catches it up with the ledger to at
// least event atLeast, in one read snapshot. Readers of s.scope hold
// s.scopeMu for reading.
func (s *Store) catchUpScope(ctx context.Context, atLeast int64) error {
	s.scopeMu.RLock()
	current := s.scope != nil && atLeast <= s.scope.seq
	s.scopeMu.RUnlock()
	if current {
		return nil
	}
	s.scopeMu.Lock()
	defer s.scopeMu.Unlock()
	opts := &sql.TxOptions{ReadOnly: true}
	if s.postgres { // one snapshot for every query below
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := s.rdb.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	defer tx.Rollback()
	var head int64
	if err := tx.QueryRowContext(ctx, `SELECT seq FROM ledger_head`).Scan(&head); err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	if s.scope == nil {
		x, err := readSnapshot(ctx, tx, head)
		if err != nil {
			return err
		}
		if x != nil {
			if x.seq < head {
				if err := followScope(ctx, tx, x, head); err != nil {
					return err
				}
			}
			s.scopeSaved, s.scopeFromSnapshot = x.seq, true
		} else {
			x = &scopeIndex{}
			if err := loadScope(ctx, tx, x); err != nil {
				return err
			}
			s.scopeSaved, s.scopeFromSnapshot = 0, false
		}
		x.seq, s.scope = head, x
		return nil
	}
	if head <= s.scope.seq {
		return nil
	}
	if err := followScope(ctx, tx, s.scope, head); err != nil {
		return err
	}
	s.scope.seq = head
	return nil
}

// ScopeLoad says how the scope summary was loaded.
type ScopeLoad struct {
	Lots         int   // lots it holds
	Seq          int64 // the ledger sequence number it is current to
	FromSnapshot bool  // started from the saved snapshot, not rebuilt
	Unsaved      int64 // events followed since the snapshot (all of them when rebuilt)
}

// LoadScope builds (or catches up) the in-memory scope summary now rather
// than at the first Scope, starting from the saved snapshot where there is
// one; the server calls it at start.
func (s *Store) LoadScope(ctx context.Context) (ScopeLoad, error) {
	head, err := s.ledgerHead(ctx)
	if err != nil {
		return ScopeLoad{}, err
	}
	if err := s.catchUpScope(ctx, head); err != nil {
		return ScopeLoad{}, err
	}
	s.scopeMu.RLock()
	defer s.scopeMu.RUnlock()
	r := ScopeLoad{Seq: s.scope.seq, FromSnapshot: s.scopeFromSnapshot, Unsaved: s.scope.seq - s.scopeSaved}
	for i := range s.scope.lots {
		if s.scope.lots[i].item != 0 {
			r.Lots++
		}
	}
	return r, nil
}

// loadScope reads the projections as they stand.
//
// Deliveries are summed here rather than by GROUP BY: the scan in key order
// with a sum per lot in memory took half the time of SQLite's grouping.
func loadScope(ctx context.Context, q querier, x *scopeIndex) error {
	return readScope(ctx, q, x, nil, `SELECT id, item_id, COALESCE(origin_id, 0), code FROM lots`,
		`SELECT lot_id, location_id, qty FROM stock`,
		`SELECT lot_id, party_id, qty FROM deliveries`)
}

// followScope applies what the events after x.seq up to head changed: new
// lots, every movement (a stock change) and every delivery.
func followScope(ctx context.Context, q querier, x *scopeIndex, head int64) error {
	return readScope(ctx, q, x, []any{x.seq, head},
		`SELECT id, item_id, COALESCE(origin_id, 0), code FROM lots WHERE created_seq > $1 AND created_seq <= $2`,
		`SELECT lot_id, location_id, qty FROM movements WHERE seq > $1 AND seq <= $2`,
		`SELECT lot_id, party_id, qty FROM deliveries WHERE seq > $1 AND seq <= $2`)
}

// readScope adds to x the lots, stock changes (lot, location, quantity)
// and deliveries (lot, party, quantity) the three queries return.
func readScope(ctx context.Context, q querier, x *scopeIndex, args []any, lots, stock, deliveries string) error {
	if err := scanRows(ctx, q, lots, args, func(r *sql.Rows) error {
		var id int64
		var l scopeLot
		if err := r.Scan(&id, &l.item, &l.origin, &l.code); err != nil {
			return err
		}
		*x.lot(id) = l
		return nil
	}); err != nil {
		return err
	}
	add := func(list func(l *scopeLot) *[]idQty2) func(r *sql.Rows) error {
		return func(r *sql.Rows) error {
			var lot, id, qty int64
			if err := r.Scan(&lot, &id, &qty); err != nil {
				return err
			}
			l := list(x.lot(lot))
			*l = addQty(*l, id, qty)
			return nil
		}
	}
	if err := scanRows(ctx, q, stock, args, add(func(l *scopeLot) *[]idQty2 { return &l.stock })); err != nil {
		return err
	}
	return scanRows(ctx, q, deliveries, args, add(func(l *scopeLot) *[]idQty2 { return &l.customers }))
}

func scanRows(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("scope: %w", err)
		}
	}
	return rows.Err()
}

// Scope answers which lots, suppliers, customers and stock the seed lots
// concern, forward (what was made from them) or backward (what they were
// made from), from memory.
func (s *Store) Scope(ctx context.Context, r lotledger.ScopeRequest) (*lotledger.Scope, error) {
	dir := trace.Forward
	switch r.Direction {
	case "", "forward":
		r.Direction = "forward"
	case "backward":
		dir = trace.Backward
	default:
		return nil, lotledger.Errorf(lotledger.EINVALID, "direction", "direction must be forward or backward")
	}
	if len(r.Lots) == 0 || len(r.Lots) > 1000 {
		return nil, lotledger.Errorf(lotledger.EINVALID, "lots", "name between 1 and 1000 lots")
	}
	seeds, err := s.lotIDs(ctx, r.Lots)
	if err != nil {
		return nil, err
	}
	head, err := s.ledgerHead(ctx)
	if err != nil {
		return nil, err
	}
	idx, err := s.genealogyAt(ctx, head)
	if err != nil {
		return nil, err
	}
	if err := s.catchUpScope(ctx, head); err != nil {
		return nil, err
	}
	reached := map[int64]bool{}
	for _, id := range seeds {
		for _, rl := range idx.Walk(uint32(id), dir, 0) {
			reached[int64(rl.Lot)] = true
		}
	}
	return s.scopeAnswer(ctx, r, reached)
}

// lotIDs finds the ids of lots named by SKU and code, with one query for
// the lots of up to 500 codes rather than one a lot. The first lot or item
// that does not exist is refused, naming its place in the request (lot
// alone for a single lot, named in the path of GET .../scope).
func (s *Store) lotIDs(ctx context.Context, refs []lotledger.LotRef) ([]int64, error) {
	field := func(i int) string {
		if len(refs) == 1 {
			return "lot"
		}
		return lotledger.FieldPath("lots", i, "lot")
	}
	type key struct {
		item int64
		code string
	}
	want := make([]key, len(refs))
	for i, l := range refs {
		it, err := s.item(ctx, s.rdb, l.SKU)
		if err != nil {
			return nil, lotledger.Errorf(lotledger.ENOTFOUND, field(i), "item %s does not exist", l.SKU)
		}
		want[i] = key{it.id, l.Lot}
	}
	found := map[key]int64{}
	for start := 0; start < len(want); start += 500 {
		chunk := want[start:min(len(want), start+500)]
		args := make([]any, len(chunk))
		for i, k := range chunk {
			args[i] = k.code
		}
		list := placeholders(len(args)) // SQLite matches $N by name, in time quadratic in N
		if s.postgres {
			list = inList(len(args))
		}
		query := `SELECT id, item_id, code FROM lots WHERE code IN (` + list + `)`
		run := s.rdb.QueryContext
		if len(args) == 1 { // the usual question, about one lot: prepared once
			if st, err := s.readStmts.get(ctx, s.rdb, query); err == nil && st != nil {
				run = func(ctx context.Context, _ string, args ...any) (*sql.Rows, error) {
					return st.QueryContext(ctx, args...)
				}
			}
		}
		rows, err := run(ctx, query, args...)
		if err != nil {
			return nil, fmt.Errorf("find lots: %w", err)
		}
		for rows.Next() {
			var id int64
			var k key
			if err := rows.Scan(&id, &k.item, &k.code); err != nil {
				rows.Close()
				return nil, fmt.Errorf("find lots: %w", err)
			}
			found[k] = id
		}
		if err := rows.Close(); err != nil {
			return nil, fmt.Errorf("find lots: %w", err)
		}
	}
	ids := make([]int64, len(want))
	for i, k := range want {
		id, ok := found[k]
		if !ok {
			return nil, lotledger.Errorf(lotledger.ENOTFOUND, field(i), "item %s has no lot %s", refs[i].SKU, refs[i].Lot)
		}
		ids[i] = id
	}
	return ids, nil
}

// scopeAnswer lists what the reached lots concern, in order: lots by SKU
// and code; customers by code, then lot; stock by lot, then location;
// suppliers by code, then lot. A silo lot's scope holds thousands of lots
// and a hundred thousand customer lines, so the lines are not sorted by
// comparison: the lots are sorted once, and each customer's lines are
// gathered while the lots are walked in that order.
func (s *Store) scopeAnswer(ctx context.Context, r lotledger.ScopeRequest, reached map[int64]bool) (*lotledger.Scope, error) {
	sc := &lotledger.Scope{Direction: r.Direction, Seeds: r.Lots, Lots: make([]lotledger.LotRef, 0, len(reached)),
		Suppliers: []lotledger.ScopeSupplier{}, Customers: []lotledger.ScopeCustomer{}, Stock: []lotledger.ScopeStock{}}
	s.scopeMu.RLock()
	defer s.scopeMu.RUnlock()
	type entry struct {
		ref lotledger.LotRef
		l   *scopeLot
	}
	lots := make([]entry, 0, len(reached))
	for id := range reached {
		if id >= int64(len(s.scope.lots)) || s.scope.lots[id].item == 0 {
			continue
		}
		l := &s.scope.lots[id]
		it, err := s.itemByID(ctx, s.rdb, l.item)
		if err != nil {
			return nil, err
		}
		lots = append(lots, entry{lotledger.LotRef{SKU: it.SKU, Lot: l.code}, l})
	}
	slices.SortFunc(lots, func(a, b entry) int { return cmpLot(a.ref, b.ref) })
	counts, total := map[int64]int{}, 0
	for _, e := range lots {
		for _, c := range e.l.customers {
			counts[c.id]++
			total++
		}
	}
	byCustomer := make(map[int64][]lotledger.ScopeCustomer, len(counts))
	for id, n := range counts {
		byCustomer[id] = make([]lotledger.ScopeCustomer, 0, n)
	}
	for _, e := range lots {
		sc.Lots = append(sc.Lots, e.ref)
		if e.l.origin != 0 {
			p, err := s.partyRowByID(ctx, s.rdb, e.l.origin)
			if err != nil {
				return nil, err
			}
			sc.Suppliers = append(sc.Suppliers, lotledger.ScopeSupplier{Party: p.Code, Lot: e.ref})
		}
		for _, c := range e.l.customers {
			byCustomer[c.id] = append(byCustomer[c.id], lotledger.ScopeCustomer{Lot: e.ref, Quantity: lotledger.Quantity(c.qty)})
		}
		first := len(sc.Stock)
		for _, st := range e.l.stock {
			loc, err := s.locationByID(ctx, s.rdb, st.id)
			if err != nil {
				return nil, err
			}
			sc.Stock = append(sc.Stock, lotledger.ScopeStock{Lot: e.ref, Location: loc.Code, Quantity: lotledger.Quantity(st.qty)})
		}
		slices.SortFunc(sc.Stock[first:], func(a, b lotledger.ScopeStock) int { return cmp.Compare(a.Location, b.Location) })
	}
	slices.SortStableFunc(sc.Suppliers, func(a, b lotledger.ScopeSupplier) int { return cmp.Compare(a.Party, b.Party) })
	type customer struct {
		code  string
		lines []lotledger.ScopeCustomer
	}
	customers := make([]customer, 0, len(byCustomer))
	for id, lines := range byCustomer {
		p, err := s.partyRowByID(ctx, s.rdb, id)
		if err != nil {
			return nil, err
		}
		customers = append(customers, customer{p.Code, lines})
	}
	slices.SortFunc(customers, func(a, b customer) int { return cmp.Compare(a.code, b.code) })
	sc.Customers = make([]lotledger.ScopeCustomer, 0, total)
	for _, c := range customers {
		for _, ln := range c.lines {
			ln.Customer = c.code
			sc.Customers = append(sc.Customers, ln)
		}
	}
	return sc, nil
}

func cmpLot(a, b lotledger.LotRef) int {
	return cmp.Or(cmp.Compare(a.SKU, b.SKU), cmp.Compare(a.Lot, b.Lot))
}
