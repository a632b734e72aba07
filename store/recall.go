package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"lotledger"
	"lotledger/trace"
)

// StartRecall finds the scope of a recall (the seed lots and every lot made
// from them, at every level) and, in one write transaction, recalls every
// lot in scope and records the scope: lots with their stock, what is in
// transit, and what each customer received. Writers are serialised, so
// nothing can be made from or shipped out of a lot between the scope being
// found and the lot being recalled. A mock recall records the scope and the
// time it took, and changes no lot.
func (s *Store) StartRecall(ctx context.Context, r lotledger.RecallRequest) (*lotledger.Recall, error) {
	if err := validRecall(r); err != nil {
		return nil, err
	}
	started := time.Now()
	rec := &lotledger.Recall{ID: newRecallID(), CreatedAt: s.now().UTC().Truncate(timeResolution), User: lotledger.UserFrom(ctx),
		Reason: r.Reason, Mock: r.Mock, Status: "open", Seeds: r.Lots}
	if r.Mock {
		rec.Status = "closed"
	}
	err := s.write(ctx, func(w *writer) error {
		if err := s.recallScope(ctx, rec); err != nil {
			return err
		}
		if err := w.relatedRecalls(rec); err != nil {
			return err
		}
		if !r.Mock {
			if err := w.holdScope(rec); err != nil {
				return err
			}
		}
		rec.Duration = time.Since(started)
		scope, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		_, err = w.exec(`INSERT INTO recalls (id, created_at, user_name, reason, mock, status, duration_ns, scope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			rec.ID, formatTime(rec.CreatedAt), rec.User, rec.Reason, boolInt(rec.Mock), rec.Status, int64(rec.Duration), string(scope))
		if err != nil {
			return fmt.Errorf("record recall: %w", err)
		}
		for _, l := range rec.Lots {
			if _, err := w.exec(`INSERT INTO recall_lots (recall_id, lot_id) VALUES ($1, $2)`, rec.ID, l.ID); err != nil {
				return fmt.Errorf("record recall scope: %w", err)
			}
		}
		if r.Mock {
			return nil
		}
		return w.queueNotices(rec)
	})
	if err != nil {
		return nil, err
	}
	return rec, nil
}

func validRecall(r lotledger.RecallRequest) error {
	if len(r.Lots) == 0 {
		return lotledger.Errorf(lotledger.EINVALID, "lots", "at least one lot is required")
	}
	if err := required("reason", r.Reason); err != nil {
		return err
	}
	for i, l := range r.Lots {
		if err := required(lotledger.FieldPath("lots", i, "sku"), l.SKU); err != nil {
			return err
		}
		if err := required(lotledger.FieldPath("lots", i, "lot"), l.Lot); err != nil {
			return err
		}
	}
	return nil
}

func newRecallID() string { return randomID("RC-", 6) }

// recallScope walks forward from every seed and fills rec's scope.
func (s *Store) recallScope(ctx context.Context, rec *lotledger.Recall) error {
	idx, err := s.genealogy(ctx)
	if err != nil {
		return err
	}
	nearest := map[uint32]int{}
	var order []trace.Reached
	for i, seed := range rec.Seeds {
		var id int64
		err := s.rdb.QueryRowContext(ctx, `SELECT l.id FROM lots l JOIN items i ON i.id = l.item_id WHERE i.sku = $1 AND l.code = $2`, seed.SKU, seed.Lot).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return lotledger.Errorf(lotledger.EUNKNOWN, lotledger.FieldPath("lots", i, "lot"), "item %s has no lot %s", seed.SKU, seed.Lot)
		}
		if err != nil {
			return fmt.Errorf("recall: %w", err)
		}
		for _, r := range idx.Walk(uint32(id), trace.Forward, 0) {
			if lv, seen := nearest[r.Lot]; !seen || r.Level < lv {
				if !seen {
					order = append(order, r)
				}
				nearest[r.Lot] = r.Level
			}
		}
	}
	for i := range order {
		order[i].Level = nearest[order[i].Lot]
	}
	t := &lotledger.Trace{}
	if err := s.traceDetails(ctx, t, order); err != nil {
		return err
	}
	return s.fillScope(ctx, rec, t)
}

// fillScope turns the trace of the scope into the recall's record.
func (s *Store) fillScope(ctx context.Context, rec *lotledger.Recall, t *lotledger.Trace) error {
	rec.Lots, rec.InTransit, rec.Customers = []lotledger.RecallLot{}, []lotledger.StockRow{}, []lotledger.RecallCustomer{}
	locations := map[string]bool{}
	for _, l := range t.Lots {
		rec.Lots = append(rec.Lots, lotledger.RecallLot{ID: l.ID, LotRef: lotledger.LotRef{SKU: l.SKU, Lot: l.Code}, Level: l.Level,
			StatusBefore: l.Status, Expires: l.Expires, Made: l.Made, OnHand: l.OnHand, UOM: l.UOM, Stock: l.Stock})
		for _, st := range l.Stock {
			loc, err := s.location(ctx, s.rdb, st.Location)
			if err != nil {
				return err
			}
			if loc.Kind == lotledger.KindInTransit {
				rec.InTransit = append(rec.InTransit, st)
			}
			locations[st.Location] = true
		}
	}
	rec.Customers = customersOf(t.Shipments)
	customers := map[string]bool{}
	for _, c := range rec.Customers {
		customers[c.Customer] = true
	}
	rec.Totals = lotledger.RecallTotals{Lots: len(rec.Lots), Customers: len(customers), Locations: len(locations)}
	return nil
}

// customersOf sums shipments less returns per customer and lot.
func customersOf(shipments []lotledger.TraceShipment) []lotledger.RecallCustomer {
	type key struct{ customer, sku, lot string }
	byKey := map[key]*lotledger.RecallCustomer{}
	var keys []key
	for _, sh := range shipments {
		k := key{sh.Customer, sh.Lot.SKU, sh.Lot.Lot}
		c := byKey[k]
		if c == nil {
			c = &lotledger.RecallCustomer{Customer: sh.Customer, Name: sh.Name, Email: sh.Email, Lot: sh.Lot, First: sh.Time}
			byKey[k] = c
			keys = append(keys, k)
		}
		c.Quantity += sh.Quantity
		if sh.Quantity > 0 {
			c.First, c.Last = minTime(c.First, sh.Time), maxTime(c.Last, sh.Time)
		}
		if sh.Reference != "" && !slices.Contains(c.References, sh.Reference) {
			c.References = append(c.References, sh.Reference)
		}
	}
	out := make([]lotledger.RecallCustomer, 0, len(keys))
	for _, k := range keys {
		out = append(out, *byKey[k])
	}
	slices.SortStableFunc(out, func(a, b lotledger.RecallCustomer) int {
		return cmp.Or(cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.Lot.SKU, b.Lot.SKU), cmp.Compare(a.Lot.Lot, b.Lot.Lot))
	})
	return out
}

func minTime(a, b time.Time) time.Time {
	if a.IsZero() || b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// holdScope recalls every lot in scope not already recalled, one status
// event each, in the recall's transaction.
func (w *writer) holdScope(rec *lotledger.Recall) error {
	for _, l := range rec.Lots {
		if l.StatusBefore == lotledger.StatusRecalled {
			continue
		}
		res, err := w.status(lotledger.StatusChange{SKU: l.SKU, Lot: l.Lot, Status: lotledger.StatusRecalled,
			Reason: fmt.Sprintf("recall %s: %s", rec.ID, rec.Reason)})
		if err != nil {
			return fmt.Errorf("recall lot %s of %s: %w", l.Lot, l.SKU, err)
		}
		rec.Events = append(rec.Events, res.Seq)
	}
	return nil
}

// Recall returns a recall with the scope recorded when it started.
func (s *Store) Recall(ctx context.Context, id string) (*lotledger.Recall, error) {
	var scope, status string
	err := s.rdb.QueryRowContext(ctx, `SELECT scope, status FROM recalls WHERE id = $1`, id).Scan(&scope, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "id", "no recall %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read recall: %w", err)
	}
	rec := new(lotledger.Recall)
	if err := json.Unmarshal([]byte(scope), rec); err != nil {
		return nil, fmt.Errorf("decode recall: %w", err)
	}
	rec.Status = status
	if err := s.fillNotices(ctx, rec); err != nil {
		return nil, err
	}
	if err := s.recallProgress(ctx, rec); err != nil {
		return nil, err
	}
	return rec, nil
}

// PublicLot tells a consumer whether the lot of the product with this GTIN
// is recalled, with the reason of the latest recall that covered it.
func (s *Store) PublicLot(ctx context.Context, gtin, code string) (*lotledger.PublicLot, error) {
	g, err := lotledger.NormalizeGTIN(gtin)
	if err != nil {
		return nil, err
	}
	it, err := s.itemByGTIN(ctx, s.rdb, g)
	if err != nil {
		return nil, err
	}
	d, err := s.Lot(ctx, it.SKU, code)
	if err != nil {
		return nil, err
	}
	p := &lotledger.PublicLot{GTIN: g, Product: it.Name, Lot: code, Expires: d.Expires, Recalled: d.Status == lotledger.StatusRecalled}
	if !p.Recalled {
		return p, nil
	}
	var created string
	err = s.rdb.QueryRowContext(ctx, `SELECT r.id, r.reason, r.created_at FROM recall_lots rl JOIN recalls r ON r.id = rl.recall_id
		WHERE rl.lot_id = $1 AND r.mock = 0 ORDER BY r.created_at DESC LIMIT 1`, d.ID).Scan(&p.RecallID, &p.Reason, &created)
	if err == nil {
		p.Since = parseTime(created)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("read recall of lot: %w", err)
	}
	return p, nil
}

// relatedRecalls names the open recalls whose scope overlaps rec's.
func (w *writer) relatedRecalls(rec *lotledger.Recall) error {
	if len(rec.Lots) == 0 {
		return nil
	}
	ids := make([]any, 0, len(rec.Lots))
	for _, l := range rec.Lots {
		ids = append(ids, l.ID)
	}
	for start := 0; start < len(ids); start += traceChunk {
		chunk := ids[start:min(len(ids), start+traceChunk)]
		rows, err := w.tx.QueryContext(w.ctx, `SELECT DISTINCT r.id FROM recall_lots rl JOIN recalls r ON r.id = rl.recall_id
			WHERE r.status = 'open' AND r.mock = 0 AND rl.lot_id IN (`+inList(len(chunk))+`) ORDER BY r.id`, chunk...)
		if err != nil {
			return fmt.Errorf("find related recalls: %w", err)
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			if !slices.Contains(rec.Related, id) {
				rec.Related = append(rec.Related, id)
			}
		}
		rows.Close()
	}
	return nil
}

// Recalls lists recalls and drills, newest first.
func (s *Store) Recalls(ctx context.Context, f lotledger.RecallFilter) (*lotledger.Page[lotledger.RecallSummary], error) {
	limit, offset, err := pageBounds(f.PageRequest)
	if err != nil {
		return nil, err
	}
	where := ""
	switch f.Mock {
	case "":
	case "true":
		where = " WHERE mock = 1"
	case "false":
		where = " WHERE mock = 0"
	default:
		return nil, lotledger.Errorf(lotledger.EINVALID, "mock", "mock must be true or false")
	}
	rows, err := s.rdb.QueryContext(ctx, `SELECT scope, status FROM recalls`+where+` ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`, limit+1, offset)
	if err != nil {
		return nil, fmt.Errorf("list recalls: %w", err)
	}
	return collect(rows, limit, offset, func(r *sql.Rows) (lotledger.RecallSummary, error) {
		var scope, status string
		if err := r.Scan(&scope, &status); err != nil {
			return lotledger.RecallSummary{}, err
		}
		var rec lotledger.Recall
		if err := json.Unmarshal([]byte(scope), &rec); err != nil {
			return lotledger.RecallSummary{}, fmt.Errorf("decode recall: %w", err)
		}
		return lotledger.RecallSummary{ID: rec.ID, CreatedAt: rec.CreatedAt, User: rec.User, Reason: rec.Reason, Mock: rec.Mock,
			Status: status, Duration: rec.Duration, Totals: rec.Totals}, nil
	})
}
