package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"lotledger"
)

// TestDuplicateIDs: verify's search for an id held twice finds the first
// event that repeats an earlier one's id, among events whose keys are equal
// only. (No write path stores an id twice, and the chain covers ids, so the
// ledger is altered here behind verify's back.)
func TestDuplicateIDs(t *testing.T) {
	ctx := lotledger.WithUser(context.Background(), "test")
	s, err := Open(ctx, filepath.Join(t.TempDir(), "lotledger.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateItem(ctx, lotledger.Item{SKU: "PB16", Name: "Peanut butter", UOM: "EA"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateLocation(ctx, lotledger.Location{Code: "DC1", Name: "DC"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Farm", Kind: "supplier"}); err != nil {
		t.Fatal(err)
	}
	for i := range 9 {
		_, err := s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1", Time: "2026-03-01T08:00:00Z",
			Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: fmt.Sprint("L", i), Quantity: "1"}}})
		if err != nil {
			t.Fatal(err)
		}
	}
	keysNow := func() []int64 {
		rows, err := s.DB().Query(`SELECT event_id FROM events ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var keys []int64
		for rows.Next() {
			var id string
			rows.Scan(&id)
			keys = append(keys, eventKey(id))
		}
		return keys
	}
	dups := func() (string, int64, error) {
		tx, err := s.rdb.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		return duplicateIDs(ctx, tx, keysNow())
	}
	if problem, _, err := dups(); err != nil || problem != "" {
		t.Fatalf("a ledger of distinct ids: %q, %v", problem, err)
	}
	for _, q := range []string{
		`UPDATE events SET event_id = (SELECT event_id FROM events WHERE seq = 2) WHERE seq = 8`,
		`UPDATE events SET event_id = (SELECT event_id FROM events WHERE seq = 3) WHERE seq = 5`,
	} {
		if _, err := s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	problem, at, err := dups()
	if err != nil || at != 5 || !strings.Contains(problem, "is event 3's too") {
		t.Fatalf("got event %d: %q, %v; want event 5, event 3's id", at, problem, err)
	}
}
