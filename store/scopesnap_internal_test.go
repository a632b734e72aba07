package store

import (
	"reflect"
	"testing"
)

func sampleScope() *scopeIndex {
	return &scopeIndex{lots: []scopeLot{
		{},
		{item: 1, origin: 7, code: "L-1", customers: []idQty2{{3, 5_000_000}, {4, -2}}, stock: []idQty2{{2, 1}}},
		{},
		{item: 2, code: "", stock: []idQty2{{1, -9_000_000_000}}},
		{item: 300, origin: 1 << 40, code: "ÄÖ lot/with spaces"},
	}}
}

// TestScopeEncoding_RoundTrip checks that a summary comes back as it was
// saved, and that any truncation or changed byte is refused rather than
// read as another summary.
func TestScopeEncoding_RoundTrip(t *testing.T) {
	x := sampleScope()
	b := encodeScope(x)
	got, err := decodeScope(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.lots, x.lots) {
		t.Fatalf("got %+v\nwant %+v", got.lots, x.lots)
	}
	for n := range len(b) {
		if _, err := decodeScope(b[:n]); err == nil {
			t.Fatalf("the first %d of %d bytes decoded", n, len(b))
		}
	}
	for i := range b {
		c := append([]byte(nil), b...)
		c[i] ^= 0x10
		if _, err := decodeScope(c); err == nil {
			t.Fatalf("byte %d changed and the encoding still decoded", i)
		}
	}
}

// FuzzDecodeScope: a damaged snapshot never panics, and whatever decodes
// encodes back to the same bytes.
func FuzzDecodeScope(f *testing.F) {
	f.Add(encodeScope(sampleScope()))
	f.Add(encodeScope(&scopeIndex{}))
	f.Fuzz(func(t *testing.T, b []byte) {
		x, err := decodeScope(b)
		if err != nil {
			return
		}
		if again := encodeScope(x); string(again) != string(b) {
			t.Fatalf("decoded %x, encoded back %x", b, again)
		}
	})
}
