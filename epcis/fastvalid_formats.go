package epcis

import "bytes"

// The fast path's format and pattern checks. Each accepts a subset of what
// the library accepts for the same keyword, never more: a string outside
// the subset only sends the document to the library, which has the last
// word. TestFastFormats_AcceptOnlyWhatTheLibraryAccepts holds them to that.

// isURI is the schema's "format": "uri" (the library's check is net/url's
// Parse, an absolute URL, and no bare IPv6 host). The subset: an RFC 3986
// scheme and colon; then, if "//" follows, a host of unreserved characters
// with an optional numeric port (no user info, no IP literal, no escapes,
// which net/url restricts in hosts); then printable ASCII, with every "%"
// starting a well-formed escape.
func isURI(b []byte) bool {
	rest, ok := cutScheme(b)
	if !ok {
		return false
	}
	if bytes.HasPrefix(rest, []byte("//")) {
		rest = rest[2:]
		end := 0
		for end < len(rest) && rest[end] != '/' && rest[end] != '?' && rest[end] != '#' {
			end++
		}
		if !isAuthority(rest[:end]) {
			return false
		}
		rest = rest[end:]
	}
	return isURITail(rest)
}

// cutScheme returns what follows "scheme:".
func cutScheme(b []byte) ([]byte, bool) {
	if len(b) == 0 || !isLetter(b[0]) {
		return nil, false
	}
	for i := 1; i < len(b); i++ {
		switch c := b[i]; {
		case c == ':':
			return b[i+1:], true
		case !isLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.':
			return nil, false
		}
	}
	return nil, false
}

// isAuthority accepts host[:port], the host of unreserved characters.
func isAuthority(a []byte) bool {
	host, port, hasPort := bytes.Cut(a, []byte(":"))
	for _, c := range host {
		if !isLetter(c) && !isDigit(c) && c != '-' && c != '.' && c != '_' && c != '~' {
			return false
		}
	}
	if !hasPort {
		return true
	}
	for _, c := range port {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// isURITail accepts path, query and fragment: printable ASCII without
// spaces, "%" only as the start of an escape.
func isURITail(b []byte) bool {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c <= ' ' || c >= 0x7f {
			return false
		}
		if c == '%' {
			if i+2 >= len(b) || !isHexDigit(b[i+1]) || !isHexDigit(b[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

// isDateTime is the schema's "format": "date-time". The subset:
// yyyy-mm-ddThh:mm:ss, an optional fraction, then Z or ±hh:mm; a real
// calendar date, and no leap second (the library allows 23:59:60 in UTC
// only, which is not worth the arithmetic here).
func isDateTime(b []byte) bool {
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != 't') || b[13] != ':' || b[16] != ':' {
		return false
	}
	year, okY := decimalDigits(b[0:4])
	month, okM := decimalDigits(b[5:7])
	day, okD := decimalDigits(b[8:10])
	if !okY || !okM || !okD || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return false
	}
	if !isClock(b[11:19]) {
		return false
	}
	rest := b[19:]
	if rest[0] == '.' {
		n := 1
		for n < len(rest) && isDigit(rest[n]) {
			n++
		}
		if n == 1 {
			return false
		}
		rest = rest[n:]
	}
	return isZone(rest)
}

// isClock accepts hh:mm:ss of a day.
func isClock(b []byte) bool {
	h, okH := decimalDigits(b[0:2])
	m, okM := decimalDigits(b[3:5])
	s, okS := decimalDigits(b[6:8])
	return okH && okM && okS && b[2] == ':' && b[5] == ':' && h <= 23 && m <= 59 && s <= 59
}

// isZone accepts Z, z or ±hh:mm with hh ≤ 23.
func isZone(b []byte) bool {
	if len(b) == 1 {
		return b[0] == 'Z' || b[0] == 'z'
	}
	if len(b) != 6 || (b[0] != '+' && b[0] != '-') || b[3] != ':' {
		return false
	}
	h, okH := decimalDigits(b[1:3])
	m, okM := decimalDigits(b[4:6])
	return okH && okM && h <= 23 && m <= 59
}

// daysIn returns the days of a month in the proleptic Gregorian calendar,
// as time.Parse (the library's date check) counts them.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// decimalDigits reads b, which must be all ASCII digits.
func decimalDigits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// isTimeZoneOffset is the eventTimeZoneOffset pattern,
// ^([+]|[-])((0[0-9]|1[0-3]):([0-5][0-9])|14:00)$, exactly.
func isTimeZoneOffset(b []byte) bool {
	if len(b) != 6 || (b[0] != '+' && b[0] != '-') || b[3] != ':' {
		return false
	}
	if string(b[1:]) == "14:00" {
		return true
	}
	h, okH := decimalDigits(b[1:3])
	return okH && h <= 13 && b[4] >= '0' && b[4] <= '5' && isDigit(b[5])
}

// isUOM is the uom pattern, ^[A-Z0-9]{2,3}$, exactly.
func isUOM(b []byte) bool {
	if len(b) < 2 || len(b) > 3 {
		return false
	}
	for _, c := range b {
		if !isDigit(c) && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// isVersion is the schemaVersion pattern, ^\d+(\.\d+)*$, exactly (RE2's \d
// is ASCII).
func isVersion(b []byte) bool {
	for _, part := range bytes.Split(b, []byte(".")) {
		if len(part) == 0 {
			return false
		}
		if _, ok := decimalDigits(part); !ok {
			return false
		}
	}
	return true
}

// isHexBinary is the hexBinary pattern, ^[A-Fa-f0-9]+$, exactly.
func isHexBinary(b []byte) bool {
	for _, c := range b {
		if !isHexDigit(c) {
			return false
		}
	}
	return len(b) > 0
}

func isLetter(c byte) bool   { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isHexDigit(c byte) bool { return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') }
