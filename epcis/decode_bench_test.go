package epcis

import (
	"fmt"
	"strings"
	"testing"
)

// benchDocument returns an EPCISDocument of n ObjectEvents shaped like a
// receipt: one lot quantity, places, parties and a PO.
func benchDocument(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2025-03-14T10:00:00Z","epcisBody":{"eventList":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"ObjectEvent","eventTime":"2025-03-14T09:%02d:%02d.%03d+01:00","eventTimeZoneOffset":"+01:00",`+
			`"action":"OBSERVE","bizStep":"receiving","disposition":"in_progress",`+
			`"readPoint":{"id":"https://id.gs1.org/414/4012345000016"},"bizLocation":{"id":"https://id.gs1.org/414/4012345000016"},`+
			`"quantityList":[{"epcClass":"https://id.gs1.org/01/04012345123456/10/LOT%d","quantity":%d.5,"uom":"KGM"}],`+
			`"bizTransactionList":[{"type":"po","bizTransaction":"urn:lotledger:ref:PO-%d"}],`+
			`"sourceList":[{"type":"owning_party","source":"https://id.gs1.org/417/4012345002256"}],`+
			`"destinationList":[{"type":"owning_party","destination":"https://id.gs1.org/417/4012345000009"}]}`,
			i/60%60, i%60, i%1000, i, i%97+1, i)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// BenchmarkValidate1000 validates a document of 1,000 ObjectEvents against
// the embedded schema. go test -bench 1000 -benchmem ./epcis/
func BenchmarkValidate1000(b *testing.B) {
	doc := benchDocument(1000)
	v := mustValidator(b)
	if err := v.Validate(doc); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if err := v.Validate(doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkDecode1000 decodes the same document into typed events.
func BenchmarkDecode1000(b *testing.B) {
	doc := benchDocument(1000)
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := DecodeDocument(doc)
		if err != nil || len(d.Events) != 1000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkEventHash1000 hashes the 1,000 events.
func BenchmarkEventHash1000(b *testing.B) {
	d, err := DecodeDocument(benchDocument(1000))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i := range d.Events {
			if _, err := EventHash(d.Events[i].Raw, d.Context); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
