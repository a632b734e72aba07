package epcis

import "testing"

// BenchmarkFastValidate1000 validates the document of
// BenchmarkValidate1000 (1,000 ObjectEvents) with Validate, which takes
// the fast path for it. go test -run '^$' -bench 1000 -benchmem ./epcis/
func BenchmarkFastValidate1000(b *testing.B) {
	doc := benchDocument(1000)
	if !fastValid(doc) {
		b.Fatal("the fast path does not accept the benchmark document")
	}
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		if err := Validate(doc); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(1000*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
