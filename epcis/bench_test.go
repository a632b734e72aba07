package epcis

import (
	"encoding/json"
	"testing"
)

// BenchmarkEncodeEvent measures the encoder on the ledger's hot path, for a
// typical shipment (two lots, reference, override) and a production with a
// new lot (ILMD). go test -bench EncodeEvent -benchmem ./epcis/
func BenchmarkEncodeEvent(b *testing.B) {
	for _, name := range []string{"ship", "produce", "receive_new_lot", "status_recalled"} {
		ev := fixtures()[name]
		var dir Directory = testDir // converted once, as a store would hold it
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				out, err := EncodeEvent(ev, dir)
				if err != nil {
					b.Fatal(err)
				}
				n = len(out)
			}
			b.SetBytes(int64(n))
		})
	}
}

// BenchmarkDocument measures wrapping 100 encoded events in a document.
func BenchmarkDocument(b *testing.B) {
	ev := mustEncode(b, fixtures()["ship"])
	events := make([]json.RawMessage, 100)
	for i := range events {
		events[i] = ev
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Document(events, created); err != nil {
			b.Fatal(err)
		}
	}
}
