package lotledger

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Lot statuses. Only released stock moves without an override.
const (
	StatusReleased   = "released"
	StatusQuarantine = "quarantine"
	StatusHold       = "hold"
	StatusRecalled   = "recalled"
	StatusExpired    = "expired"
	StatusDestroyed  = "destroyed"
)

// ValidStatus reports whether s is a lot status.
func ValidStatus(s string) bool {
	switch s {
	case StatusReleased, StatusQuarantine, StatusHold, StatusRecalled, StatusExpired, StatusDestroyed:
		return true
	}
	return false
}

// Lot is a batch of one item, identified by (SKU, Code).
type Lot struct {
	ID          int64     `json:"-"`
	SKU         string    `json:"sku"`
	Code        string    `json:"lot"`
	SupplierLot string    `json:"supplier_lot,omitempty"`
	Produced    Date      `json:"produced,omitempty"`
	Expires     Date      `json:"expires,omitempty"`
	Status      string    `json:"status"`
	Origin      string    `json:"origin,omitempty"` // supplier party code, or "" for lots made here
	CreatedSeq  int64     `json:"created_seq"`
	CreatedAt   time.Time `json:"created_at"`
	OnHand      Quantity  `json:"on_hand"`
}

// EffectiveStatus is the status that governs a move at date d: a released lot
// whose expiry date has passed counts as expired.
func (l *Lot) EffectiveStatus(d Date) string {
	if l.Status == StatusReleased && l.Expires != "" && l.Expires < d {
		return StatusExpired
	}
	return l.Status
}

// StockRow is the quantity of one lot at one location.
type StockRow struct {
	SKU      string   `json:"sku"`
	Lot      string   `json:"lot"`
	Location string   `json:"location"`
	Status   string   `json:"status"`
	Expires  Date     `json:"expires,omitempty"`
	Quantity Quantity `json:"quantity"`
	UOM      string   `json:"uom"`
}

// StockFilter selects stock rows; empty fields match everything.
type StockFilter struct {
	SKU, Lot, Location, Status string
	PageRequest
}

// LotFilter selects lots; ExpiresBefore keeps lots expiring before that date;
// SupplierLot finds a lot by the supplier's own code.
type LotFilter struct {
	SKU, Status, SupplierLot string
	ExpiresBefore            Date
	PageRequest
}

// LotDetail is one lot with its stock and its whole event history.
type LotDetail struct {
	Lot
	Stock   []StockRow `json:"stock"`
	Inputs  []LotLink  `json:"inputs"`  // lots this lot was made from
	Outputs []LotLink  `json:"outputs"` // lots made from this lot
	// Events are the first LotEvents events that touched the lot, oldest
	// first; EventsNext continues them as the page_token of GET
	// /api/v1/events?sku=&lot=.
	Events     []Event `json:"events"`
	EventsNext string  `json:"events_next,omitempty"`
}

// LotEvents is how many of its events a lot's detail holds; a lot a
// thousand runs drew from has thousands, which are read a page at a time.
const LotEvents = 100

// LotLink is one edge of the genealogy: Quantity of the input lot went into
// the output lot in the production event Seq.
type LotLink struct {
	SKU      string   `json:"sku"`
	Lot      string   `json:"lot"`
	Quantity Quantity `json:"quantity"`
	Seq      int64    `json:"seq"`
}

// DefaultLotTemplate is used for items without a template.
const DefaultLotTemplate = "{YYMMDD}-{SEQ:4}"

// ExpandLotTemplate turns a lot-number template into a code. Tokens:
// {YYYY} {YY} {MM} {DD} {YYMMDD} {JJJ} (day of year) {SKU} {SEQ} or {SEQ:n}
// (the item's sequence number, zero-padded to n digits). Anything else is
// copied as written. A template must contain {SEQ} so that codes are unique.
func ExpandLotTemplate(tmpl, sku string, t time.Time, seq int64) (string, error) {
	var b strings.Builder
	hasSeq := false
	for rest := tmpl; rest != ""; {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("template %q has an unclosed {", tmpl)
		}
		tok := rest[i+1 : i+j]
		rest = rest[i+j+1:]
		switch {
		case tok == "YYYY":
			b.WriteString(t.Format("2006"))
		case tok == "YY":
			b.WriteString(t.Format("06"))
		case tok == "MM":
			b.WriteString(t.Format("01"))
		case tok == "DD":
			b.WriteString(t.Format("02"))
		case tok == "YYMMDD":
			b.WriteString(t.Format("060102"))
		case tok == "JJJ":
			fmt.Fprintf(&b, "%03d", t.YearDay())
		case tok == "SKU":
			b.WriteString(sku)
		case tok == "SEQ" || strings.HasPrefix(tok, "SEQ:"):
			width := 0
			if w, ok := strings.CutPrefix(tok, "SEQ:"); ok {
				n, err := strconv.Atoi(w)
				if err != nil || n < 1 || n > 12 {
					return "", fmt.Errorf("template %q: {SEQ:n} needs n from 1 to 12", tmpl)
				}
				width = n
			}
			fmt.Fprintf(&b, "%0*d", width, seq)
			hasSeq = true
		default:
			return "", fmt.Errorf("template %q: unknown token {%s}", tmpl, tok)
		}
	}
	if !hasSeq {
		return "", fmt.Errorf("template %q must contain {SEQ} so that lot codes are unique", tmpl)
	}
	return b.String(), nil
}
