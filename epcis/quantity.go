package epcis

import (
	"strconv"
	"strings"

	"lotledger"
)

// appendAbsQuantity appends |q| as a JSON number with exactly the digits
// lotledger.Quantity.String writes ("12", "0.125"): EPCIS quantities are
// never negative, and a decimal must never pass through float64. It is
// written here rather than by calling String so that it does not allocate;
// a test holds the two to the same output.
func appendAbsQuantity(b []byte, q lotledger.Quantity) []byte {
	u := uint64(q)
	if q < 0 {
		u = -u // two's complement: correct even for the most negative value
	}
	const unit = 1_000_000 // 10^lotledger.QuantityScale
	b = strconv.AppendUint(b, u/unit, 10)
	f := u % unit
	if f == 0 {
		return b
	}
	var digits [lotledger.QuantityScale]byte
	for i := len(digits) - 1; i >= 0; i-- {
		digits[i] = byte('0' + f%10)
		f /= 10
	}
	n := len(digits)
	for digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}

// appendSignedQuantity appends q with its sign, for the adjustment deltas.
func appendSignedQuantity(b []byte, q lotledger.Quantity) []byte {
	if q < 0 {
		b = append(b, '-')
	}
	return appendAbsQuantity(b, q)
}

// uomCode returns the UN/ECE Rec 20 code to write as a quantity's uom, or ""
// when the quantity is a count of items and EPCIS wants no uom. Units the
// ledger counts in pieces (each, piece, case, box, jar, pack) are counts; so
// is any unit that is not a Rec 20 code at all ("bottle", "tray"), since
// every measuring unit the ledger knows has a code and the common
// non-code spellings (KG, L, LB, G) are mapped to theirs.
func uomCode(u string) string {
	if len(u) < 1 || len(u) > 3 {
		return ""
	}
	code := u
	for i := 0; i < len(u); i++ {
		c := u[i]
		if 'a' <= c && c <= 'z' {
			code = strings.ToUpper(u) // rare: allocate only for lower case
			continue
		}
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			return ""
		}
	}
	switch code {
	case "EA", "H87", "C62", "PCE", "NAR", "CS", "CA", "BX", "JAR", "XJR", "PK":
		return ""
	case "KG":
		return "KGM"
	case "G":
		return "GRM"
	case "L":
		return "LTR"
	case "LB":
		return "LBR"
	case "OZ":
		return "ONZ"
	case "ML":
		return "MLT"
	case "M":
		return "MTR"
	}
	if len(code) < 2 {
		return ""
	}
	return code
}
