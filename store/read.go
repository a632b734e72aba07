package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"lotledger"
)

// filter builds a WHERE clause with numbered parameters.
type filter struct {
	where []string
	args  []any
}

func (f *filter) add(cond string, args ...any) {
	for _, a := range args {
		f.args = append(f.args, a)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(f.args)), 1)
	}
	f.where = append(f.where, cond)
}

func (f *filter) sql() string {
	if len(f.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(f.where, " AND ")
}

// status adds a condition on the lot status as it stands today: a released
// lot past its expiry date counts as expired.
func (f *filter) status(field, col, expiresCol, status, today string) error {
	switch status {
	case "":
	case lotledger.StatusReleased:
		f.add(col+" = 'released' AND ("+expiresCol+" = '' OR "+expiresCol+" >= ?)", today)
	case lotledger.StatusExpired:
		f.add("("+col+" = 'expired' OR ("+col+" = 'released' AND "+expiresCol+" <> '' AND "+expiresCol+" < ?))", today)
	default:
		if !lotledger.ValidStatus(status) {
			return lotledger.Errorf(lotledger.EINVALID, field, "status must be one of released, quarantine, hold, recalled, expired, destroyed")
		}
		f.add(col+" = ?", status)
	}
	return nil
}

func (s *Store) today() string { return string(lotledger.DateOf(s.now())) }

// effective reports the status that governs a lot today.
func (s *Store) effective(status string, expires lotledger.Date) string {
	l := lotledger.Lot{Status: status, Expires: expires}
	return l.EffectiveStatus(lotledger.Date(s.today()))
}

// Stock lists stock on hand by SKU, lot and location.
func (s *Store) Stock(ctx context.Context, sf lotledger.StockFilter) (*lotledger.Page[lotledger.StockRow], error) {
	limit, offset, err := pageBounds(sf.PageRequest)
	if err != nil {
		return nil, err
	}
	var f filter
	if sf.SKU != "" {
		f.add("i.sku = ?", sf.SKU)
	}
	if sf.Lot != "" {
		f.add("l.code = ?", sf.Lot)
	}
	if sf.Location != "" {
		f.add("(loc.code = ? OR loc.site = ?)", sf.Location, sf.Location)
	}
	if err := f.status("status", "l.status", "l.expires", sf.Status, s.today()); err != nil {
		return nil, err
	}
	f.args = append(f.args, limit+1, offset)
	n := len(f.args)
	rows, err := s.rdb.QueryContext(ctx, `SELECT i.sku, l.code, loc.code, l.status, l.expires, st.qty, i.uom
		FROM stock st JOIN lots l ON l.id = st.lot_id JOIN items i ON i.id = l.item_id JOIN locations loc ON loc.id = st.location_id`+
		f.sql()+fmt.Sprintf(` ORDER BY i.sku, l.code, loc.code LIMIT $%d OFFSET $%d`, n-1, n), f.args...)
	if err != nil {
		return nil, fmt.Errorf("list stock: %w", err)
	}
	return collect(rows, limit, offset, func(rows *sql.Rows) (lotledger.StockRow, error) {
		var r lotledger.StockRow
		err := rows.Scan(&r.SKU, &r.Lot, &r.Location, &r.Status, &r.Expires, &r.Quantity, &r.UOM)
		r.Status = s.effective(r.Status, r.Expires)
		return r, err
	})
}

const lotColumns = `l.id, i.sku, l.code, l.supplier_lot, l.produced, l.expires, l.status, COALESCE(p.code, ''), l.created_seq, l.created_at,
	COALESCE((SELECT SUM(st.qty) FROM stock st JOIN locations sl ON sl.id = st.location_id WHERE st.lot_id = l.id), 0)`

const lotFrom = ` FROM lots l JOIN items i ON i.id = l.item_id LEFT JOIN parties p ON p.id = l.origin_id`

func (s *Store) scanLot(sc interface{ Scan(...any) error }) (lotledger.Lot, error) {
	var l lotledger.Lot
	var created string
	err := sc.Scan(&l.ID, &l.SKU, &l.Code, &l.SupplierLot, &l.Produced, &l.Expires, &l.Status, &l.Origin, &l.CreatedSeq, &created, &l.OnHand)
	l.CreatedAt = parseTime(created)
	l.Status = s.effective(l.Status, l.Expires)
	return l, err
}

// Lots lists lots by SKU, status, supplier lot and expiry, soonest expiry first.
func (s *Store) Lots(ctx context.Context, lf lotledger.LotFilter) (*lotledger.Page[lotledger.Lot], error) {
	limit, offset, err := pageBounds(lf.PageRequest)
	if err != nil {
		return nil, err
	}
	var f filter
	if lf.SKU != "" {
		f.add("i.sku = ?", lf.SKU)
	}
	if lf.SupplierLot != "" {
		f.add("l.supplier_lot = ?", lf.SupplierLot)
	}
	if lf.ExpiresBefore != "" {
		f.add("l.expires <> '' AND l.expires < ?", string(lf.ExpiresBefore))
	}
	if err := f.status("status", "l.status", "l.expires", lf.Status, s.today()); err != nil {
		return nil, err
	}
	f.args = append(f.args, limit+1, offset)
	n := len(f.args)
	rows, err := s.rdb.QueryContext(ctx, `SELECT `+lotColumns+lotFrom+f.sql()+
		fmt.Sprintf(` ORDER BY CASE WHEN l.expires = '' THEN 1 ELSE 0 END, l.expires, i.sku, l.code LIMIT $%d OFFSET $%d`, n-1, n), f.args...)
	if err != nil {
		return nil, fmt.Errorf("list lots: %w", err)
	}
	return collect(rows, limit, offset, func(r *sql.Rows) (lotledger.Lot, error) { return s.scanLot(r) })
}

// Lot returns one lot with its stock, its genealogy one level each way and
// every event that touched it.
func (s *Store) Lot(ctx context.Context, sku, code string) (*lotledger.LotDetail, error) {
	rtx, err := s.rdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("read lot: %w", err)
	}
	defer rtx.Rollback()
	tx := &stmtTx{s: s, tx: rtx}
	l, err := s.scanLot(tx.QueryRowContext(ctx, `SELECT `+lotColumns+lotFrom+` WHERE i.sku = $1 AND l.code = $2`, sku, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "lot", "item %s has no lot %s", sku, code)
	}
	if err != nil {
		return nil, fmt.Errorf("read lot: %w", err)
	}
	d := &lotledger.LotDetail{Lot: l}
	if d.Stock, err = s.lotStock(ctx, tx, l); err != nil {
		return nil, err
	}
	if d.Inputs, err = s.links(ctx, tx, `e.child_id = $1`, `e.parent_id`, l.ID); err != nil {
		return nil, err
	}
	if d.Outputs, err = s.links(ctx, tx, `e.parent_id = $1`, `e.child_id`, l.ID); err != nil {
		return nil, err
	}
	if d.Events, err = s.events(ctx, tx, `seq IN (SELECT seq FROM movements WHERE lot_id = $1 UNION SELECT seq FROM status_changes WHERE lot_id = $1) ORDER BY seq LIMIT $2`, l.ID, lotledger.LotEvents+1); err != nil {
		return nil, err
	}
	if len(d.Events) > lotledger.LotEvents {
		d.Events = d.Events[:lotledger.LotEvents]
		d.EventsNext = strconv.FormatInt(d.Events[lotledger.LotEvents-1].Seq, 10)
	}
	return d, nil
}

func (s *Store) lotStock(ctx context.Context, q querier, l lotledger.Lot) ([]lotledger.StockRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT loc.code, st.qty, i.uom FROM stock st JOIN locations loc ON loc.id = st.location_id
		JOIN lots l ON l.id = st.lot_id JOIN items i ON i.id = l.item_id WHERE st.lot_id = $1 ORDER BY loc.code`, l.ID)
	if err != nil {
		return nil, fmt.Errorf("read lot stock: %w", err)
	}
	defer rows.Close()
	out := []lotledger.StockRow{}
	for rows.Next() {
		r := lotledger.StockRow{SKU: l.SKU, Lot: l.Code, Status: l.Status, Expires: l.Expires}
		if err := rows.Scan(&r.Location, &r.Quantity, &r.UOM); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) links(ctx context.Context, q querier, where, other string, id int64) ([]lotledger.LotLink, error) {
	rows, err := q.QueryContext(ctx, `SELECT i.sku, l.code, e.qty, e.seq FROM lot_edges e JOIN lots l ON l.id = `+other+
		` JOIN items i ON i.id = l.item_id WHERE `+where+` ORDER BY e.seq, i.sku, l.code`, id)
	if err != nil {
		return nil, fmt.Errorf("read genealogy: %w", err)
	}
	defer rows.Close()
	out := []lotledger.LotLink{}
	for rows.Next() {
		var k lotledger.LotLink
		if err := rows.Scan(&k.SKU, &k.Lot, &k.Quantity, &k.Seq); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// events reads events matching cond (which may end in ORDER BY / LIMIT).
func (s *Store) events(ctx context.Context, q querier, cond string, args ...any) ([]lotledger.Event, error) {
	rows, err := q.QueryContext(ctx, `SELECT detail, hash FROM events WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("read events: %w", err)
	}
	defer rows.Close()
	out := []lotledger.Event{}
	for rows.Next() {
		var detail string
		var ev lotledger.Event
		if err := rows.Scan(&detail, &ev.Hash); err != nil {
			return nil, err
		}
		hash := ev.Hash
		if err := json.Unmarshal([]byte(detail), &ev); err != nil {
			return nil, fmt.Errorf("decode event: %w", err)
		}
		ev.Hash = hash
		out = append(out, ev)
	}
	return out, rows.Err()
}

// Events lists ledger events in sequence order after f.AfterSeq. The next
// page token is the last sequence number returned.
func (s *Store) Events(ctx context.Context, ef lotledger.EventFilter) (*lotledger.Page[lotledger.Event], error) {
	limit, _, err := pageBounds(lotledger.PageRequest{Limit: ef.Limit})
	if err != nil {
		return nil, err
	}
	after := ef.AfterSeq
	if ef.Token != "" {
		if after, err = strconv.ParseInt(ef.Token, 10, 64); err != nil {
			return nil, lotledger.Errorf(lotledger.EINVALID, "page_token", "page_token %q is not a token this server issued", ef.Token)
		}
	}
	var f filter
	f.add("seq > ?", after)
	if ef.Kind != "" {
		f.add("kind = ?", ef.Kind)
	}
	if ef.SKU != "" || ef.Lot != "" {
		var lf filter
		lf.args = f.args
		if ef.SKU != "" {
			lf.add("i.sku = ?", ef.SKU)
		}
		if ef.Lot != "" {
			lf.add("l.code = ?", ef.Lot)
		}
		// The lots named, then each one's movements and status changes
		// through their lot indexes (the condition's $N appear twice).
		lots := `SELECT l.id FROM lots l JOIN items i ON i.id = l.item_id` + lf.sql()
		f.args = lf.args
		f.where = append(f.where, `seq IN (SELECT seq FROM movements WHERE lot_id IN (`+lots+`) UNION SELECT seq FROM status_changes WHERE lot_id IN (`+lots+`))`)
	}
	f.args = append(f.args, limit+1)
	evs, err := s.events(ctx, s.rdb, strings.TrimPrefix(f.sql(), " WHERE ")+fmt.Sprintf(` ORDER BY seq LIMIT $%d`, len(f.args)), f.args...)
	if err != nil {
		return nil, err
	}
	page := &lotledger.Page[lotledger.Event]{Items: evs}
	if len(evs) > limit {
		page.Items = evs[:limit]
		page.Next = strconv.FormatInt(evs[limit-1].Seq, 10)
	}
	return page, nil
}
