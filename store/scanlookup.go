package store

import (
	"context"
	"fmt"

	"lotledger"
	"lotledger/gs1"
)

// Scan explains a scanned barcode: its AIs, and where they match the item,
// the lot with its status and stock, and warnings for goods that must not
// move (recalled, expired, held, quarantined, destroyed) or that lotledger
// does not know.
func (s *Store) Scan(ctx context.Context, data string) (*lotledger.ScanResult, error) {
	if data == "" {
		return nil, lotledger.Errorf(lotledger.EINVALID, "data", "data is required: what the scanner sent")
	}
	b, err := readBarcode("data", data, s.now())
	if err != nil {
		return nil, err
	}
	r := &lotledger.ScanResult{Data: data, GTIN: b.gtin, Lot: b.lot, Expires: b.expires, Warnings: []lotledger.ScanWarning{}}
	for _, e := range b.res.Elements {
		def, _ := gs1.LookupAI(e.AI)
		r.Elements = append(r.Elements, lotledger.ScanElement{AI: e.AI, Title: def.Title, Value: e.Value})
	}
	if b.gtin == "" {
		return r, nil
	}
	it, err := s.itemByGTIN(ctx, s.rdb, b.gtin)
	if lotledger.ErrorCode(err) == lotledger.ENOTFOUND {
		warn(r, "unknown_item", "no item has GTIN %s", b.gtin)
		return r, nil
	}
	if err != nil {
		return nil, err
	}
	item := it.Item
	r.Item = &item
	if q := b.quantityFor(it); q != "" {
		r.Quantity, _ = lotledger.ParseQuantity(q)
	}
	if b.lot == "" {
		warn(r, "no_lot", "the barcode carries no lot (AI 10); lotledger cannot say which lot this is")
		return r, nil
	}
	return r, s.scanFindLot(ctx, r, it.SKU, b.lot)
}

func (s *Store) scanFindLot(ctx context.Context, r *lotledger.ScanResult, sku, code string) error {
	d, err := s.Lot(ctx, sku, code)
	if lotledger.ErrorCode(err) == lotledger.ENOTFOUND {
		warn(r, "unknown_lot", "item %s has no lot %s in lotledger", sku, code)
		return nil
	}
	if err != nil {
		return err
	}
	lot := d.Lot
	r.LotInfo, r.Stock = &lot, d.Stock
	switch lot.Status {
	case lotledger.StatusReleased:
	case lotledger.StatusExpired:
		warn(r, "expired", "lot %s expired on %s: do not ship or use it", code, lot.Expires)
	case lotledger.StatusRecalled:
		warn(r, "recalled", "lot %s is RECALLED: stop, set it aside and tell quality", code)
	default:
		warn(r, lot.Status, "lot %s is %s: it may not move without an override", code, lot.Status)
	}
	if r.Expires != "" && lot.Expires != "" && r.Expires != lot.Expires {
		warn(r, "expiry_mismatch", "the label says expiry %s, lotledger has %s for lot %s", r.Expires, lot.Expires, code)
	}
	return nil
}

// warn adds a warning to r.
func warn(r *lotledger.ScanResult, code, format string, args ...any) {
	r.Warnings = append(r.Warnings, lotledger.ScanWarning{Code: code, Message: fmt.Sprintf(format, args...)})
}
