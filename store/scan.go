package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"lotledger"
	"lotledger/gs1"
)

// barcode is what lotledger reads from a scanned GS1 barcode: the keys and
// attributes a receipt, shipment or lookup needs.
type barcode struct {
	res     *gs1.Result
	gtin    string
	lot     string
	expires lotledger.Date
	count   string            // AI 30 or 37
	weights map[string]string // unit → decimal text, from AI 310n (KGM) and 320n (LBR)
}

// readBarcode parses scanner data (any element-string form or a Digital
// Link URI). Errors name field and say which AI and position failed.
func readBarcode(field, data string, now time.Time) (*barcode, error) {
	res, err := gs1.Parse(strings.TrimSpace(data), gs1.Options{})
	if err != nil {
		return nil, lotledger.Errorf(lotledger.EINVALID, field, "barcode not understood: %v", err)
	}
	b := &barcode{res: res, weights: map[string]string{}}
	b.gtin, _ = res.GTIN()
	if g, ok := res.Value("02"); ok && b.gtin == "" {
		b.gtin = g
	}
	b.lot, _ = res.Value("10")
	for _, ai := range []string{"17", "15"} {
		if v, ok := res.Value(ai); ok {
			if b.expires, err = gs1Date(v, now); err != nil {
				return nil, lotledger.Errorf(lotledger.EINVALID, field, "AI (%s): %v", ai, err)
			}
			break
		}
	}
	for _, ai := range []string{"30", "37"} {
		if v, ok := res.Value(ai); ok {
			b.count = strings.TrimLeft(v, "0")
			if b.count == "" {
				b.count = "0"
			}
		}
	}
	for _, e := range res.Elements {
		if len(e.AI) == 4 && (strings.HasPrefix(e.AI, "310") || strings.HasPrefix(e.AI, "320")) {
			unit := map[byte]string{'1': "KGM", '2': "LBR"}[e.AI[1]]
			b.weights[unit] = decimalFromAI(e.Value, int(e.AI[3]-'0'))
		}
	}
	return b, nil
}

// decimalFromAI places the decimal point n digits from the right.
func decimalFromAI(v string, n int) string {
	if n == 0 || n >= len(v) {
		return v
	}
	return v[:len(v)-n] + "." + v[len(v)-n:]
}

// gs1Date reads YYMMDD with the GS1 General Specifications' rules: the
// century that puts the year within 49 years back and 50 years ahead of
// now, and day 00 meaning the last day of the month.
func gs1Date(v string, now time.Time) (lotledger.Date, error) {
	if len(v) != 6 {
		return "", fmt.Errorf("date %q is not YYMMDD", v)
	}
	yy, _ := strconv.Atoi(v[:2])
	mm, _ := strconv.Atoi(v[2:4])
	dd, _ := strconv.Atoi(v[4:])
	cur := now.Year()
	century := cur / 100 * 100
	switch diff := yy - cur%100; {
	case diff >= 51:
		century -= 100
	case diff <= -50:
		century += 100
	}
	year := century + yy
	if dd == 0 {
		dd = time.Date(year, time.Month(mm)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	}
	t := time.Date(year, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if mm < 1 || mm > 12 || t.Day() != dd {
		return "", fmt.Errorf("date %q does not exist", v)
	}
	return lotledger.DateOf(t), nil
}

// quantityFor returns the barcode's quantity in the item's unit, if it has one.
func (b *barcode) quantityFor(it *itemRow) string {
	if w, ok := b.weights[strings.ToUpper(it.UOM)]; ok {
		return w
	}
	if it.UnitDecimals() == 0 || b.weights["KGM"] == "" {
		return b.count
	}
	return ""
}

// itemByGTIN finds the item with a 14-digit GTIN.
func (s *Store) itemByGTIN(ctx context.Context, q querier, gtin string) (*itemRow, error) {
	if sku := s.cachedKey(s.byGTIN, gtin); sku != "" {
		return s.item(ctx, q, sku)
	}
	var sku string
	err := q.QueryRowContext(ctx, `SELECT sku FROM items WHERE gtin = $1`, gtin).Scan(&sku)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, lotledger.Errorf(lotledger.ENOTFOUND, "gtin", "no item has GTIN %s", gtin)
	}
	if err != nil {
		return nil, fmt.Errorf("find item by GTIN: %w", err)
	}
	s.cacheKey(s.byGTIN, gtin, sku)
	return s.item(ctx, q, sku)
}

// scanned resolves a line's barcode into SKU, lot, quantity and expiry,
// keeping what the line states itself and refusing contradictions.
func (w *writer) scanned(prefix string, i int, scan, sku, lot string, qty lotledger.Amount, expires string) (string, string, lotledger.Amount, string, error) {
	field := lotledger.FieldPath(prefix, i, "scan")
	b, err := readBarcode(field, scan, w.now)
	if err != nil {
		return "", "", "", "", err
	}
	if b.gtin == "" {
		return "", "", "", "", lotledger.Errorf(lotledger.EINVALID, field, "the barcode carries no GTIN (AI 01 or 02)")
	}
	it, err := w.s.itemByGTIN(w.ctx, w.tx, b.gtin)
	if err != nil {
		return "", "", "", "", unknown(err, field)
	}
	if sku != "" && sku != it.SKU {
		return "", "", "", "", lotledger.Errorf(lotledger.EINVALID, lotledger.FieldPath(prefix, i, "sku"), "the barcode's GTIN %s is item %s, not %s", b.gtin, it.SKU, sku)
	}
	if lot != "" && b.lot != "" && lot != b.lot {
		return "", "", "", "", lotledger.Errorf(lotledger.EINVALID, lotledger.FieldPath(prefix, i, "lot"), "the barcode says lot %s, the line says %s", b.lot, lot)
	}
	if lot == "" {
		lot = b.lot
	}
	if qty == "" {
		qty = lotledger.Amount(b.quantityFor(it))
	}
	if expires == "" {
		expires = string(b.expires)
	}
	return it.SKU, lot, qty, expires, nil
}

// scanLine fills a movement line from its barcode.
func (w *writer) scanLine(prefix string, i int, ln lotledger.Line) (lotledger.Line, error) {
	if ln.Scan == "" {
		return ln, nil
	}
	var err error
	ln.SKU, ln.Lot, ln.Quantity, _, err = w.scanned(prefix, i, ln.Scan, ln.SKU, ln.Lot, ln.Quantity, "")
	return ln, err
}

// scanReceiptLine fills a receipt line from its barcode.
func (w *writer) scanReceiptLine(i int, ln lotledger.ReceiptLine) (lotledger.ReceiptLine, error) {
	if ln.Scan == "" {
		return ln, nil
	}
	var err error
	ln.SKU, ln.Lot, ln.Quantity, ln.Expires, err = w.scanned("lines", i, ln.Scan, ln.SKU, ln.Lot, ln.Quantity, ln.Expires)
	return ln, err
}
