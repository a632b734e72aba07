package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"lotledger"
	"lotledger/store"
)

// TestTrace_FollowsAnotherProcess: two stores on one database stand for two
// lotledger processes. Production recorded through one is traced through
// the other, whose genealogy index was loaded before it happened.
func TestTrace_FollowsAnotherProcess(t *testing.T) { asTwoProcesses(t, followAnother) }

// asTwoProcesses runs test with two stores on one database, standing for two
// lotledger processes: on a SQLite file, and on PostgreSQL in one schema.
func asTwoProcesses(t *testing.T, test func(t *testing.T, a, b *store.Store)) {
	asTwoProcessesAt(t, nil, nil, test)
}

// asTwoProcessesAt is asTwoProcesses with each store's clock (nil: the
// system's).
func asTwoProcessesAt(t *testing.T, nowA, nowB func() time.Time, test func(t *testing.T, a, b *store.Store)) {
	t.Run("SQLite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "shared.db")
		open := func(now func() time.Time) *store.Store {
			s, err := store.Open(context.Background(), path, store.Options{Now: now})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		test(t, open(nowA), open(nowB))
	})
	t.Run("Postgres", func(t *testing.T) {
		a := OpenPostgres(t, nowA)
		b, err := store.Open(context.Background(), postgresDSN(t, a), store.Options{Now: nowB})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		test(t, a, b)
	})
}

func followAnother(t *testing.T, a, b *store.Store) {
	ctx := lotledger.WithUser(context.Background(), "tester")
	steps := []func() error{
		func() error {
			_, err := a.CreateItem(ctx, lotledger.Item{SKU: "PEANUT", Name: "Peanuts", UOM: "KGM"})
			return err
		},
		func() error {
			_, err := a.CreateItem(ctx, lotledger.Item{SKU: "PB", Name: "Peanut butter", UOM: "EA"})
			return err
		},
		func() error {
			_, err := a.CreateLocation(ctx, lotledger.Location{Code: "PLANT", Name: "Plant"})
			return err
		},
		func() error {
			_, err := a.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Farm", Kind: "supplier"})
			return err
		},
		func() error {
			_, err := a.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT", Lines: []lotledger.ReceiptLine{{SKU: "PEANUT", Lot: "P1", Quantity: "100"}}})
			return err
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	before, err := a.Trace(ctx, lotledger.TraceRequest{SKU: "PEANUT", Lot: "P1", Direction: "forward"})
	if err != nil || len(before.Lots) != 1 {
		t.Fatalf("before: %v %+v", err, before)
	}
	_, err = b.Produce(ctx, lotledger.Production{Location: "PLANT", Inputs: []lotledger.Line{{SKU: "PEANUT", Lot: "P1", Quantity: "10"}},
		Outputs: []lotledger.OutputLine{{SKU: "PB", Lot: "B1", Quantity: "20"}}})
	if err != nil {
		t.Fatal(err)
	}
	after, err := a.Trace(ctx, lotledger.TraceRequest{SKU: "PEANUT", Lot: "P1", Direction: "forward"})
	if err != nil || len(after.Lots) != 2 || after.Lots[1].Code != "B1" {
		t.Fatalf("the other process's production is not traced: %v %+v", err, after)
	}
}
