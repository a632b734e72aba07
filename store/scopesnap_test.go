package store_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/gen"
	"lotledger/store"
)

// TestScopeSnapshot saves the scope summary part-way through a generated
// history, captures the rest, and opens the database again as a new
// process would: the summary starts from the snapshot, catches up, and
// answers exactly as one rebuilt from the projections and as the process
// that followed the ledger live. A snapshot that does not belong to the
// ledger, or is damaged, is ignored; Rebuild deletes it.
func TestScopeSnapshot(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "lotledger.db")
		testScopeSnapshot(t, func() *store.Store {
			s, err := store.Open(context.Background(), path, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		})
	})
	t.Run("postgres", func(t *testing.T) {
		first := OpenPostgres(t, nil)
		dsn := postgresDSN(t, first)
		testScopeSnapshot(t, func() *store.Store {
			if first != nil {
				s := first
				first = nil
				return s
			}
			s, err := store.Open(context.Background(), dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		})
	})
}

func testScopeSnapshot(t *testing.T, open func() *store.Store) {
	store.SetSnapshotPart(t, 4096) // many parts
	ctx := lotledger.WithUser(context.Background(), "test")
	live := open()
	g, err := gen.New(gen.Config{Events: 6000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Master().Load(ctx, live); err != nil {
		t.Fatal(err)
	}
	var saved int64
	done := 0
	err = g.Documents(1000, func(body []byte, ops []gen.Op) error {
		doc, err := epcis.DecodeDocument(body)
		if err != nil {
			return err
		}
		if _, err := live.Capture(ctx, doc, epcis.CaptureOptions{CreateLots: true}); err != nil {
			return err
		}
		if done += len(ops); done == 4000 {
			if saved, err = live.SaveScope(ctx); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var head int64
	var parts int
	if err := live.DB().QueryRow(`SELECT seq FROM ledger_head`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	if err := live.DB().QueryRow(`SELECT COUNT(*) FROM scope_snapshot`).Scan(&parts); err != nil {
		t.Fatal(err)
	}
	if saved == 0 || saved >= head || parts < 2 {
		t.Fatalf("snapshot at event %d of %d in %d parts; want one part-way, in several parts", saved, head, parts)
	}

	// A new process starts from the snapshot and follows the events after it.
	again := open()
	sl, err := again.LoadScope(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !sl.FromSnapshot || sl.Seq != head || sl.Unsaved != head-saved || sl.Lots == 0 {
		t.Fatalf("load: %+v; want from the snapshot at %d, current to %d", sl, saved, head)
	}
	// One that finds no snapshot rebuilds the summary; the three agree.
	if _, err := live.DB().Exec(`DELETE FROM scope_snapshot`); err != nil {
		t.Fatal(err)
	}
	rebuilt := open()
	if sl, err := rebuilt.LoadScope(ctx); err != nil || sl.FromSnapshot || sl.Unsaved != head {
		t.Fatalf("load without a snapshot: %+v, %v", sl, err)
	}
	var lots []lotledger.LotRef
	rows, err := live.DB().Query(`SELECT i.sku, l.code FROM lots l JOIN items i ON i.id = l.item_id ORDER BY l.id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var l lotledger.LotRef
		if err := rows.Scan(&l.SKU, &l.Lot); err != nil {
			t.Fatal(err)
		}
		lots = append(lots, l)
	}
	rows.Close()
	for i := 0; i < len(lots); i += max(1, len(lots)/150) {
		for _, dir := range []string{"forward", "backward"} {
			r := lotledger.ScopeRequest{Lots: lots[i : i+1], Direction: dir}
			want, err := rebuilt.Scope(ctx, r)
			if err != nil {
				t.Fatal(err)
			}
			for name, s := range map[string]*store.Store{"from the snapshot": again, "followed live": live} {
				got, err := s.Scope(ctx, r)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s %s %v: the summary %s answers\n%+v\nthe rebuilt one\n%+v", dir, lots[i].SKU, lots[i].Lot, name, got, want)
				}
			}
		}
	}

	// A snapshot of another ledger, or a damaged one, is not used.
	for name, change := range map[string]string{
		"another ledger's": `UPDATE scope_snapshot SET hash = 'not this ledger'`,
		"a damaged":        `UPDATE scope_snapshot SET data = $1 WHERE part = 1`,
	} {
		if _, err := again.SaveScope(ctx); err != nil {
			t.Fatal(err)
		}
		var args []any
		if name == "a damaged" {
			args = append(args, []byte("not a summary"))
		}
		if _, err := live.DB().Exec(change, args...); err != nil {
			t.Fatal(err)
		}
		s := open()
		if sl, err := s.LoadScope(ctx); err != nil || sl.FromSnapshot || sl.Seq != head {
			t.Fatalf("%s snapshot: %+v, %v; want the summary rebuilt", name, sl, err)
		}
	}
	if _, err := again.SaveScope(ctx); err != nil {
		t.Fatal(err)
	}
	if err := live.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if err := live.DB().QueryRow(`SELECT COUNT(*) FROM scope_snapshot`).Scan(&parts); err != nil || parts != 0 {
		t.Fatalf("after Rebuild, %d snapshot parts (%v); want none", parts, err)
	}
}
