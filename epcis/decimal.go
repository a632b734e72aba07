package epcis

import "strings"

// maxExponent bounds the exponent of a number that canonicalDecimal expands:
// quantities and sensor values are nowhere near it, and it keeps a hostile
// "1e999999999" from becoming a gigabyte of zeros.
const maxExponent = 400

// canonicalDecimal rewrites a JSON number as a plain decimal with no
// exponent, no leading or trailing zeros and no "-0": "200.0" and "2e2"
// give "200", "0.50" gives "0.5". The text is read digit by digit, never
// through float64, so nothing is rounded. ok is false for text that is not
// a JSON number or whose exponent is out of range.
func canonicalDecimal(s string) (out string, ok bool) {
	neg, ip, fp, exp, ok := splitNumber(s)
	if !ok || exp > maxExponent || exp < -maxExponent {
		return "", false
	}
	digits := ip + fp
	pos := len(ip) + exp // the decimal point follows digits[:pos]
	if pos < 0 {
		digits = strings.Repeat("0", -pos) + digits
		pos = 0
	}
	if pos > len(digits) {
		digits += strings.Repeat("0", pos-len(digits))
	}
	whole := strings.TrimLeft(digits[:pos], "0")
	if whole == "" {
		whole = "0"
	}
	out = whole
	if frac := strings.TrimRight(digits[pos:], "0"); frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out, true
}

// splitNumber splits a JSON number into sign, integer digits, fraction
// digits and exponent, checking the JSON grammar on the way.
func splitNumber(s string) (neg bool, ip, fp string, exp int, ok bool) {
	if neg = strings.HasPrefix(s, "-"); neg {
		s = s[1:]
	}
	n := countDigits(s)
	if n == 0 || (n > 1 && s[0] == '0') {
		return false, "", "", 0, false
	}
	ip, s = s[:n], s[n:]
	if rest, found := strings.CutPrefix(s, "."); found {
		n = countDigits(rest)
		if n == 0 {
			return false, "", "", 0, false
		}
		fp, s = rest[:n], rest[n:]
	}
	if s == "" {
		return neg, ip, fp, 0, true
	}
	exp, ok = parseExponent(s)
	return neg, ip, fp, exp, ok
}

// parseExponent reads "e+12" / "E-3" / "e7"; exponents beyond a few digits
// are reported as out of range rather than parsed.
func parseExponent(s string) (int, bool) {
	if s[0] != 'e' && s[0] != 'E' {
		return 0, false
	}
	s = s[1:]
	sign := 1
	if s != "" && (s[0] == '+' || s[0] == '-') {
		if s[0] == '-' {
			sign = -1
		}
		s = s[1:]
	}
	if n := countDigits(s); n == 0 || n != len(s) {
		return 0, false
	}
	s = strings.TrimLeft(s, "0")
	if len(s) > 6 {
		return sign * (maxExponent + 1), true
	}
	e := 0
	for i := 0; i < len(s); i++ {
		e = e*10 + int(s[i]-'0')
	}
	return sign * e, true
}

func countDigits(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}
