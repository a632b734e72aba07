package gs1

import "strings"

// Options adjust validation. The zero value applies the full GS1 rules.
type Options struct {
	// SkipRequisites turns off the mandatory-association checks (req= in the dictionary,
	// e.g. "a lot (10) needs a GTIN (01)"). Syntax, check digits, dates, exclusions and
	// repeated-AI checks still apply.
	SkipRequisites bool
	// PermitUnknownAIs accepts AIs that are not in the dictionary (as up to 90 CSET 82
	// characters). In unbracketed data their length must still follow from their prefix.
	PermitUnknownAIs bool
	// UnknownAIsAsDLAttributes lets unknown AIs appear as Digital Link query attributes
	// (only meaningful with PermitUnknownAIs).
	UnknownAIsAsDLAttributes bool
	// ZeroSuppressedGTIN accepts GTIN-8/12/13 for AI (01) in a Digital Link URI and pads
	// them to 14 digits (deprecated syntax, off by default).
	ZeroSuppressedGTIN bool
}

// Element is one AI with its value.
type Element struct {
	AI    string
	Value string
	def   *AIDef // cached dictionary entry; nil for elements built by callers
}

// definition returns the dictionary entry for e, or the unknown-AI entry.
func (e Element) definition() *AIDef {
	if e.def != nil {
		return e.def
	}
	if d := lookupAI(e.AI); d != nil {
		return d
	}
	return &unknownAI
}

// Result is parsed barcode data: the AIs in input order, plus what the carrier said about
// itself.
type Result struct {
	// Elements lists the AIs in input order: the linear component first, then the 2D
	// composite component (the last Composite elements). For a Digital Link URI the path
	// AIs come first (primary key, then key qualifiers), then the query attributes.
	Elements []Element
	// Composite counts the trailing Elements that came from a 2D composite component.
	Composite int
	// Symbology is the carrier reported by the AIM symbology identifier of scanner data.
	Symbology Symbology
	// Primary holds data that is not AI data: the digits of an EAN/UPC primary message, or
	// the plain content of a non-GS1 2D code (text, or a Digital Link URI).
	Primary string
	// URI is set when the data was a GS1 Digital Link URI.
	URI string
	// IgnoredQueryParams are the non-AI query parameters of a Digital Link URI
	// (e.g. "linkType=gs1:pip"), in order.
	IgnoredQueryParams []string
	dlPath             int        // leading Elements that formed the Digital Link path
	inline             [4]Element // backing store for small messages: one allocation per parse
}

// Value returns the value of the first occurrence of ai.
func (r *Result) Value(ai string) (string, bool) {
	for _, e := range r.Elements {
		if e.AI == ai {
			return e.Value, true
		}
	}
	return "", false
}

// GTIN returns the item's GTIN-14: AI (01), or an EAN/UPC primary message padded to 14
// digits.
func (r *Result) GTIN() (string, bool) {
	if v, ok := r.Value("01"); ok {
		return v, true
	}
	if g, err := NormalizeGTIN(r.Primary); err == nil {
		return g, true
	}
	return "", false
}

// linear returns the elements of the linear component.
func (r *Result) linear() []Element { return r.Elements[:len(r.Elements)-r.Composite] }

// composite returns the elements of the 2D composite component.
func (r *Result) composite() []Element { return r.Elements[len(r.Elements)-r.Composite:] }

// ElementString returns the normalised unbracketed form: "^" stands for FNC1, which starts
// the data and follows every variable-length value except the last; superfluous separators
// are dropped. A composite component follows after "|". Plain (non-AI) primary data is
// returned as is.
func (r *Result) ElementString() string {
	var b strings.Builder
	lin := r.linear()
	if len(lin) > 0 {
		b.WriteByte('^')
		writeElementString(&b, lin, '^')
	} else {
		b.WriteString(r.Primary)
	}
	if r.Composite > 0 {
		b.WriteString("|^")
		writeElementString(&b, r.composite(), '^')
	}
	return b.String()
}

// writeElementString writes AIs and values, with sep after each value that needs FNC1.
func writeElementString(b *strings.Builder, elems []Element, sep byte) {
	for i, e := range elems {
		b.WriteString(e.AI)
		b.WriteString(e.Value)
		if i < len(elems)-1 && e.definition().FNC1 {
			b.WriteByte(sep)
		}
	}
}

// Bracketed returns the human-readable bracketed form, e.g. "(01)09520123456788(10)ABC".
// A literal "(" in a value is written "\(". A composite component follows after "|".
func (r *Result) Bracketed() string {
	var b strings.Builder
	writeBracketed(&b, r.linear())
	if r.Composite > 0 {
		if len(r.linear()) > 0 {
			b.WriteByte('|')
		}
		writeBracketed(&b, r.composite())
	}
	return b.String()
}

func writeBracketed(b *strings.Builder, elems []Element) {
	for _, e := range elems {
		b.WriteByte('(')
		b.WriteString(e.AI)
		b.WriteByte(')')
		b.WriteString(strings.ReplaceAll(e.Value, "(", `\(`))
	}
}

// HRI returns the human-readable interpretation, one "(AI) value" line per element.
func (r *Result) HRI() []string {
	out := make([]string, len(r.Elements))
	for i, e := range r.Elements {
		out[i] = "(" + e.AI + ") " + e.Value
	}
	return out
}
