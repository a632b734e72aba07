package epcis

import "strings"

// Identifier URIs. GS1 keys are written as GS1 Digital Link URIs (the
// EPCIS 2.0 default output form, and it needs no GS1 Company Prefix length);
// codes without a GS1 key become lotledger URNs.
const (
	dlGTIN     = "https://id.gs1.org/01/"
	dlLot      = "/10/"
	dlLocation = "https://id.gs1.org/414/"
	dlParty    = "https://id.gs1.org/417/"

	urnClass    = "urn:lotledger:class:"
	urnLocation = "urn:lotledger:location:"
	urnParty    = "urn:lotledger:party:"
	urnRef      = "urn:lotledger:ref:"
)

// appendClassURI appends the class identifier (epcClass) of a lot, quoted.
// With a GTIN it is the Digital Link of GTIN + AI (10), the LGTIN; without,
// urn:lotledger:class:{sku}:{lot}. An empty lot names the whole item.
func appendClassURI(b []byte, gtin, sku, lot string) []byte {
	b = append(b, '"')
	if g, ok := gtin14(gtin); ok {
		b = append(b, dlGTIN...)
		b = append(b, g[:]...)
		if lot != "" {
			b = append(b, dlLot...)
			b = appendEscaped(b, lot)
		}
		return append(b, '"')
	}
	b = append(b, urnClass...)
	b = appendEscaped(b, sku)
	if lot != "" {
		b = append(b, ':')
		b = appendEscaped(b, lot)
	}
	return append(b, '"')
}

// appendKeyURI appends, quoted, the Digital Link of a GLN (prefix dl) when
// the code has one, else the lotledger URN (prefix urn) of the code.
func appendKeyURI(b []byte, dl, gln, urn, code string) []byte {
	b = append(b, '"')
	if gln != "" {
		b = append(b, dl...)
		b = appendEscaped(b, gln)
	} else {
		b = append(b, urn...)
		b = appendEscaped(b, code)
	}
	return append(b, '"')
}

// appendRefURI appends, quoted, the URI of a business document reference.
func appendRefURI(b []byte, ref string) []byte {
	b = append(b, '"')
	b = append(b, urnRef...)
	b = appendEscaped(b, ref)
	return append(b, '"')
}

// gtin14 returns a GTIN-8, -12, -13 or -14 as 14 digits. The domain stores
// GTINs already normalised; anything that is not digits is not a GTIN, and
// the lot is then named by its SKU instead.
func gtin14(s string) (g [14]byte, ok bool) {
	switch len(s) {
	case 8, 12, 13, 14:
	default:
		return g, false
	}
	pad := 14 - len(s)
	for i := range pad {
		g[i] = '0'
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return g, false
		}
		g[pad+i] = s[i]
	}
	return g, true
}

// appendEscaped percent-encodes s for a URI path segment or URN part the way
// GS1 Digital Link does: every byte except A–Z a–z 0–9 - . _ ~ becomes %XX
// (upper-case hex), so "/" is %2F, a space %20 and "%" itself %25. The result
// is valid in both a URL path and a URN's namespace-specific string.
func appendEscaped(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; !unreservedSet[c] {
			b = append(b, s[start:i]...)
			b = append(b, '%', hexDigits[c>>4], hexDigits[c&0xF])
			start = i + 1
		}
	}
	return append(b, s[start:]...)
}

// unreservedSet marks the bytes a URI may carry unescaped anywhere (RFC 3986
// "unreserved").
var unreservedSet = func() (set [256]bool) {
	for c := range 256 {
		set[c] = 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~'
	}
	return set
}()

func unreserved(c byte) bool { return unreservedSet[c] }

// PartyIDs are the identifiers an event the ledger encodes may name a
// party by (as a source or destination): its GLN's Digital Link (AI 417),
// when it has a GLN, and its lotledger URN (which events recorded before it
// had a GLN used).
func PartyIDs(code, gln string) []string { return keyIDs(dlParty, urnParty, code, gln) }

// ItemClassIDs are the identifiers an event the ledger encodes may name an
// item by as a whole: its urn:lotledger:class:{sku} and, with a GTIN, the
// GTIN's Digital Link. Events recorded before the item had a GTIN used the
// URN.
func ItemClassIDs(gtin, sku string) []string {
	ids := []string{CanonicalID(string(appendEscaped([]byte(urnClass), sku)))}
	if g, ok := gtin14(gtin); ok {
		ids = append(ids, CanonicalID(dlGTIN+string(g[:])))
	}
	return ids
}

// ItemMembers are what the identifiers of the lots and instances of the
// trade item class id begin with: …/01/{gtin}/10/ and …/01/{gtin}/21/ for
// https://id.gs1.org/01/{gtin}, urn:lotledger:class:{sku}: for
// urn:lotledger:class:{sku}; none for any other identifier. ItemClass is
// the other way.
func ItemMembers(id string) []string {
	if rest, ok := strings.CutPrefix(id, dlGTIN); ok {
		if len(rest) == 14 && strings.Trim(rest, "0123456789") == "" {
			return []string{id + dlLot, id + "/21/"}
		}
		return nil
	}
	if rest, ok := strings.CutPrefix(id, urnClass); ok && rest != "" && !strings.Contains(rest, ":") {
		return []string{id + ":"}
	}
	return nil
}

// LocationIDs are the identifiers an event the ledger encodes may name a
// location by: its GLN's Digital Link, when it has a GLN, and its lotledger
// URN (which events recorded before it had a GLN used).
func LocationIDs(code, gln string) []string { return keyIDs(dlLocation, urnLocation, code, gln) }

// keyIDs are the canonical identifiers of a code (prefix urn) and, when
// it has one, its GLN (prefix dl), as appendKeyURI writes them.
func keyIDs(dl, urn, code, gln string) []string {
	ids := []string{string(appendKeyURI(nil, "", "", urn, code))}
	if gln != "" {
		ids = append(ids, string(appendKeyURI(nil, dl, gln, "", "")))
	}
	for i, id := range ids {
		ids[i] = CanonicalID(strings.Trim(id, `"`))
	}
	return ids
}
