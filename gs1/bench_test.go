package gs1

import "testing"

// BenchmarkParseElementString measures the typical label content: GTIN, expiry, lot.
// Target: at most 1 µs/op on two cores (issue #4).
func BenchmarkParseElementString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseBracketed("(01)09506000134352(17)201225(10)ABC123", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseFNC1ElementString(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseElementString("^01095060001343521720122510ABC123", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseScanData(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseScanData("]d2010950600013435210ABC123\x1d17201225", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseDigitalLink(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDigitalLink("https://id.gs1.org/01/09506000134352/10/ABC123?17=201225", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
