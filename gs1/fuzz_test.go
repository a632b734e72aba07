package gs1

import (
	"sort"
	"testing"
)

var fuzzOpts = Options{SkipRequisites: true}

// sameElements reports whether a and b hold the same AIs and values in the same order.
func sameElements(a, b []Element) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].AI != b[i].AI || a[i].Value != b[i].Value {
			return false
		}
	}
	return true
}

// elementSet returns the distinct "AI=value" pairs, sorted, for order-insensitive checks.
func elementSet(es []Element) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range es {
		k := e.AI + "=" + e.Value
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func sameSet(a, b []Element) bool {
	x, y := elementSet(a), elementSet(b)
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}

// checkRoundTrips asserts that the normalised forms of r parse back to the same AIs.
func checkRoundTrips(t *testing.T, r *Result) {
	t.Helper()
	es := r.ElementString()
	again, err := ParseElementString(es, fuzzOpts)
	if err != nil || !sameElements(again.Elements, r.Elements) {
		t.Fatalf("element string %q does not round-trip: %v", es, err)
	}
	br := r.Bracketed()
	again, err = ParseBracketed(br, fuzzOpts)
	if err != nil || !sameElements(again.Elements, r.Elements) {
		t.Fatalf("bracketed %q does not round-trip: %v", br, err)
	}
	uri, err := r.DigitalLink("https://example.com/stem", fuzzOpts)
	if err != nil {
		return // not every AI set has a Digital Link form
	}
	fromDL, err := ParseDigitalLink(uri, fuzzOpts)
	if err != nil || !sameSet(fromDL.Elements, r.Elements) {
		t.Fatalf("Digital Link %q does not round-trip: %v", uri, err)
	}
}

func FuzzParseElementString(f *testing.F) {
	for _, s := range []string{
		"^01095060001343521720122510ABC123",
		"^010952012345678810ABC123^17261231",
		"^0009520123456789123502095201234567883724^10ABC123",
		"^4149520123456788254DOCK-1",
		"^0112345678901231^",
		"^800302112345678900ABC",
		"^01095201234567883103001250|^99COMPOSITE^98XYZ",
		"^8110012345612345611110123",
		"^423528528",
		"^",
		"^891234",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseElementString(s, fuzzOpts)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		checkRoundTrips(t, r)
	})
}

func FuzzParseDigitalLink(f *testing.F) {
	for _, s := range []string{
		"https://id.gs1.org/01/09520123456788/10/ABC123?17=261231",
		"https://example.com/my/path/01/09520123456788/22/V1/10/L%2F1/21/S1?3103=001250&linkType=gs1:pip",
		"https://example.com/00/095201234567891235?02=09520123456788&37=24&10=ABC123",
		"HTTPS://a/414/9520123456788/254/DOCK-1#frag",
		"https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123",
		"https://a/01/12312312312333?&&&99=A+B&&98=XYZ",
		"http://a/b/",
		"https://[2001:db8::1]/8004/9520614141234567?01=09520123456788",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseDigitalLink(s, fuzzOpts)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			return
		}
		uri, err := r.DigitalLink("https://example.com", fuzzOpts)
		if err != nil {
			t.Fatalf("parsed URI %q cannot be regenerated: %v", s, err)
		}
		again, err := ParseDigitalLink(uri, fuzzOpts)
		if err != nil || !sameSet(again.Elements, r.Elements) {
			t.Fatalf("%q regenerated as %q does not round-trip: %v", s, uri, err)
		}
		checkRoundTrips(t, r)
	})
}
