package epcis

import (
	"fmt"
	"strings"
)

// Querying compares identifiers and vocabulary values in one spelling each,
// so that a query written with EPC URNs finds events written with Digital
// Links (and the other way round), and a query for "shipping" finds events
// that said https://ref.gs1.org/cbv/BizStep-shipping. A repository indexes
// what it stores with the same functions it applies to query values.

// CanonicalID returns the form in which identifiers are indexed and
// compared: the constrained canonical GS1 Digital Link of an EPC URN, class
// URN or Digital Link on any domain (the form the CBV 2.0 event hash uses),
// and any other URI as it is.
func CanonicalID(s string) string { return canonicalID(strings.TrimSpace(s)) }

// BizStepTerm returns the bare CBV term of a business step written in any
// spelling; a non-CBV URI is returned as it is.
func BizStepTerm(s string) string { return cbvTerm(vocabBizStep, s) }

// ErrorReasonTerm returns the bare CBV term of an error declaration's
// reason ("incorrect_data").
func ErrorReasonTerm(s string) string { return cbvTerm(vocabErrorReason, s) }

// DispositionTerm returns the bare CBV term of a disposition.
func DispositionTerm(s string) string { return cbvTerm(vocabDisposition, s) }

// BizTransactionTypeTerm returns the bare CBV term of a business
// transaction type ("po").
func BizTransactionTypeTerm(s string) string { return cbvTerm(vocabBTT, s) }

// SourceDestTypeTerm returns the bare CBV term of a source or destination
// type ("owning_party").
func SourceDestTypeTerm(s string) string { return cbvTerm(vocabSDT, s) }

// EventTypeName returns the bare name of an event type ("ObjectEvent")
// written as a name, CURIE or IRI.
func EventTypeName(s string) string { return eventType(s) }

// IDMatch is what one value of a MATCH_ query parameter selects: the
// identifier Exact (canonical), and every identifier that starts with one of
// Prefixes. Either may be empty.
type IDMatch struct {
	Exact    string
	Prefixes []string
}

// MatchPattern reads one MATCH_ value: a URI, which matches itself in any
// spelling; an EPC pattern URN (urn:epc:idpat:sgtin:..., sscc, sgln) with
// trailing "*" fields; or any other value ending in "*", which matches the
// canonical identifiers that start with the text before it.
//
// Digital Links do not say where the GS1 Company Prefix ends, so a pattern
// that fixes only the company prefix ("urn:epc:idpat:sgtin:0614141.*.*")
// also matches keys of a longer prefix that starts with the same digits.
func MatchPattern(v string) (IDMatch, error) {
	v = strings.TrimSpace(v)
	body, isPat := strings.CutPrefix(v, "urn:epc:idpat:")
	switch {
	case isPat:
		return idpatMatch(v, body)
	case strings.HasSuffix(v, "*"):
		p := strings.TrimSuffix(v, "*")
		if p == "" {
			return IDMatch{}, fmt.Errorf("the pattern %q matches everything", v)
		}
		return IDMatch{Prefixes: []string{p}}, nil
	case v == "":
		return IDMatch{}, fmt.Errorf("empty identifier")
	}
	return IDMatch{Exact: CanonicalID(v)}, nil
}

// idpatMatch translates an EPC pattern URN into Digital Link terms: body is
// "scheme:field.field...", where the fixed fields come first and every field
// after the first "*" is "*" too (TDS 2.0, section 6.5).
func idpatMatch(v, body string) (IDMatch, error) {
	scheme, fields, _ := strings.Cut(body, ":")
	parts := strings.Split(fields, ".")
	fixed := 0
	for fixed < len(parts) && parts[fixed] != "*" {
		fixed++
	}
	for _, p := range parts[fixed:] {
		if p != "*" {
			return IDMatch{}, fmt.Errorf("pattern %q: only trailing fields may be *", v)
		}
	}
	shape, ok := idpatShapes[scheme]
	if !ok || len(parts) != shape.fields || fixed == len(parts) {
		return IDMatch{}, fmt.Errorf("pattern %q is not an sgtin, sscc or sgln pattern this repository can match", v)
	}
	switch {
	case fixed == 0:
		return IDMatch{Prefixes: []string{dlRoot + shape.ai}}, nil
	case fixed == 1 && shape.leadDigit:
		return IDMatch{Prefixes: leadDigitPrefixes(dlRoot+shape.ai, parts[0])}, nil
	case fixed == 1:
		return IDMatch{Prefixes: []string{dlRoot + shape.ai + parts[0]}}, nil
	}
	return fixedKeyMatch(v, scheme, parts)
}

// idpatShapes describes the pattern schemes: the Digital Link AI, the number
// of fields, and whether the key starts with a digit taken from the second
// field (the GTIN indicator, the SSCC extension digit).
var idpatShapes = map[string]struct {
	ai        string
	fields    int
	leadDigit bool
}{
	"sgtin": {"/01/", 3, true},
	"sscc":  {"/00/", 2, true},
	"sgln":  {"/414/", 3, false},
}

// leadDigitPrefixes lists the ten keys' starts for a company prefix whose
// key begins with an unknown digit.
func leadDigitPrefixes(root, companyPrefix string) []string {
	out := make([]string, 10)
	for d := range 10 {
		out[d] = root + string(rune('0'+d)) + companyPrefix
	}
	return out
}

// fixedKeyMatch handles a pattern whose key is whole: the key itself (a
// GTIN's class, a GLN) and everything qualified below it (lots, serials,
// GLN extensions).
func fixedKeyMatch(v, scheme string, parts []string) (IDMatch, error) {
	var key string
	switch scheme {
	case "sgtin":
		key = canonicalID("urn:epc:idpat:sgtin:" + parts[0] + "." + parts[1] + ".*")
	case "sgln":
		key = canonicalID("urn:epc:id:sgln:" + parts[0] + "." + parts[1] + ".0")
	}
	if !strings.HasPrefix(key, dlRoot) {
		return IDMatch{}, fmt.Errorf("pattern %q does not name a valid GS1 key", v)
	}
	return IDMatch{Exact: key, Prefixes: []string{key + "/"}}, nil
}
