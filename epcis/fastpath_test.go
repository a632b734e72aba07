package epcis

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// sameAsEncodingJSON checks parseAny against encoding/json on b: where
// parseAny answers, its value is encoding/json's; where encoding/json
// refuses, parseAny gives up; and on valid JSON it answers.
func sameAsEncodingJSON(t *testing.T, b []byte) {
	t.Helper()
	fast, ok := parseAny(b)
	slow, err := decodeAnyStd(b)
	switch {
	case ok && err != nil:
		t.Fatalf("parseAny accepted what encoding/json refuses (%v): %q", err, b)
	case ok && !reflect.DeepEqual(fast, slow):
		t.Fatalf("parseAny gave %#v, encoding/json %#v, for %q", fast, slow, b)
	case !ok && err == nil && json.Valid(b):
		t.Fatalf("parseAny gave up on valid JSON: %q", b)
	}

	// objectMembers: the members encoding/json puts in a map, the same bytes
	members, ok := objectMembers(b)
	var m map[string]json.RawMessage
	err = json.Unmarshal(b, &m)
	switch {
	case ok && err != nil:
		t.Fatalf("objectMembers accepted what encoding/json refuses (%v): %q", err, b)
	case !ok && err == nil && m != nil:
		t.Fatalf("objectMembers gave up on an object: %q", b)
	case ok:
		got := map[string]json.RawMessage{}
		for _, mb := range members {
			if _, twice := got[mb.name]; twice {
				t.Fatalf("objectMembers kept %q twice in %q", mb.name, b)
			}
			got[mb.name] = mb.value
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("objectMembers gave %q, encoding/json %q, for %q", got, m, b)
		}
	}

	sameAsStructDecoding(t, b)

	// plainString and plainStrings: what json.Unmarshal gives, where they answer
	if s, ok := plainString(b); ok {
		var want string
		if err := json.Unmarshal(b, &want); err != nil || s != want {
			t.Fatalf("plainString gave %q, json.Unmarshal %q (%v), for %q", s, want, err, b)
		}
	}
	if list, ok := plainStrings(b); ok {
		var want []string
		if err := json.Unmarshal(b, &want); err != nil || !reflect.DeepEqual(list, want) {
			t.Fatalf("plainStrings gave %q, json.Unmarshal %q (%v), for %q", list, want, err, b)
		}
	}
}

// sameAsStructDecoding checks the fast paths of an event's small objects
// against their encoding/json twins on b: where a fast path answers,
// encoding/json decodes b without error to the same value.
func sameAsStructDecoding(t *testing.T, b []byte) {
	t.Helper()
	same := func(what string, fast any, ok bool, slow func() (any, error)) {
		t.Helper()
		if !ok {
			return
		}
		want, err := slow()
		if err != nil || !reflect.DeepEqual(fast, want) {
			t.Fatalf("%s gave %#v, encoding/json %#v (%v), for %q", what, fast, want, err, b)
		}
	}
	q, ok := plainQuantityList(b)
	same("plainQuantityList", q, ok, func() (any, error) {
		var out []QuantityElement
		err := decodeQuantityListJSON(b, &out)
		return out, err
	})
	bt, ok := plainBizTransactions(b)
	same("plainBizTransactions", bt, ok, func() (any, error) { return decodeBizTransactionsJSON(b) })
	for _, key := range []string{"source", "destination"} {
		sd, ok := plainSourceDest(b, key)
		same("plainSourceDest "+key, sd, ok, func() (any, error) { return decodeSourceDestJSON(b, key) })
	}
	id, ok := plainID(b)
	same("plainID", id, ok, func() (any, error) { return decodeIDJSON(b) })

	var fast, slow map[string]json.RawMessage
	ferr, serr := decodeILMD(b, &fast), json.Unmarshal(b, &slow)
	if (ferr == nil) != (serr == nil) || !reflect.DeepEqual(fast, slow) {
		t.Fatalf("decodeILMD gave %q (%v), encoding/json %q (%v), for %q", fast, ferr, slow, serr, b)
	}
	var env envelope
	if plainEnvelope(b, &env) {
		var want envelope
		if err := json.Unmarshal(b, &want); err != nil || !reflect.DeepEqual(env, want) {
			t.Fatalf("plainEnvelope gave %+v, encoding/json %+v (%v), for %q", env, want, err, b)
		}
	}
	if tm, err := decodeTime(b); err == nil {
		var s string
		if json.Unmarshal(b, &s) != nil {
			t.Fatalf("decodeTime read %v from %q, which is not a JSON string", tm, b)
		}
	}
}

// TestParseAny_AsEncodingJSON: every JSON file of the shared EPCIS data
// (GS1's 47 examples, the schema tests, the schema itself) and every event
// in them, plus hand-made edge cases, parse to what encoding/json makes.
func TestParseAny_AsEncodingJSON(t *testing.T) {
	cases := []string{
		`{}`, `[]`, `""`, `0`, `-0`, `1.5e-3`, `1E+9`, `-12.50`, `true`, `false`, `null`, ` {"a" : [ 1 , {"b":null} ] } `,
		`{"a":1,"a":2}`, `{"a":1,"b":2,"a":3}`, `{"\u0061":1}`, ` { "a" : "x" } `, `["a","b"]`, `[ "a" , "b" ]`, `["a",1]`, `["a",null]`, `"\u00e9\ud83d\ude00"`, `"\ud800"`, `"caf` + "\xe9" + `"`, `"tab\there"`, `"a\/b\\c\"d"`,
		"\"ctl\x01\"", `01`, `1.`, `.5`, `-`, `+1`, `1e`, `[1,]`, `{"a":1,}`, `{"a"}`, `{a:1}`, `[1 2]`, `tru`, `nul`,
		`{"a":1} x`, `{"a":1}{}`, `"unterminated`, `"\`, `"\x"`, `[`, `{"a":`, strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		strings.Repeat("[", 10000) + strings.Repeat("]", 10000), strings.Repeat(`{"a":`, 10000) + "1" + strings.Repeat("}", 10000),
		strings.Repeat(`{"a":`, 10001) + "1" + strings.Repeat("}", 10001),
		strings.Repeat("[", 100) + strings.Repeat("]", 100), manyMembers(40), `{"k":"é"}`, `123456789012345678901234567890`,
		// an event's small objects
		`[{"epcClass":"urn:a","quantity":24}]`, `[{"epcClass":"urn:a","quantity":2.50,"uom":"KGM"}, {"epcClass":"urn:b"}]`, `[]`, ` [ ] `,
		`[{"epcClass":"urn:a","quantity":"24"}]`, `[{"epcClass":"urn:a","quantity":null}]`, `[{"epcClass":null}]`, `[{"quantity":1}]`,
		`[{"EPCClass":"urn:a","quantity":1}]`, `[{"epcclass":"urn:a","epcClass":"urn:b"}]`, `[{"epcClass":"urn:a","uom":null}]`,
		`[{"epcClass":"urn:a","epcClass":"urn:b","quantity":1e2}]`, `[{"epcClass":"urn:a"}]`, `[{"epcClass":"urn:a","x":{"y":[1,{}]}}]`,
		`[{"epcClass":"urn:a"},null]`, `[{"epcClass":"urn:a"},1]`, `{"epcClass":"urn:a"}`, `null`, `[{"epcClass":"urn:a","quantity":-0.0}]`,
		`[{"type":"po","bizTransaction":"urn:po:1"}]`, `[{"bizTransaction":"urn:po:1"}]`, `[{"type":"po"}]`, `[{"type":null,"bizTransaction":"x"}]`,
		`[{"Type":"po","bizTransaction":"x"}]`, `[{"type":"po","bizTransaction":"x","BizTransaction":"y"}]`,
		`[{"type":"owning_party","source":"urn:s"}]`, `[{"type":"owning_party","destination":"urn:d"}]`,
		`[{"type":"owning_party","source":"urn:s","destination":1}]`, `[{"type":"x","source":"urn:s","destination":null}]`,
		`[{"type":"x","source":"urn:s","destination":"urn:d"}]`, `[{"type":"x","ſource":"urn:s"}]`,
		`{"id":"urn:l"}`, `{"id":null}`, `{}`, `{"ID":"urn:l"}`, `{"id":"urn:l","Id":"urn:m"}`, `{"id":"urn:l","x":[]}`, `{"id":1}`, `{"id":"urn:l"}`,
		`{"cbvmda:lotNumber":"L1","cbvmda:itemExpirationDate":"2027-03-01"}`, `{"a":1,"a":2}`, `"2026-03-01T08:00:00Z"`, `"2026-03-01T08:00:00\u005a"`,
		// documents around the events
		`{"type":"EPCISDocument","epcisBody":{"eventList":[{"a":1}, {}]}}`, `{"type":"EPCISDocument","epcisBody":{"eventList":[]}}`,
		`{"type":"EPCISDocument","epcisBody":{"eventList":[{"a":1}]},"epcisBody":{}}`, `{"type":"EPCISDocument","epcisBody":null}`,
		`{"type":"EPCISDocument","epcisBody":{"eventList":null}}`, `{"type":"EPCISDocument","EpcisBody":{"eventList":[]}}`,
		`{"type":"EPCISDocument","epcisBody":{"eventList":[],"EventList":[{}]}}`, `{"type":null,"epcisBody":{}}`, `{"type":1}`,
		`{"@context":null,"schemaVersion":2.0,"epcisHeader":null,"type":"EPCISDocument","epcisBody":{"eventList":[1,"x",null]}}`,
		`{"type":"EPCISQueryDocument","epcisBody":{"queryResults":{"queryName":"SimpleEventQuery","resultsBody":{"eventList":[]}}}}`,
		`{"type":"EPCISDocument","type":"EPCISQueryDocument","epcisBody":{"eventList":[]}}`, `{"type":"EPCISDocument","epcisBody":{"eventList":[{"a":"caf\u00e9"}]}}`,
	}
	for _, c := range cases {
		sameAsEncodingJSON(t, []byte(c))
	}
	files := 0
	root := filepath.Join(epcisTestData(t), "JSON")
	err := filepath.WalkDir(filepath.Dir(root), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".json") || strings.HasSuffix(path, ".jsonld")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		sameAsEncodingJSON(t, b)
		if doc, err := DecodeDocument(b); err == nil {
			for _, ev := range doc.Events {
				sameAsEncodingJSON(t, ev.Raw)
				members, _ := objectMembers(ev.Raw)
				for _, m := range members {
					sameAsEncodingJSON(t, m.value)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 47 {
		t.Fatalf("read %d JSON files of the shared EPCIS data, want at least 47", files)
	}
	t.Logf("%d files and their events parse as encoding/json parses them", files)
}

// manyMembers is an object of n members whose names repeat, every third
// one a name seen before: more members than lastOfEach compares pairwise.
func manyMembers(n int) string {
	var b strings.Builder
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		name := i
		if i%3 == 2 {
			name = i / 2
		}
		fmt.Fprintf(&b, `"m%d":%d`, name, i)
	}
	b.WriteByte('}')
	return b.String()
}

// FuzzParseAny holds parseAny to encoding/json on any bytes.
// go test -fuzz FuzzParseAny ./epcis/
func FuzzParseAny(f *testing.F) {
	for _, s := range []string{validDoc, `{"a":[1,-2.5e3,"x\u00e9",true,null,{}]}`, `"\ud800"`, `[01]`,
		`[{"epcClass":"urn:a","quantity":24,"uom":"KGM"}]`, `[{"type":"po","bizTransaction":"urn:po:1"}]`,
		`[{"type":"x","source":"urn:s","destination":"urn:d"}]`, `{"id":"urn:l","x":1}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { sameAsEncodingJSON(t, b) })
}

// plainURLPathAsURLParse checks plainURLPath against url.Parse on s: where
// it answers, the URI has a host and its path is url.Parse's EscapedPath.
func plainURLPathAsURLParse(t *testing.T, s string) {
	t.Helper()
	path, ok := plainURLPath(s)
	if !ok {
		return
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.EscapedPath() != path {
		t.Fatalf("plainURLPath(%q) = %q; url.Parse: host %q, path %q, %v", s, path, u.Host, u.EscapedPath(), err)
	}
}

// TestPlainURLPath_AsURLParse: every identifier-like string of the shared
// EPCIS data, and hand-made edge cases, give url.Parse's path where the
// fast path answers.
func TestPlainURLPath_AsURLParse(t *testing.T) {
	for _, s := range []string{"https://id.gs1.org/01/09521234543213/10/ABC-1.x_y~z", "http://example.com", "https://a.b/",
		"https://x", "https://", "https:///01/1", "https://user@host/01/1", "https://host:8080/01/1", "https://host/01/1?x=1",
		"https://host/01/1#f", "https://host/01/%41", "https://HOST/01/1", "https://ho_st/01/1", "https://host/a b", "https://host//01//1"} {
		plainURLPathAsURLParse(t, s)
	}
	if _, ok := plainURLPath("https://id.gs1.org/01/09521234543213/10/ABC"); !ok {
		t.Fatal("a plain Digital Link URI is not taken by the fast path")
	}
	uris := regexp.MustCompile(`https?://[^"\s<>]*`)
	n := 0
	root := epcisTestData(t)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range uris.FindAll(b, -1) {
			plainURLPathAsURLParse(t, string(m))
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d URIs of the shared EPCIS data checked", n)
}

// FuzzPlainURLPath holds plainURLPath to url.Parse on any string.
// go test -fuzz FuzzPlainURLPath ./epcis/
func FuzzPlainURLPath(f *testing.F) {
	for _, s := range []string{"https://id.gs1.org/01/09521234543213/10/ABC", "http://h/x", "https://h:1/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { plainURLPathAsURLParse(t, s) })
}

// TestStructFastPaths_Answer: the fast paths do answer for the plain forms
// partners send, so that the tests above hold them to something.
func TestStructFastPaths_Answer(t *testing.T) {
	if q, ok := plainQuantityList([]byte(`[{"epcClass":"urn:a","quantity":2.50,"uom":"KGM"}]`)); !ok || len(q) != 1 || q[0].Quantity != "2.5" {
		t.Errorf("plainQuantityList: %+v, %v", q, ok)
	}
	if bt, ok := plainBizTransactions([]byte(`[{"type":"urn:epcglobal:cbv:btt:po","bizTransaction":"urn:po:1"}]`)); !ok || len(bt) != 1 || bt[0].Type != "po" {
		t.Errorf("plainBizTransactions: %+v, %v", bt, ok)
	}
	if sd, ok := plainSourceDest([]byte(`[{"type":"owning_party","destination":"urn:d"}]`), "destination"); !ok || len(sd) != 1 || sd[0].ID != "urn:d" {
		t.Errorf("plainSourceDest: %+v, %v", sd, ok)
	}
	if id, ok := plainID([]byte(`{"id":"urn:l"}`)); !ok || id != "urn:l" {
		t.Errorf("plainID: %q, %v", id, ok)
	}
	var env envelope
	if !plainEnvelope([]byte(validDoc), &env) || env.Body.EventList == nil || len(*env.Body.EventList) == 0 {
		t.Errorf("plainEnvelope: %+v", env)
	}
}
