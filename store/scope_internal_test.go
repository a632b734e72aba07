package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestLotOrder_AsByStrings holds the integer keys of a scope's lots to the
// order of comparing SKU, then code, as strings: codes that share their
// first 16 bytes, codes that are prefixes of others, empty and long codes,
// bytes above 0x7f.
func TestLotOrder_AsByStrings(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	skus := map[int64]string{1: "B", 2: "A", 3: "AA", 4: "b", 5: "A0"}
	codes := []string{"", "A", "AB", "A\x00", "ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP1", "ABCDEFGHIJKLMNOP0",
		"ABCDEFGHIJKLMNOQ", "ABCDEFGHIJKLMNO", "F261124000123", "F261124000124", "F261124", "é", "\xff\xff", "Z"}
	for n := range 200 {
		var lots []*scopeLot
		for range 1 + n%40 {
			code := codes[rng.IntN(len(codes))]
			if rng.IntN(3) == 0 {
				code += fmt.Sprint(rng.IntN(100))
			}
			lots = append(lots, &scopeLot{item: 1 + rng.Int64N(5), code: code})
		}
		items := newCodeMemo(func(id int64) (string, error) { return skus[id], nil })
		keys, names, err := lotOrder(lots, items)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, k := range keys {
			if names[k.sku] != skus[lots[k.i].item] {
				t.Fatalf("key of lot %d names SKU %q, want %q", k.i, names[k.sku], skus[lots[k.i].item])
			}
			got = append(got, names[k.sku]+"\x00"+lots[k.i].code)
		}
		if !slices.IsSortedFunc(keys, func(a, b scopeKey) int {
			la, lb := lots[a.i], lots[b.i]
			return cmp.Or(cmp.Compare(skus[la.item], skus[lb.item]), cmp.Compare(la.code, lb.code))
		}) {
			t.Fatalf("out of order: %q", got)
		}
		if len(keys) != len(lots) {
			t.Fatalf("%d keys for %d lots", len(keys), len(lots))
		}
	}
}

// TestSlots_NumbersIDsInOrderOfFirstSight covers small and large ids.
func TestSlots_NumbersIDsInOrderOfFirstSight(t *testing.T) {
	var s slots
	for i, id := range []int64{7, 1 << 40, 0, 3, -2} {
		if got, seen := s.of(id); got != int32(i) || seen {
			t.Fatalf("of(%d) = %d, %v; want %d, false", id, got, seen, i)
		}
	}
	for i, id := range []int64{7, 1 << 40, 0, 3, -2} {
		if got, seen := s.of(id); got != int32(i) || !seen {
			t.Fatalf("of(%d) again = %d, %v; want %d, true", id, got, seen, i)
		}
	}
}
