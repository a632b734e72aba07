// Package storetest is the one test suite that every lotledger storage
// backend must pass. A backend's tests call Run with a function that opens a
// fresh, empty store.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"lotledger"
	"lotledger/store"
)

// Opener opens a new empty store for one test; it registers its own cleanup.
type Opener func(t *testing.T, now func() time.Time) *store.Store

// Run runs the whole suite.
func Run(t *testing.T, open Opener) {
	t.Run("MasterData", func(t *testing.T) { testMasterData(t, open) })
	t.Run("Receipts", func(t *testing.T) { testReceipts(t, open) })
	t.Run("Shipments", func(t *testing.T) { testShipments(t, open) })
	t.Run("FEFO", func(t *testing.T) { testFEFO(t, open) })
	t.Run("Status", func(t *testing.T) { testStatus(t, open) })
	t.Run("Idempotency", func(t *testing.T) { testIdempotency(t, open) })
	t.Run("Transfers", func(t *testing.T) { testTransfers(t, open) })
	t.Run("Production", func(t *testing.T) { testProduction(t, open) })
	t.Run("Corrections", func(t *testing.T) { testCorrections(t, open) })
	t.Run("BadInput", func(t *testing.T) { testBadInput(t, open) })
	t.Run("Reading", func(t *testing.T) { testReading(t, open) })
	t.Run("EPCISQuery", func(t *testing.T) { testEPCISQuery(t, open) })
	t.Run("Subscriptions", func(t *testing.T) { testSubscriptions(t, open) })
	t.Run("SensorQueries", func(t *testing.T) { testSensorQueries(t, open) })
	t.Run("QuantityQueries", func(t *testing.T) { testQuantityQueries(t, open) })
	t.Run("FieldQueries", func(t *testing.T) { testFieldQueries(t, open) })
	t.Run("VocabularyQueries", func(t *testing.T) { testVocabularyQueries(t, open) })
	t.Run("PersistentDisposition", func(t *testing.T) { testPersistentDisposition(t, open) })
	t.Run("Scan", func(t *testing.T) { testScan(t, open) })
	t.Run("Capture", func(t *testing.T) { testCapture(t, open) })
	t.Run("Trace", func(t *testing.T) { testTrace(t, open) })
	t.Run("TraceProperty", func(t *testing.T) { testTraceProperty(t, open) })
	t.Run("Recall", func(t *testing.T) { testRecall(t, open) })
	t.Run("Notices", func(t *testing.T) { testNotices(t, open) })
	t.Run("Batch", func(t *testing.T) { testBatch(t, open) })
	t.Run("Concurrency", func(t *testing.T) { testConcurrency(t, open) })
	t.Run("Ledger", func(t *testing.T) { testLedger(t, open) })
	t.Run("LedgerTruncation", func(t *testing.T) { testTruncation(t, open) })
	t.Run("RebuildProperty", func(t *testing.T) { testRebuildProperty(t, open) })
	t.Run("BatchEquivalence", func(t *testing.T) { testBatchEquivalence(t, open) })
}

// fixedNow is the suite's clock: 2026-03-10 12:00 UTC.
func fixedNow() time.Time { return time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC) }

var ctx = lotledger.WithUser(context.Background(), "tester")

// world is a small supply chain most tests start from.
type world struct {
	t *testing.T
	s *store.Store
}

func newWorld(t *testing.T, open Opener) *world {
	t.Helper()
	w := &world{t: t, s: open(t, fixedNow)}
	must(w.s.CreateItem(ctx, lotledger.Item{SKU: "PEANUT", Name: "Raw peanuts", UOM: "KGM", ShelfLifeDays: 270}))(t)
	must(w.s.CreateItem(ctx, lotledger.Item{SKU: "SALT", Name: "Salt", UOM: "KGM"}))(t)
	must(w.s.CreateItem(ctx, lotledger.Item{SKU: "PB16", Name: "Peanut butter 16 oz", UOM: "EA", GTIN: "00614141000036", ShelfLifeDays: 365, LotTemplate: "PB{YYMMDD}-{SEQ:3}"}))(t)
	must(w.s.CreateLocation(ctx, lotledger.Location{Code: "PLANT", Name: "Plant"}))(t)
	must(w.s.CreateLocation(ctx, lotledger.Location{Code: "PLANT-RAW", Name: "Raw store", Parent: "PLANT"}))(t)
	must(w.s.CreateLocation(ctx, lotledger.Location{Code: "PLANT-FG", Name: "Finished goods", Parent: "PLANT"}))(t)
	must(w.s.CreateLocation(ctx, lotledger.Location{Code: "DC1", Name: "Distribution centre 1", GLN: "0614141000012"}))(t)
	must(w.s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Peanut farm", Kind: lotledger.PartySupplier}))(t)
	must(w.s.CreateParty(ctx, lotledger.Party{Code: "STORE1", Name: "Store 1", Kind: lotledger.PartyCustomer, Email: "s1@example.com"}))(t)
	must(w.s.CreateParty(ctx, lotledger.Party{Code: "STORE2", Name: "Store 2", Kind: lotledger.PartyCustomer}))(t)
	return w
}

// must returns v, or fails the test calling the returned function: must(f())(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return v
	}
}

// receive receives qty of a lot with an expiry into loc.
func (w *world) receive(sku, lot, loc, qty, expires string) *lotledger.Result {
	w.t.Helper()
	return must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: loc,
		Lines: []lotledger.ReceiptLine{{SKU: sku, Lot: lot, Quantity: lotledger.Amount(qty), Expires: expires}}}))(w.t)
}

// onHand is the stock of a lot at a location ("" for all locations).
func (w *world) onHand(sku, lot, loc string) lotledger.Quantity {
	w.t.Helper()
	p := must(w.s.Stock(ctx, lotledger.StockFilter{SKU: sku, Lot: lot, Location: loc, PageRequest: lotledger.PageRequest{Limit: 1000}}))(w.t)
	var q lotledger.Quantity
	for _, r := range p.Items {
		q += r.Quantity
	}
	return q
}

// wantError checks that err is a lotledger error with code and field.
func wantError(t *testing.T, err error, code, field string) {
	t.Helper()
	e := lotledger.AsError(err)
	if e == nil {
		t.Fatalf("got error %v, want code %s on field %s", err, code, field)
	}
	if e.Code != code || e.Field != field {
		t.Fatalf("got code %s field %q (%s), want code %s field %q", e.Code, e.Field, e.Message, code, field)
	}
}

// Snapshot returns the projections and the ledger head as sorted text, to
// compare two states of a database.
func Snapshot(t *testing.T, db *sql.DB) string {
	t.Helper()
	return snapshot(t, db, snapshotQueries)
}

// EPCISSnapshot is the EPCIS query index (each event's query fields and
// every identifier it names) as text, in a stable order.
func EPCISSnapshot(t *testing.T, db *sql.DB) string {
	t.Helper()
	return snapshot(t, db, epcisSnapshotQueries)
}

// SnapshotWithoutIDs is Snapshot less what differs between two databases
// given the same commands: event ids and hashes.
func SnapshotWithoutIDs(t *testing.T, db *sql.DB) string {
	t.Helper()
	qs := append([]string(nil), snapshotQueries...)
	qs[5] = `SELECT seq, to_id, COALESCE(arrived_seq, 0) FROM transits`
	qs[7] = `SELECT seq FROM ledger_head`
	return snapshot(t, db, qs)
}

// snapshotQueries read every projection and the ledger head.
var snapshotQueries = []string{
	`SELECT id, item_id, code, supplier_lot, produced, expires, status, COALESCE(origin_id, 0), created_seq, created_at FROM lots`,
	`SELECT lot_id, location_id, qty FROM stock`,
	`SELECT seq, lot_id, location_id, qty FROM movements`,
	`SELECT seq, parent_id, child_id, qty FROM lot_edges`,
	`SELECT seq, lot_id, party_id, location_id, qty FROM deliveries`,
	`SELECT seq, event_id, to_id, COALESCE(arrived_seq, 0) FROM transits`,
	`SELECT seq, lot_id, from_status, to_status FROM status_changes`,
	`SELECT seq, hash FROM ledger_head`,
}

func snapshot(t *testing.T, db *sql.DB, queries []string) string {
	t.Helper()
	var b strings.Builder
	for _, q := range queries {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatalf("snapshot %s: %v", q, err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, v := range vals {
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				parts = append(parts, fmt.Sprint(v))
			}
			lines = append(lines, strings.Join(parts, "|"))
		}
		rows.Close()
		sort.Strings(lines)
		fmt.Fprintf(&b, "== %s\n%s\n", q, strings.Join(lines, "\n"))
	}
	return b.String()
}
