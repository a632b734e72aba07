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
	for _, s := range []string{validDoc, `{"a":[1,-2.5e3,"x\u00e9",true,null,{}]}`, `"\ud800"`, `[01]`} {
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
