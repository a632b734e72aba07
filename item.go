package lotledger

import (
	"strings"
	"time"
)

// Tracking modes of an item.
const (
	TrackLot    = "lot"
	TrackSerial = "serial"
	TrackNone   = "none"
)

// Item is a product that lotledger tracks by lot.
type Item struct {
	SKU           string    `json:"sku"`
	Name          string    `json:"name"`
	GTIN          string    `json:"gtin,omitempty"`
	UOM           string    `json:"uom"`
	Decimals      *int      `json:"decimals,omitempty"` // decimals the unit allows; default from UOM
	ShelfLifeDays int       `json:"shelf_life_days,omitempty"`
	Tracking      string    `json:"tracking,omitempty"`
	LotTemplate   string    `json:"lot_template,omitempty"`
	FTL           bool      `json:"ftl,omitempty"` // on the FDA Food Traceability List
	CreatedAt     time.Time `json:"created_at,omitzero"`
}

// uomDecimals lists the decimals allowed for common UN/ECE Rec 20 units. Units
// counted in pieces allow none; weights and volumes allow three.
var uomDecimals = map[string]int{
	"EA": 0, "H87": 0, "C62": 0, "PCE": 0, "CS": 0, "CA": 0, "BX": 0, "JAR": 0, "XJR": 0, "PK": 0,
	"KGM": 3, "KG": 3, "GRM": 1, "LBR": 3, "LB": 3, "ONZ": 2, "LTR": 3, "L": 3, "MLT": 1, "MTR": 3,
}

// UnitDecimals returns the decimals a quantity of this item may carry.
func (it *Item) UnitDecimals() int {
	if it.Decimals != nil {
		return *it.Decimals
	}
	if d, ok := uomDecimals[strings.ToUpper(it.UOM)]; ok {
		return d
	}
	return 3
}

// Validate checks the item and fills defaults (tracking "lot").
func (it *Item) Validate() error {
	it.SKU = strings.TrimSpace(it.SKU)
	if err := validCode("sku", it.SKU); err != nil {
		return err
	}
	if strings.TrimSpace(it.Name) == "" {
		return Errorf(EINVALID, "name", "name is required")
	}
	if strings.TrimSpace(it.UOM) == "" {
		return Errorf(EINVALID, "uom", "uom is required (a unit such as EA or KGM)")
	}
	if it.GTIN != "" {
		g, err := NormalizeGTIN(it.GTIN)
		if err != nil {
			return Errorf(EINVALID, "gtin", "%v", err)
		}
		it.GTIN = g
	}
	if it.ShelfLifeDays < 0 {
		return Errorf(EINVALID, "shelf_life_days", "shelf life must not be negative")
	}
	if it.Decimals != nil && (*it.Decimals < 0 || *it.Decimals > QuantityScale) {
		return Errorf(EINVALID, "decimals", "decimals must be between 0 and %d", QuantityScale)
	}
	switch it.Tracking {
	case "":
		it.Tracking = TrackLot
	case TrackLot, TrackSerial, TrackNone:
	default:
		return Errorf(EINVALID, "tracking", "tracking must be lot, serial or none")
	}
	if it.LotTemplate != "" {
		if _, err := ExpandLotTemplate(it.LotTemplate, it.SKU, time.Now(), 1); err != nil {
			return Errorf(EINVALID, "lot_template", "%v", err)
		}
	}
	return nil
}

// validCode checks an identifier chosen by a user (SKU, location code, party code, lot code).
func validCode(field, s string) error {
	if s == "" {
		return Errorf(EINVALID, field, "%s is required", field)
	}
	if len(s) > 80 {
		return Errorf(EINVALID, field, "%s is longer than 80 characters", field)
	}
	for _, r := range s {
		if r < 0x21 || r == 0x7f || r == '/' {
			return Errorf(EINVALID, field, "%s %q contains a space, a slash or a control character", field, s)
		}
	}
	return nil
}

// ValidCode checks a user-chosen identifier for field.
func ValidCode(field, s string) error { return validCode(field, s) }

// NormalizeGTIN checks a GTIN-8, -12, -13 or -14 and its check digit and
// returns it as 14 digits.
func NormalizeGTIN(s string) (string, error) {
	switch len(s) {
	case 8, 12, 13, 14:
	default:
		return "", Errorf(EINVALID, "gtin", "GTIN %q must have 8, 12, 13 or 14 digits", s)
	}
	if !digits(s) {
		return "", Errorf(EINVALID, "gtin", "GTIN %q must contain only digits", s)
	}
	if want := CheckDigit(s[:len(s)-1]); s[len(s)-1] != want {
		return "", Errorf(EINVALID, "gtin", "GTIN %q has check digit %c; it should be %c", s, s[len(s)-1], want)
	}
	return strings.Repeat("0", 14-len(s)) + s, nil
}

// CheckDigit returns the GS1 mod-10 check digit for the digits in body.
func CheckDigit(body string) byte {
	sum := 0
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if (len(body)-1-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}
