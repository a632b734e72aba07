package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
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
	if err := readScopeRows(ctx, q, x, args, lots, stock, deliveries); err != nil {
		return fmt.Errorf("scope: %w", err)
	}
	return nil
}

func readScopeRows(ctx context.Context, q querier, x *scopeIndex, args []any, lots, stock, deliveries string) error {
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

// scanRows runs query and calls fn for each row.
func scanRows(ctx context.Context, q querier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
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
	seeds, head, err := s.lotIDs(ctx, r.Lots)
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
	var reached []int64
	for _, id := range seeds {
		for _, rl := range idx.Walk(uint32(id), dir, 0) {
			reached = append(reached, int64(rl.Lot))
		}
	}
	if len(seeds) > 1 { // a lot reached from two seeds is listed once
		slices.Sort(reached)
		reached = slices.Compact(reached)
	}
	return s.scopeAnswer(ctx, r, reached)
}

// lotIDs finds the ids of lots named by SKU and code, with one query for
// the lots of up to 500 codes rather than one a lot. The first lot or item
// that does not exist is refused, naming its place in the request (lot
// alone for a single lot, named in the path of GET .../scope).
//
// The same query reads the ledger head, which saves the question about one
// lot a round trip to the database. The head is read with or after every
// lot it found, so the indexes caught up to it know those lots.
func (s *Store) lotIDs(ctx context.Context, refs []lotledger.LotRef) (ids []int64, head int64, err error) {
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
			return nil, 0, lotledger.Errorf(lotledger.ENOTFOUND, field(i), "item %s does not exist", l.SKU)
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
		query := `SELECT id, item_id, code, (SELECT seq FROM ledger_head WHERE id = 1) FROM lots WHERE code IN (` + list + `)`
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
			return nil, 0, fmt.Errorf("find lots: %w", err)
		}
		for rows.Next() {
			var id, seq int64
			var k key
			if err := rows.Scan(&id, &k.item, &k.code, &seq); err != nil {
				rows.Close()
				return nil, 0, fmt.Errorf("find lots: %w", err)
			}
			found[k] = id
			head = max(head, seq)
		}
		if err := rows.Close(); err != nil {
			return nil, 0, fmt.Errorf("find lots: %w", err)
		}
	}
	ids = make([]int64, len(want))
	for i, k := range want {
		id, ok := found[k]
		if !ok {
			return nil, 0, lotledger.Errorf(lotledger.ENOTFOUND, field(i), "item %s has no lot %s", refs[i].SKU, refs[i].Lot)
		}
		ids[i] = id
	}
	return ids, head, nil
}

// scopeAnswer lists what the reached lots concern, in order: lots by SKU
// and code; customers by code, then lot; stock by lot, then location;
// suppliers by code, then lot.
//
// A silo lot's scope holds thousands of lots and a hundred thousand
// customer lines, so nothing large is sorted by comparing strings or moved
// while it holds pointers: the lots are sorted by keys of plain integers
// (the SKU's rank and the code's first 16 bytes), and the customer lines
// are placed by counting, customer by customer in code order, while the
// lots are walked in their order.
func (s *Store) scopeAnswer(ctx context.Context, r lotledger.ScopeRequest, reached []int64) (*lotledger.Scope, error) {
	sc := &lotledger.Scope{Direction: r.Direction, Seeds: r.Lots, Lots: make([]lotledger.LotRef, 0, len(reached)),
		Suppliers: []lotledger.ScopeSupplier{}, Customers: []lotledger.ScopeCustomer{}, Stock: []lotledger.ScopeStock{}}
	s.scopeMu.RLock()
	defer s.scopeMu.RUnlock()
	items := newCodeMemo(func(id int64) (string, error) {
		it, err := s.itemByID(ctx, s.rdb, id)
		if err != nil {
			return "", err
		}
		return it.SKU, nil
	})
	parties := newCodeMemo(func(id int64) (string, error) {
		p, err := s.partyRowByID(ctx, s.rdb, id)
		if err != nil {
			return "", err
		}
		return p.Code, nil
	})
	locations := newCodeMemo(func(id int64) (string, error) {
		l, err := s.locationByID(ctx, s.rdb, id)
		if err != nil {
			return "", err
		}
		return l.Code, nil
	})

	lots := make([]*scopeLot, 0, len(reached))
	for _, id := range reached {
		if id >= int64(len(s.scope.lots)) || s.scope.lots[id].item == 0 {
			continue
		}
		lots = append(lots, &s.scope.lots[id])
	}
	order, skus, err := lotOrder(lots, items)
	if err != nil {
		return nil, err
	}

	// Each customer gets a run of sc.Customers, the runs in customer code
	// order, filled as the lots are walked in their order.
	var cust slots
	var custIDs []int64
	var count []int // lines per customer
	stock, suppliers := 0, 0
	for _, l := range lots {
		stock += len(l.stock)
		if l.origin != 0 {
			suppliers++
		}
		for _, c := range l.customers {
			i, seen := cust.of(c.id)
			if !seen {
				custIDs, count = append(custIDs, c.id), append(count, 0)
			}
			count[i]++
		}
	}
	custCodes := make([]string, len(custIDs))
	for i, id := range custIDs {
		if custCodes[i], err = parties.get(id); err != nil {
			return nil, err
		}
	}
	byCode := make([]int, len(custIDs))
	for i := range byCode {
		byCode[i] = i
	}
	slices.SortFunc(byCode, func(a, b int) int { return cmp.Compare(custCodes[a], custCodes[b]) })
	next, total := make([]int, len(custIDs)), 0 // where each customer's next line goes
	for _, i := range byCode {
		next[i] = total
		total += count[i]
	}

	sc.Customers = make([]lotledger.ScopeCustomer, total)
	sc.Stock = make([]lotledger.ScopeStock, 0, stock)
	sc.Suppliers = make([]lotledger.ScopeSupplier, 0, suppliers)
	for _, k := range order {
		l := lots[k.i]
		ref := lotledger.LotRef{SKU: skus[k.sku], Lot: l.code}
		sc.Lots = append(sc.Lots, ref)
		if l.origin != 0 {
			code, err := parties.get(l.origin)
			if err != nil {
				return nil, err
			}
			sc.Suppliers = append(sc.Suppliers, lotledger.ScopeSupplier{Party: code, Lot: ref})
		}
		for _, c := range l.customers {
			i, _ := cust.of(c.id)
			sc.Customers[next[i]] = lotledger.ScopeCustomer{Customer: custCodes[i], Lot: ref, Quantity: lotledger.Quantity(c.qty)}
			next[i]++
		}
		first := len(sc.Stock)
		for _, st := range l.stock {
			code, err := locations.get(st.id)
			if err != nil {
				return nil, err
			}
			sc.Stock = append(sc.Stock, lotledger.ScopeStock{Lot: ref, Location: code, Quantity: lotledger.Quantity(st.qty)})
		}
		slices.SortFunc(sc.Stock[first:], func(a, b lotledger.ScopeStock) int { return cmp.Compare(a.Location, b.Location) })
	}
	slices.SortStableFunc(sc.Suppliers, func(a, b lotledger.ScopeSupplier) int { return cmp.Compare(a.Party, b.Party) })
	return sc, nil
}

// scopeKey orders a lot without touching its strings: the rank of its SKU,
// then the first 16 bytes of its code, big-endian and padded with zero
// bytes, which order as the code does except between codes that share
// those 16 bytes.
type scopeKey struct {
	sku    uint32
	i      uint32 // the lot's index in the list being ordered
	hi, lo uint64
}

// lotOrder returns the keys of lots in order of SKU, then code, and the
// SKUs by the ranks in the keys.
func lotOrder(lots []*scopeLot, items *codeMemo) ([]scopeKey, []string, error) {
	var skus []string
	skuRank := map[int64]uint32{}
	keys := make([]scopeKey, len(lots))
	for i, l := range lots {
		r, ok := skuRank[l.item]
		if !ok {
			sku, err := items.get(l.item)
			if err != nil {
				return nil, nil, err
			}
			r = uint32(len(skus))
			skuRank[l.item], skus = r, append(skus, sku)
		}
		var b [16]byte
		copy(b[:], l.code)
		keys[i] = scopeKey{sku: r, i: uint32(i), hi: binary.BigEndian.Uint64(b[:8]), lo: binary.BigEndian.Uint64(b[8:])}
	}
	// SKU ranks in SKU order
	byName := make([]uint32, len(skus))
	for i := range byName {
		byName[i] = uint32(i)
	}
	slices.SortFunc(byName, func(a, b uint32) int { return cmp.Compare(skus[a], skus[b]) })
	final, inOrder := make([]uint32, len(skus)), make([]string, len(skus))
	for pos, r := range byName {
		final[r], inOrder[pos] = uint32(pos), skus[r]
	}
	for i := range keys {
		keys[i].sku = final[keys[i].sku]
	}
	slices.SortFunc(keys, func(a, b scopeKey) int {
		switch {
		case a.sku != b.sku:
			return cmp.Compare(a.sku, b.sku)
		case a.hi != b.hi:
			return cmp.Compare(a.hi, b.hi)
		case a.lo != b.lo:
			return cmp.Compare(a.lo, b.lo)
		}
		return cmp.Compare(lots[a.i].code, lots[b.i].code)
	})
	return keys, inOrder, nil
}

// slots numbers the distinct ids it is shown 0, 1, 2, ... in the order it
// first sees them, in a slice where ids are small (as the ids of parties
// and locations are) and a map beyond.
type slots struct {
	dense  []int32 // by id: slot + 1, 0 not seen
	sparse map[int64]int32
	n      int32
}

// of returns id's slot, and whether id had one already.
func (s *slots) of(id int64) (int32, bool) {
	if id >= 0 && id < 1<<20 {
		if id >= int64(len(s.dense)) {
			s.dense = append(s.dense, make([]int32, int(id)+1-len(s.dense)+len(s.dense)/2)...)
		}
		if v := s.dense[id]; v != 0 {
			return v - 1, true
		}
		s.n++
		s.dense[id] = s.n
		return s.n - 1, false
	}
	if v, ok := s.sparse[id]; ok {
		return v, true
	}
	if s.sparse == nil {
		s.sparse = map[int64]int32{}
	}
	s.sparse[id] = s.n
	s.n++
	return s.n - 1, false
}

// codeMemo remembers, for one answer, the codes it looked up by id; the
// ids of items, parties and locations are small and dense.
type codeMemo struct {
	codes []string // by id; "" not looked up yet
	look  func(id int64) (string, error)
}

func newCodeMemo(look func(id int64) (string, error)) *codeMemo { return &codeMemo{look: look} }

func (m *codeMemo) get(id int64) (string, error) {
	if id >= 0 && id < int64(len(m.codes)) && m.codes[id] != "" {
		return m.codes[id], nil
	}
	code, err := m.look(id)
	if err != nil {
		return "", err
	}
	if id >= 0 && id < 1<<20 {
		if id >= int64(len(m.codes)) {
			m.codes = append(m.codes, make([]string, int(id)+1-len(m.codes))...)
		}
		m.codes[id] = code
	}
	return code, nil
}
