package epcis

import "strings"

// CBV 2.0 vocabularies appear in three spellings: the bare term of the JSON
// binding ("receiving"), the GS1 web URI
// ("https://ref.gs1.org/cbv/BizStep-receiving", or its CURIE
// "cbv:BizStep-receiving") and the URN of the XML binding and EPCIS 1.x
// ("urn:epcglobal:cbv:bizstep:receiving"). lotledger works with bare terms.
const (
	cbvWebPrefix   = "https://ref.gs1.org/cbv/"
	cbvCURIEPrefix = "cbv:"
	epcisWebPrefix = "https://ref.gs1.org/epcis/"
	gs1VocPrefix   = "https://gs1.org/voc/"
)

// vocab names one CBV vocabulary by its web-URI term prefix and its URN
// prefix.
type vocab struct{ web, urn string }

var (
	vocabBizStep     = vocab{"BizStep-", "urn:epcglobal:cbv:bizstep:"}
	vocabDisposition = vocab{"Disp-", "urn:epcglobal:cbv:disp:"}
	vocabBTT         = vocab{"BTT-", "urn:epcglobal:cbv:btt:"}
	vocabSDT         = vocab{"SDT-", "urn:epcglobal:cbv:sdt:"}
	vocabErrorReason = vocab{"ER-", "urn:epcglobal:cbv:er:"}
)

// cbvTerm returns the bare term of a CBV value given in any of its three
// spellings; any other value (a user vocabulary URI) is returned as it is.
func cbvTerm(v vocab, s string) string {
	for _, p := range [...]string{cbvWebPrefix, cbvCURIEPrefix} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			if term, ok := strings.CutPrefix(rest, v.web); ok && term != "" {
				return term
			}
			return s
		}
	}
	if term, ok := strings.CutPrefix(s, v.urn); ok && term != "" {
		return term
	}
	return s
}

// cbvWebURI returns the GS1 web URI of a CBV value given in any spelling;
// a value that is not a CBV term of v (a URI of another vocabulary) is
// returned as it is.
func cbvWebURI(v vocab, s string) string {
	term := cbvTerm(v, s)
	if term == s && strings.Contains(s, ":") {
		return s
	}
	return cbvWebPrefix + v.web + term
}

// eventType returns the bare name of an EPCIS event type written as a
// CURIE or a full IRI ("epcis:ObjectEvent").
func eventType(s string) string {
	for _, p := range [...]string{epcisWebPrefix, "epcis:"} {
		if t, ok := strings.CutPrefix(s, p); ok && t != "" {
			return t
		}
	}
	return s
}
