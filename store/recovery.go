package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"lotledger"
)

// RecordRecovery records what became of recalled goods at a customer:
// returned, destroyed on site or consumed before the notice. A customer can
// account for at most what it received of a lot in the recall's scope, and a
// closed recall takes no more.
func (s *Store) RecordRecovery(ctx context.Context, id string, r lotledger.RecoveryRequest) (*lotledger.Recall, error) {
	if !slices.Contains(lotledger.RecoveryKinds, r.Kind) {
		return nil, lotledger.Errorf(lotledger.EINVALID, "kind", "kind must be returned, destroyed or consumed")
	}
	err := s.write(ctx, func(w *writer) error {
		rec, err := w.openRecall(id)
		if err != nil {
			return err
		}
		got := received(rec, r)
		if got == nil {
			return lotledger.Errorf(lotledger.EINVALID, "customer", "customer %s received none of lot %s of %s in recall %s", r.Customer, r.Lot, r.SKU, id)
		}
		it, err := w.itemFor("sku", r.SKU)
		if err != nil {
			return err
		}
		q, err := r.Quantity.Parse("quantity", true, it.UnitDecimals())
		if err != nil {
			return err
		}
		l, err := w.lot("lot", it, r.Lot)
		if err != nil {
			return err
		}
		p, err := w.partyFor("customer", r.Customer, lotledger.PartyCustomer)
		if err != nil {
			return err
		}
		var before int64
		if err := w.queryRow(`SELECT COALESCE(SUM(qty), 0) FROM recall_recoveries WHERE recall_id = $1 AND party_id = $2 AND lot_id = $3`, id, p.id, l.id).Scan(&before); err != nil {
			return fmt.Errorf("read recoveries: %w", err)
		}
		if lotledger.Quantity(before)+q > got.Quantity {
			return lotledger.Errorf(lotledger.EINVALID, "quantity", "customer %s received %s of lot %s and %s is already accounted for; %s more is too much",
				r.Customer, got.Quantity, r.Lot, lotledger.Quantity(before), q)
		}
		_, err = w.exec(`INSERT INTO recall_recoveries (recall_id, party_id, lot_id, kind, qty, note, recorded_at, user_name) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, p.id, l.id, r.Kind, int64(q), r.Note, formatTime(w.now), w.user)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Recall(ctx, id)
}

// openRecall reads a recall that may still change.
func (w *writer) openRecall(id string) (*lotledger.Recall, error) {
	var scope, status string
	var mock int
	err := w.queryRow(`SELECT scope, status, mock FROM recalls WHERE id = $1`, id).Scan(&scope, &status, &mock)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "id", "no recall %s", id)
	}
	if err != nil {
		return nil, fmt.Errorf("read recall: %w", err)
	}
	if mock == 1 {
		return nil, lotledger.Errorf(lotledger.ECONFLICT, "id", "recall %s is a mock recall: it records nothing after it ran", id)
	}
	if status == "closed" {
		return nil, lotledger.Errorf(lotledger.ECONFLICT, "id", "recall %s is closed and cannot change", id)
	}
	rec := new(lotledger.Recall)
	if err := json.Unmarshal([]byte(scope), rec); err != nil {
		return nil, fmt.Errorf("decode recall: %w", err)
	}
	return rec, nil
}

// received finds what the customer of r received of r's lot in rec.
func received(rec *lotledger.Recall, r lotledger.RecoveryRequest) *lotledger.RecallCustomer {
	for i, c := range rec.Customers {
		if c.Customer == r.Customer && c.Lot.SKU == r.SKU && c.Lot.Lot == r.Lot {
			return &rec.Customers[i]
		}
	}
	return nil
}

// CloseRecall closes a recall, with who, when and why; it cannot change after.
func (s *Store) CloseRecall(ctx context.Context, id, reason string) (*lotledger.Recall, error) {
	if err := required("reason", reason); err != nil {
		return nil, err
	}
	err := s.write(ctx, func(w *writer) error {
		if _, err := w.openRecall(id); err != nil {
			return err
		}
		if _, err := w.exec(`INSERT INTO recall_closes (recall_id, closed_at, closed_by, reason) VALUES ($1, $2, $3, $4)`, id, formatTime(w.now), w.user, reason); err != nil {
			return fmt.Errorf("close recall: %w", err)
		}
		_, err := w.exec(`UPDATE recalls SET status = 'closed' WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Recall(ctx, id)
}

// recallProgress adds to rec what has happened since it started: recoveries,
// effectiveness, the mass balance of its lots, and whether it is closed.
func (s *Store) recallProgress(ctx context.Context, rec *lotledger.Recall) error {
	var err error
	if rec.Recoveries, err = s.recoveries(ctx, rec.ID); err != nil {
		return err
	}
	var c lotledger.RecallClose
	var at string
	err = s.rdb.QueryRowContext(ctx, `SELECT closed_at, closed_by, reason FROM recall_closes WHERE recall_id = $1`, rec.ID).Scan(&at, &c.By, &c.Reason)
	if err == nil {
		c.At = parseTime(at)
		rec.Closed = &c
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("read recall close: %w", err)
	}
	rec.Effectiveness = effectiveness(rec)
	rec.Balance, err = s.massBalance(ctx, rec)
	return err
}

func (s *Store) recoveries(ctx context.Context, id string) ([]lotledger.Recovery, error) {
	rows, err := s.rdb.QueryContext(ctx, `SELECT p.code, i.sku, l.code, r.qty, r.kind, r.note, r.recorded_at, r.user_name
		FROM recall_recoveries r JOIN parties p ON p.id = r.party_id JOIN lots l ON l.id = r.lot_id JOIN items i ON i.id = l.item_id
		WHERE r.recall_id = $1 ORDER BY r.id`, id)
	if err != nil {
		return nil, fmt.Errorf("read recoveries: %w", err)
	}
	defer rows.Close()
	out := []lotledger.Recovery{}
	for rows.Next() {
		var r lotledger.Recovery
		var at string
		if err := rows.Scan(&r.Customer, &r.Lot.SKU, &r.Lot.Lot, &r.Quantity, &r.Kind, &r.Note, &at, &r.User); err != nil {
			return nil, err
		}
		r.RecordedAt = parseTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// effectiveness is, per unit of measure, the quantity accounted for (held
// in stock when the recall started, plus what customers returned, destroyed
// or consumed) over the quantity in scope (held plus delivered to
// customers). Units are never added to each other.
func effectiveness(rec *lotledger.Recall) map[string]float64 {
	unit := map[lotledger.LotRef]string{}
	accounted, total := map[string]lotledger.Quantity{}, map[string]lotledger.Quantity{}
	for _, l := range rec.Lots {
		unit[l.LotRef] = l.UOM
		accounted[l.UOM] += l.OnHand
		total[l.UOM] += l.OnHand
	}
	for _, c := range rec.Customers {
		if c.Quantity > 0 {
			total[unit[c.Lot]] += c.Quantity
		}
	}
	for _, r := range rec.Recoveries {
		accounted[unit[r.Lot]] += r.Quantity
	}
	out := map[string]float64{}
	for u, t := range total {
		out[u] = 1
		if t > 0 {
			out[u] = float64(accounted[u]) / float64(t)
		}
	}
	return out
}

// massBalance accounts for every unit of every lot in scope from the ledger's
// movements, by what kind of event moved them. Transfers and arrivals only
// move stock between locations and are left out.
func (s *Store) massBalance(ctx context.Context, rec *lotledger.Recall) ([]lotledger.MassBalance, error) {
	out := make([]lotledger.MassBalance, 0, len(rec.Lots))
	for _, l := range rec.Lots {
		b := lotledger.MassBalance{Lot: l.LotRef, UOM: l.UOM}
		rows, err := s.rdb.QueryContext(ctx, `SELECT e.kind, SUM(CASE WHEN m.qty > 0 THEN m.qty ELSE 0 END), SUM(CASE WHEN m.qty < 0 THEN -m.qty ELSE 0 END)
			FROM movements m JOIN events e ON e.seq = m.seq JOIN lots l ON l.id = m.lot_id JOIN items i ON i.id = l.item_id
			WHERE i.sku = $1 AND l.code = $2 GROUP BY e.kind`, l.SKU, l.Lot)
		if err != nil {
			return nil, fmt.Errorf("mass balance: %w", err)
		}
		for rows.Next() {
			var kind string
			var in, outq lotledger.Quantity
			if err := rows.Scan(&kind, &in, &outq); err != nil {
				rows.Close()
				return nil, err
			}
			b.Add(kind, in, outq)
		}
		rows.Close()
		if err := s.rdb.QueryRowContext(ctx, `SELECT COALESCE(SUM(st.qty), 0) FROM stock st JOIN lots l ON l.id = st.lot_id JOIN items i ON i.id = l.item_id
			WHERE i.sku = $1 AND l.code = $2`, l.SKU, l.Lot).Scan(&b.OnHand); err != nil {
			return nil, fmt.Errorf("mass balance: %w", err)
		}
		b.Difference = b.Made + b.Returned + b.Found - b.Shipped - b.Consumed - b.Disposed - b.Lost - b.OnHand
		out = append(out, b)
	}
	return out, nil
}
