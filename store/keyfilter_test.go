package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/store"
)

// TestKeyFilter_AnotherWriter: capture rules ids out by the store's filter
// of event keys (store/keyfilter.go), so the filter must hold every event of
// the ledger, also those another process appended. Two stores on one
// database take turns capturing; every document sent again, to either, is
// all duplicates.
func TestKeyFilter_AnotherWriter(t *testing.T) { asTwoProcesses(t, testFilterAnotherWriter) }

func testFilterAnotherWriter(t *testing.T, a, b *store.Store) {
	ctx := benchWorld(t, a)
	const n = 300
	capture := func(s *store.Store, doc int) (stored, dups int) {
		t.Helper()
		d, err := epcis.DecodeDocument(captureDocument(doc*n, n))
		if err != nil {
			t.Fatal(err)
		}
		job, err := s.Capture(ctx, d, store.CaptureOptions{CreateLots: true})
		if err != nil {
			t.Fatalf("document %d: %v", doc, err)
		}
		return job.Stored, job.Duplicates
	}
	for i, s := range []*store.Store{a, b, a, a, b} {
		if stored, _ := capture(s, i); stored != n {
			t.Fatalf("document %d: %d events stored, want %d", i, stored, n)
		}
		// A native write of a, which does not ask its filter, after b's
		// capture: a's filter must still learn of b's events.
		if _, err := a.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1", Time: "2026-03-01T08:00:00Z",
			Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: fmt.Sprint("NATIVE", i), Quantity: "1"}}}); err != nil {
			t.Fatal(err)
		}
		// every document so far, sent again to both stores
		for doc := range i + 1 {
			for j, again := range []*store.Store{a, b} {
				if stored, dups := capture(again, doc); stored != 0 || dups != n {
					t.Fatalf("after document %d, document %d sent again to store %d: %d stored, %d duplicates", i, doc, j, stored, dups)
				}
			}
		}
	}
	if loads := store.KeyFilterLoads(a); loads != 1 {
		t.Errorf("store a loaded its filter whole %d times; catching up should have sufficed", loads)
	}
}

// TestLoadEventKeys: serve loads the filter as it starts; it then holds
// every event of the ledger, and the first capture need not load it again.
func TestLoadEventKeys(t *testing.T) {
	path := filepath.Join(t.TempDir(), "l.db")
	a, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := benchWorld(t, a)
	const n = 300
	d, err := epcis.DecodeDocument(captureDocument(0, n))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Capture(ctx, d, store.CaptureOptions{CreateLots: true}); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if keys, err := b.LoadEventKeys(ctx); err != nil || keys != n {
		t.Fatalf("LoadEventKeys: %d keys, %v; want %d", keys, err, n)
	}
	job, err := b.Capture(ctx, d, store.CaptureOptions{CreateLots: true})
	if err != nil || job.Duplicates != n {
		t.Fatalf("sent again: %+v, %v", job, err)
	}
	if loads := store.KeyFilterLoads(b); loads != 1 {
		t.Errorf("the filter was loaded whole %d times, want once", loads)
	}
}
