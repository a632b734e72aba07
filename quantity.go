package lotledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// QuantityScale is the number of decimal places a Quantity keeps. Stock is
// never a float: a Quantity is a count of millionths of the item's unit.
const QuantityScale = 6

const quantityUnit = 1_000_000

// Quantity is an exact decimal amount of an item's unit of measure, stored as
// an integer number of millionths. The zero value is zero.
type Quantity int64

// ParseQuantity parses a decimal string such as "12", "-3.5" or "0.125".
// Exponents, thousands separators and more than six decimals are rejected.
func ParseQuantity(s string) (Quantity, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("quantity is empty")
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" && frac == "" || hasDot && frac == "" || !digits(intPart) || !digits(frac) {
		return 0, fmt.Errorf("%q is not a decimal number", s)
	}
	frac = strings.TrimRight(frac, "0")
	if len(frac) > QuantityScale {
		return 0, fmt.Errorf("%q has more than %d decimals", s, QuantityScale)
	}
	if intPart == "" {
		intPart = "0"
	}
	whole, err := strconv.ParseInt(intPart, 10, 64)
	if err != nil || whole > math.MaxInt64/quantityUnit-1 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	f := int64(0)
	if frac != "" {
		f, _ = strconv.ParseInt(frac+strings.Repeat("0", QuantityScale-len(frac)), 10, 64)
	}
	q := Quantity(whole*quantityUnit + f)
	if neg {
		q = -q
	}
	return q, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustQuantity parses s or panics; for tests and constants.
func MustQuantity(s string) Quantity {
	q, err := ParseQuantity(s)
	if err != nil {
		panic(err)
	}
	return q
}

// Units returns n whole units.
func Units(n int64) Quantity { return Quantity(n * quantityUnit) }

// String formats q with as few decimals as it needs: "12", "0.125", "-3.5".
func (q Quantity) String() string {
	neg := q < 0
	u := uint64(q)
	if neg {
		u = uint64(-q)
	}
	s := strconv.FormatUint(u/quantityUnit, 10)
	if f := u % quantityUnit; f != 0 {
		fs := fmt.Sprintf("%06d", f)
		s += "." + strings.TrimRight(fs, "0")
	}
	if neg {
		s = "-" + s
	}
	return s
}

// Decimals returns how many decimal places q needs.
func (q Quantity) Decimals() int {
	f := int64(q) % quantityUnit
	if f < 0 {
		f = -f
	}
	if f == 0 {
		return 0
	}
	n := QuantityScale
	for f%10 == 0 {
		f /= 10
		n--
	}
	return n
}

// MarshalJSON writes q as a decimal string, the form quantities travel in.
func (q Quantity) MarshalJSON() ([]byte, error) { return []byte(`"` + q.String() + `"`), nil }

// UnmarshalJSON accepts a decimal string or a JSON number written exactly.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if len(s) > 0 && s[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := ParseQuantity(s)
	if err != nil {
		return err
	}
	*q = v
	return nil
}

// Amount is a quantity as the user wrote it, kept as text so that a malformed
// value is reported with its field name by Parse rather than by the JSON
// decoder. It accepts a JSON string or number.
type Amount string

// UnmarshalJSON keeps the literal text of a string or number.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*a = Amount(s)
		return nil
	}
	if string(b) == "null" {
		*a = ""
		return nil
	}
	if len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9') {
		*a = Amount(b)
		return nil
	}
	return fmt.Errorf("quantity must be a decimal string such as \"12.5\"")
}

// Parse parses the amount for field; positive demands a value above zero;
// decimals is the most decimals the item's unit allows.
func (a Amount) Parse(field string, positive bool, decimals int) (Quantity, error) {
	if a == "" {
		return 0, Errorf(EINVALID, field, "quantity is required")
	}
	q, err := ParseQuantity(string(a))
	if err != nil {
		return 0, Errorf(EINVALID, field, "%v", err)
	}
	if positive && q <= 0 {
		return 0, Errorf(EINVALID, field, "quantity must be greater than zero, got %s", q)
	}
	if q == 0 {
		return 0, Errorf(EINVALID, field, "quantity must not be zero")
	}
	if q.Decimals() > decimals {
		return 0, Errorf(EINVALID, field, "quantity %s has %s; the unit allows %s", q, places(q.Decimals()), places(decimals))
	}
	return q, nil
}

func places(n int) string {
	if n == 1 {
		return "1 decimal place"
	}
	return strconv.Itoa(n) + " decimal places"
}
