package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"lotledger"
	"lotledger/store"
)

// benchWorld makes the master data the capture benchmarks use.
func benchWorld(b *testing.B, s *store.Store) context.Context {
	ctx := lotledger.WithUser(context.Background(), "bench")
	if _, err := s.CreateItem(ctx, lotledger.Item{SKU: "PB16", Name: "Peanut butter", UOM: "EA", GTIN: "00614141000036", ShelfLifeDays: 365}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateLocation(ctx, lotledger.Location{Code: "DC1", Name: "DC", GLN: "0614141000012"}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Farm", Kind: "supplier"}); err != nil {
		b.Fatal(err)
	}
	return ctx
}

// benchReceipts records b.N one-line receipts (each a new lot), batch per
// transaction, and reports events per second.
func benchReceipts(b *testing.B, s *store.Store, batch int) {
	ctx := benchWorld(b, s)
	b.ResetTimer()
	start := time.Now()
	for done := 0; done < b.N; {
		n := min(batch, b.N-done)
		err := s.Batch(ctx, func(bt *store.Batch) error {
			for i := range n {
				_, err := bt.Receive(lotledger.Receipt{Supplier: "FARM", Location: "DC1", Time: "2026-03-01T08:00:00Z",
					Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: fmt.Sprint("L", done+i), Quantity: "24", Expires: "2027-03-01"}}})
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		done += n
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}

func BenchmarkBatchReceipts_SQLite(b *testing.B) {
	for _, batch := range []int{1, 1000} {
		b.Run(fmt.Sprint("batch=", batch), func(b *testing.B) {
			benchReceipts(b, openSQLite(b, nil), batch)
		})
	}
}

func BenchmarkBatchReceipts_Postgres(b *testing.B) {
	for _, batch := range []int{1, 1000} {
		b.Run(fmt.Sprint("batch=", batch), func(b *testing.B) {
			benchReceipts(b, OpenPostgres(b, nil), batch)
		})
	}
}
