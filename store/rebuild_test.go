package store_test

import (
	"context"
	"testing"

	"lotledger"
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
	loadGenerated(t, ctx, s, 3000, 7)
	live := storetest.Snapshot(t, s.DB()) + storetest.EPCISSnapshot(t, s.DB())
	store.SetRebuildChunk(t, 7)
	if err := s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := storetest.Snapshot(t, s.DB()) + storetest.EPCISSnapshot(t, s.DB()); rebuilt != live {
		t.Fatal("projections rebuilt seven events at a time differ from those capture wrote")
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify after rebuild: %+v, %v", rep, err)
	}
}
