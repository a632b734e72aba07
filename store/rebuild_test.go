package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/gen"
	"lotledger/internal/storetest"
	"lotledger/store"
)

// TestRebuild_InChunks replays a generated supply chain (harvests,
// production from several lots, shipments, returns, disposals, expiries)
// seven events at a time, so that a lot is made in one chunk and moved,
// consumed, shipped or expired in later ones, and compares every projection
// and the EPCIS index with what capture wrote live.
func TestRebuild_InChunks(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testRebuildInChunks(t, openSQLite(t, nil)) })
	t.Run("postgres", func(t *testing.T) { testRebuildInChunks(t, OpenPostgres(t, nil)) })
}

func testRebuildInChunks(t *testing.T, s *store.Store) {
	ctx := lotledger.WithUser(context.Background(), "rebuild")
	g, err := gen.New(gen.Config{Events: 3000, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Master().Load(ctx, s); err != nil {
		t.Fatal(err)
	}
	err = g.Documents(500, func(body []byte, _ []gen.Op) error {
		doc, err := epcis.DecodeDocument(body)
		if err != nil {
			return err
		}
		_, err = s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	live := storetest.Snapshot(t, s.DB()) + epcisIndex(t, s)
	store.SetRebuildChunk(t, 7)
	if err := s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := storetest.Snapshot(t, s.DB()) + epcisIndex(t, s); rebuilt != live {
		t.Fatal("projections rebuilt seven events at a time differ from those capture wrote")
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify after rebuild: %+v, %v", rep, err)
	}
}

// epcisIndex is the EPCIS query index (events' query fields and their
// identifiers) as text.
func epcisIndex(t *testing.T, s *store.Store) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		`SELECT seq, event_type, event_time, action, biz_step, disposition, read_point, biz_location, event_hash, error_declared FROM epcis_events ORDER BY seq`,
		`SELECT seq, role, uri FROM epcis_refs ORDER BY seq, role, uri`,
	} {
		rows, err := s.DB().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		n := 0
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
			n++
		}
		rows.Close()
		if n == 0 {
			t.Fatalf("%s: no rows", q)
		}
	}
	return b.String()
}
