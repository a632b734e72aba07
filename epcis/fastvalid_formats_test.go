package epcis

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// compileDefinitions compiles definitions of the embedded schema with the
// library, as NewValidator compiles the whole schema.
func compileDefinitions(t *testing.T, names ...string) map[string]*jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(SchemaJSON()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	c.UseRegexpEngine(lookaheadRegexp)
	if err := c.AddResource(SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]*jsonschema.Schema{}
	for _, name := range names {
		if out[name], err = c.Compile(SchemaID + "#/definitions/" + name); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// formatCase is a fast check and the schema definition it stands for.
// An exact check (a pattern) must agree with the library both ways; the
// others (formats, and vocabularies through them) only one way.
type formatCase struct {
	definition string
	fast       func([]byte) bool
	exact      bool
	probes     []string
}

// Each format, pattern and vocabulary check of the fast path accepts only
// strings that the library accepts for the same definition, over
// thousands of made-up strings.
func TestFastFormats_AcceptOnlyWhatTheLibraryAccepts(t *testing.T) {
	rng := rand.New(rand.NewPCG(20260101, 1))
	cases := []formatCase{
		{"uri", isURI, false, uriProbes(rng)},
		{"time", isDateTime, false, dateTimeProbes(rng)},
		{"Event/properties/eventTimeZoneOffset", isTimeZoneOffset, true, zoneProbes(rng)},
		{"uom", isUOM, true, randomStrings(rng, "AZ09az-", 4, 5000)},
		{"version", isVersion, true, randomStrings(rng, "0129.a-", 6, 20000)},
		{"hexBinary", isHexBinary, true, randomStrings(rng, "09afAFgG ", 4, 10000)},
	}
	vocabularies := map[string]termsOrURI{
		"bizStep": bizStepTerms, "disposition": dispositionTerms,
		"bizTransaction-type": bizTransactionTypeTerms, "source-dest-type": sourceDestTypeTerms,
		"error-reason": errorReasonTerms, "component": componentTerms,
		"measurementType": measurementTypeTerms, "sensorAlertType": sensorAlertTypeTerms,
	}
	for name, v := range vocabularies {
		cases = append(cases, formatCase{name, v.accepts, true, vocabularyProbes(v)})
	}
	var names []string
	for _, c := range cases {
		names = append(names, c.definition)
	}
	defs := compileDefinitions(t, names...)
	for _, c := range cases {
		checkFormat(t, c, defs[c.definition])
	}
}

func checkFormat(t *testing.T, c formatCase, def *jsonschema.Schema) {
	t.Helper()
	var lib, fast int
	for _, p := range c.probes {
		l, f := def.Validate(p) == nil, c.fast([]byte(p))
		if l {
			lib++
		}
		if f {
			fast++
		}
		if f && !l {
			t.Errorf("%s: fast path accepts %q, the library does not", c.definition, p)
		}
		if c.exact && l && !f {
			t.Errorf("%s: fast path refuses %q, the library accepts it", c.definition, p)
		}
	}
	t.Logf("%s: %d strings, library accepts %d, fast path %d", c.definition, len(c.probes), lib, fast)
}

// randomStrings returns n strings of up to max characters of alphabet,
// and the empty string.
func randomStrings(rng *rand.Rand, alphabet string, max, n int) []string {
	out := []string{""}
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(max) {
			b.WriteByte(alphabet[rng.IntN(len(alphabet))])
		}
		out = append(out, b.String())
	}
	return out
}

// uriProbes are URIs as EPCIS writes them, odd ones, and random strings
// made of the characters that matter to URI parsing.
func uriProbes(rng *rand.Rand) []string {
	out := []string{
		"urn:epc:id:sgtin:0614141.107346.2018", "https://id.gs1.org/01/09520123456788/21/12345",
		"ni:///sha-256;fec96672?ver=CBV2.0", "http://example.com:8080/a?b#c", "http://a:80:80/",
		"http://[::1]/", "http://[fe80::1%25en0]/", "http://a b/", "http://a%20b/", "http://u@h/",
		"mailto:x@y", "a:", "a:b c", "1a:b", ":x", "x", "", "http://h/%zz", "http://h/%2", "urn:x%2",
		"HTTP://EX.COM", "http://h:abc/", "http://ex_ample.com/", "http://a@b@c/", "file:///x",
		"http://h/\x7f", "http://h/é", "urn:a#b#c", "http://h/?q=%", "http://h:/", "http://:80/",
		"a+b.c-d:x", "http://h/a[b]", "http://h/a\\b", "http://ho^st/", "https://ref.gs1.org/cbv/BizStep-receiving",
	}
	tokens := []string{"a", "Z", "0", "9", ":", "/", "//", "?", "#", "@", "%", "%2", "%41", "%zz", "[", "]",
		"::1", ".", "-", "_", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", " ", "\\", "é", "\x7f", "\x00"}
	prefixes := []string{"", "http:", "https://", "urn:", "a:", "ni:///", "h://"}
	for range 30000 {
		var b strings.Builder
		b.WriteString(prefixes[rng.IntN(len(prefixes))])
		for range rng.IntN(10) {
			b.WriteString(tokens[rng.IntN(len(tokens))])
		}
		out = append(out, b.String())
	}
	return out
}

// dateTimeProbes are date-times, at the edges of the calendar and the
// clock, and each with a character or two changed.
func dateTimeProbes(rng *rand.Rand) []string {
	bases := []string{"2025-03-14T09:26:53.589+02:00", "2024-02-29T23:59:59Z", "2023-02-28T00:00:00z",
		"2016-12-31T23:59:60Z", "1990-12-31T15:59:60-08:00", "0000-01-01T00:00:00Z",
		"9999-12-31t23:59:59.999999999-23:59", "2100-02-29T12:00:00+14:00", "2000-02-29T12:00:00Z"}
	const chars = "0123456789+-:.TtZz x"
	out := append([]string(nil), bases...)
	for range 30000 {
		b := []byte(bases[rng.IntN(len(bases))])
		for range 1 + rng.IntN(2) {
			b[rng.IntN(len(b))] = chars[rng.IntN(len(chars))]
		}
		if rng.IntN(4) == 0 {
			b = b[:rng.IntN(len(b))]
		}
		out = append(out, string(b))
	}
	return out
}

// zoneProbes are time zone offsets around the pattern's edges: every
// hour with minutes at and past their limits, other signs and separators,
// and random strings.
func zoneProbes(rng *rand.Rand) []string {
	out := randomStrings(rng, "+-01234569:x", 7, 5000)
	for _, sign := range []string{"+", "-", "x", ""} {
		for h := range 26 {
			for _, m := range []string{"00", "01", "30", "59", "60", "99", "5", "000"} {
				for _, end := range []string{"", "\n", "0"} {
					out = append(out, fmt.Sprintf("%s%02d:%s%s", sign, h, m, end), fmt.Sprintf("%s%02dx%s", sign, h, m))
				}
			}
		}
	}
	return append(out, "+1:00", "+14:00", "-14:00", "+14:01", "Z")
}

// vocabularyProbes are a vocabulary's terms, near misses, and URIs just
// inside and outside the negative lookaheads.
func vocabularyProbes(v termsOrURI) []string {
	out := []string{"", "x y", "https://ref.gs1.org/cbv/BizStep-receiving", "urn:epcglobal:cbv:bizstep:receiving",
		"urn:epcglobal:cbvx", "urn:epcglobal:cb", "https://ns.gs1.org/cbvx", "https://ns.gs1.org/cbv",
		"http://gs1.org/voc/Temperature", "https://gs1.org/vocx", "https://www.gs1.org/voc", "cbv:BizStep-receiving",
		"gs1:Temperature", "https://example.org/voc/x"}
	for _, p := range append(append([]string(nil), notCBVURIs...), notGS1WebVocURI...) {
		out = append(out, p, p+"x", strings.ToUpper(p)+"x", strings.Replace(p, ".", "x", 1))
	}
	for term := range v.terms {
		out = append(out, term, term+"x", strings.ToUpper(term), term[:len(term)-1], "https://ref.gs1.org/cbv/"+term)
	}
	return out
}

// The objects of an @context array must all differ (uniqueItems), by the
// library's equality: numbers by value, objects by members in any order.
func TestFastValid_ContextObjectsCompareAsTheLibraryDoes(t *testing.T) {
	pairs := [][2]string{
		{`{"a":1}`, `{"a":1.0}`}, {`{"a":1}`, `{"a":2}`}, {`{"a":100}`, `{"a":1e2}`},
		{`{"a":"x","b":"y"}`, `{"b":"y","a":"x"}`}, {`{"a":[1,{"c":null}]}`, `{"a":[1,{"c":null}]}`},
		{`{"a":[1,2]}`, `{"a":[2,1]}`}, {`{"a":"x"}`, `{"b":"x"}`}, {`{"a":true}`, `{"a":"true"}`},
		{`{"a":{}}`, `{"a":[]}`}, {`{"a":0.10}`, `{"a":0.1}`}, {`{}`, `{}`}, {`{"a":"\u00e9"}`, `{"a":"é"}`},
	}
	const context = `"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]`
	for _, p := range pairs {
		doc := strings.Replace(validDoc, context,
			fmt.Sprintf(`"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",%s,%s]`, p[0], p[1]), 1)
		lib, fast := validateSchema([]byte(doc)) == nil, fastValid([]byte(doc))
		if lib != fast {
			t.Errorf("@context objects %s and %s: library valid %v, fast path %v", p[0], p[1], lib, fast)
		}
	}
}
