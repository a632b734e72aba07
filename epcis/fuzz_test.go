package epcis

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeDocument feeds the decoder, the validator, Normalize and
// EventHash arbitrary bytes: none may panic or hang. Seeds are a valid
// document and, when the shared data is there, GS1's examples.
// go test -fuzz FuzzDecodeDocument -fuzzminimizetime 50x ./epcis/
// (Without -fuzzminimizetime, each new input found from the examples is
// minimised for up to a minute, and execs stand still meanwhile.)
func FuzzDecodeDocument(f *testing.F) {
	f.Add([]byte(validDoc))
	f.Add([]byte(`{"type":"EPCISQueryDocument","epcisBody":{"queryResults":{"resultsBody":{"eventList":[{}]}}}}`))
	f.Add([]byte(`{"type":"EPCISDocument","epcisBody":{"eventList":[{"type":"x","eventTime":"2025-01-01T00:00:00Z","quantityList":[{"epcClass":"a","quantity":1e999}]}]}}`))
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "testdata", "epcis", "JSON", "*.jsonld"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	v, err := NewValidator()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = v.Validate(data)
		doc, err := DecodeDocument(data)
		if err != nil {
			return
		}
		for _, ev := range doc.Events {
			if _, err := Normalize(ev.Raw, doc.Context); err != nil {
				t.Errorf("decoded event does not normalise: %v", err)
			}
			if _, err := EventHash(ev.Raw, doc.Context); err != nil {
				t.Errorf("decoded event does not hash: %v", err)
			}
			if f := IndexFields(&ev, doc.Context); f != "" && !json.Valid([]byte(f)) {
				t.Errorf("the fields of a decoded event are not JSON: %s", f)
			}
		}
	})
}
