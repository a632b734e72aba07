package epcis

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
)

// corpusDoc is one document that the package's tests validate; wrapped
// when it only wraps another one's events in a document.
type corpusDoc struct {
	name    string
	body    []byte
	wrapped bool
}

// fastCorpus returns the documents the package's tests validate: GS1's 47
// examples, the instances of the schema's test folder, GS1's invalid
// example (CBV URNs), the encoded fixtures alone and in a document,
// validDoc with the breakages of TestValidate_RefusesBrokenDocuments, and a
// benchmark document.
func fastCorpus(t *testing.T) []corpusDoc {
	t.Helper()
	data := epcisTestData(t)
	var docs []corpusDoc
	add := func(name string, body []byte) { docs = append(docs, corpusDoc{name: name, body: body}) }
	tests, _ := filepath.Glob(filepath.Join(data, "JSON-Schema", "test", "*.json"))
	files := append(gs1Examples(t), tests...)
	files = append(files, filepath.Join(data, "XML", "WithEventHashID", "event_with_identical_hash_id_7.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		add(filepath.Base(f), b)
	}
	for _, name := range sortedFixtureNames() {
		ev := mustEncode(t, fixtures()[name])
		add("fixture "+name, ev)
		docs = append(docs, corpusDoc{"fixture " + name + " in a document", mustDocument(t, ev), true})
	}
	add("validDoc", []byte(validDoc))
	for _, b := range brokenValidDocs() {
		add("validDoc broken: "+b[0]+" → "+b[1], []byte(strings.Replace(validDoc, b[0], b[1], 1)))
	}
	add("benchDocument(3)", benchDocument(3))
	return docs
}

func sortedFixtureNames() []string {
	var names []string
	for name := range fixtures() {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func mustDocument(t *testing.T, events ...json.RawMessage) []byte {
	t.Helper()
	doc, err := Document(events, created)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// brokenValidDocs are the replacements of TestValidate_RefusesBrokenDocuments.
func brokenValidDocs() [][2]string {
	return [][2]string{
		{`"eventTime":"2025-01-01T10:00:00+01:00",`, ``},
		{`"OBSERVE"`, `"MOVE"`},
		{`"type":"ObjectEvent"`, `"type":"ShipmentEvent"`},
		{`"quantity":12.5`, `"quantity":"12.5 kg"`},
		{`"receiving"`, `"urn:epcglobal:cbv:bizstep:receiving"`},
		{`"eventTimeZoneOffset":"+01:00"`, `"eventTimeZoneOffset":"CET"`},
		{`"2025-01-01T10:00:00+01:00"`, `"yesterday"`},
	}
}

// Every document the tests use gets the library's verdict from the fast
// path: the valid ones are accepted without the library, the invalid ones
// go to it. Validate's answer is the library's, message for message.
func TestFastValid_GivesTheLibrarysVerdictOnEveryTestDocument(t *testing.T) {
	var valid, fast, invalid int
	for _, d := range fastCorpus(t) {
		lib := validateSchema(d.body)
		ok := fastValid(d.body)
		switch {
		case ok && lib != nil:
			t.Errorf("%s: fast path accepts a document the library refuses:\n%v", d.name, lib)
		case !ok && lib == nil:
			t.Errorf("%s: valid, but the fast path falls back to the library", d.name)
		}
		if got := Validate(d.body); fmt.Sprint(got) != fmt.Sprint(lib) {
			t.Errorf("%s: Validate says %v, the library %v", d.name, got, lib)
		}
		if lib != nil {
			invalid++
			continue
		}
		valid++
		if ok {
			fast++
		}
	}
	t.Logf("test documents: %d valid (%d accepted by the fast path), %d invalid (all refused by both)", valid, fast, invalid)
}

// Thousands of one-place breakages of valid documents (a property deleted,
// a value of another type or out of its enum or format, a list emptied or
// with an item twice, a property added): the fast path never accepts one
// that the library refuses. The library is asked only about the mutations
// the fast path accepts; the others go to the library in Validate anyway.
// Each document's mutations are a parallel subtest: the library, and under
// -race the fast path too, take seconds.
func TestFastValid_MutationsNeverAcceptWhatTheLibraryRefuses(t *testing.T) {
	var total, accepted atomic.Int64
	t.Run("documents", func(t *testing.T) {
		for _, d := range fastCorpus(t) {
			if d.wrapped || validateSchema(d.body) != nil {
				continue
			}
			t.Run(d.name, func(t *testing.T) {
				t.Parallel()
				docs := mutations(t, d.body)
				if testing.Short() {
					docs = everyNth(docs, 10)
				}
				total.Add(int64(len(docs)))
				accepted.Add(int64(checkMutations(t, docs)))
			})
		}
	})
	t.Logf("mutations: %d; the fast path accepts %d, all valid to the library too, and leaves %d to the library",
		total.Load(), accepted.Load(), total.Load()-accepted.Load())
}

// checkMutations fails t for each document that the fast path accepts and
// the library refuses, and returns how many the fast path accepts.
func checkMutations(t *testing.T, docs [][]byte) int {
	accepted := 0
	for _, doc := range docs {
		if !fastValid(doc) {
			continue
		}
		accepted++
		if err := validateSchema(doc); err != nil {
			t.Errorf("fast path accepts a mutation the library refuses: %v\n%s", err, doc)
		}
	}
	return accepted
}

func everyNth(docs [][]byte, n int) [][]byte {
	var out [][]byte
	for i := 0; i < len(docs); i += n {
		out = append(out, docs[i])
	}
	return out
}
