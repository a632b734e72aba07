package store_test

import (
	"context"
	"strings"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/gen"
	"lotledger/store"
)

// Event ids are found through their keys, in two levels (store/eventkeys.go):
// recent keys, then keys merged in key order. These tests hold that an id is
// found wherever its key is, that capture never stores an id twice, and that
// verify notices a key missing or wrong.

// TestEventKeys_FoundInBothLevels captures three documents of 1,000 events
// with a merge every 1,500 keys, so that the first two documents' keys are
// merged and the third's are recent, and then finds events of both by id:
// capture's duplicate check, GET by eventID and EQ_eventID.
func TestEventKeys_FoundInBothLevels(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testKeysFound(t, openSQLite(t, nil)) })
	t.Run("postgres", func(t *testing.T) { testKeysFound(t, OpenPostgres(t, nil)) })
}

func testKeysFound(t *testing.T, s *store.Store) {
	store.SetKeysMergeAt(t, 1500)
	ctx := benchWorld(t, s)
	const n = 1000
	for i := range 3 {
		doc, err := epcis.DecodeDocument(captureDocument(i*n, n))
		if err != nil {
			t.Fatal(err)
		}
		if job, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true}); err != nil || job.Stored != n {
			t.Fatalf("document %d: %+v, %v", i, job, err)
		}
	}
	var merged, recent int
	if err := s.DB().QueryRow(`SELECT (SELECT COUNT(*) FROM event_keys), (SELECT COUNT(*) FROM event_keys_recent)`).Scan(&merged, &recent); err != nil {
		t.Fatal(err)
	}
	if merged != 2*n || recent != n {
		t.Fatalf("%d keys merged and %d recent, want %d and %d", merged, recent, 2*n, n)
	}

	// Sent again, every event is known, whichever level holds its key.
	for i := range 3 {
		doc, err := epcis.DecodeDocument(captureDocument(i*n, n))
		if err != nil {
			t.Fatal(err)
		}
		if job, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true}); err != nil || job.Stored != 0 || job.Duplicates != n {
			t.Fatalf("document %d again: %+v, %v", i, job, err)
		}
	}

	var first, last string
	if err := s.DB().QueryRow(`SELECT (SELECT event_id FROM events ORDER BY seq LIMIT 1), (SELECT event_id FROM events ORDER BY seq DESC LIMIT 1)`).Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{first, last} {
		doc, err := s.EPCISEvent(ctx, id)
		if err != nil || !strings.Contains(string(doc), `"ObjectEvent"`) {
			t.Fatalf("event %s: %s, %v", id, doc, err)
		}
	}
	if _, err := s.EPCISEvent(ctx, "urn:uuid:00000000-0000-4000-8000-000000000000"); lotledger.ErrorCode(err) != lotledger.ENOTFOUND {
		t.Fatalf("an unknown id: %v", err)
	}
	res, err := s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: map[string][]string{"EQ_eventID": {first, last}}, PerPage: 10})
	if err != nil || len(res.Events) != 2 {
		t.Fatalf("EQ_eventID %s, %s: %d events, %v", first, last, len(res.Events), err)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

// TestVerify_EventKeys: verify names the event whose key is missing, and the
// event whose key is not its id's.
func TestVerify_EventKeys(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testVerifyKeys(t, openSQLite(t, nil)) })
	t.Run("postgres", func(t *testing.T) { testVerifyKeys(t, OpenPostgres(t, nil)) })
}

func testVerifyKeys(t *testing.T, s *store.Store) {
	store.SetKeysMergeAt(t, 50)
	ctx := benchWorld(t, s)
	doc, err := epcis.DecodeDocument(captureDocument(0, 80))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true}); err != nil {
		t.Fatal(err)
	}
	var key, seq int64
	// 80 events at once: their keys are merged after the commit.
	if err := s.DB().QueryRow(`SELECT key, seq FROM event_keys ORDER BY seq LIMIT 1`).Scan(&key, &seq); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := s.DB().Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	check := func(problem string) {
		t.Helper()
		rep, err := s.Verify(ctx)
		if err != nil || rep.OK || rep.BrokenSeq != seq || !strings.Contains(rep.Problem, problem) {
			t.Fatalf("verify: %+v, %v; want event %d: %s", rep, err, seq, problem)
		}
	}
	exec(`DELETE FROM event_keys WHERE seq = $1`, seq)
	check("has no key")
	exec(`INSERT INTO event_keys_recent (key, seq) VALUES ($1, $2)`, key+1, seq)
	check("not its id's")
	exec(`UPDATE event_keys_recent SET key = $1 WHERE seq = $2`, key, seq)
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify with the key back, recent: %+v, %v", rep, err)
	}
	exec(`INSERT INTO event_keys (key, seq) VALUES ($1, $2)`, key, seq)
	check("two keys")
}

// TestMigration0013_KeysEveryEvent migrates a database filled before event
// keys (version 10) and checks that events lost the index of ids, that
// request ids are unique where there is one, that every event has its key,
// and that the generated history sent again is known event by event.
func TestMigration0013_KeysEveryEvent(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		migrateFilled(t, t.TempDir()+"/old.db", 10, func(s *store.Store) {
			var ddl string
			if err := s.DB().QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'events'`).Scan(&ddl); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(ddl, "event_id     TEXT   NOT NULL,") || !strings.Contains(ddl, "seq          INTEGER PRIMARY KEY") {
				t.Errorf("events after the migration: %s", ddl)
			}
			var index string
			if err := s.DB().QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'events_request'`).Scan(&index); err != nil ||
				!strings.Contains(index, "UNIQUE INDEX events_request ON events (request_id) WHERE request_id IS NOT NULL") {
				t.Errorf("the index of request ids: %q, %v", index, err)
			}
			checkKeyedHistory(t, s)
		})
	})
	t.Run("postgres", func(t *testing.T) {
		migrateFilled(t, postgresSchema(t), 10, func(s *store.Store) {
			var unique int
			if err := s.DB().QueryRow(`SELECT COUNT(*) FROM pg_constraint WHERE contype = 'u' AND conrelid = 'events'::regclass
				AND pg_get_constraintdef(oid) = 'UNIQUE (event_id)'`).Scan(&unique); err != nil {
				t.Fatal(err)
			}
			if unique != 0 {
				t.Error("events keep the index of ids")
			}
			var index string
			if err := s.DB().QueryRow(`SELECT indexdef FROM pg_indexes WHERE indexname = 'events_request' AND schemaname = current_schema()`).Scan(&index); err != nil ||
				!strings.Contains(index, "UNIQUE INDEX events_request ON") || !strings.Contains(index, "WHERE (request_id IS NOT NULL)") {
				t.Errorf("the index of request ids: %q, %v", index, err)
			}
			checkKeyedHistory(t, s)
		})
	})
}

// checkKeyedHistory: every event has a merged key, and migrateFilled's
// history captured again is all duplicates.
func checkKeyedHistory(t *testing.T, s *store.Store) {
	t.Helper()
	var events, keys int
	if err := s.DB().QueryRow(`SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM event_keys)`).Scan(&events, &keys); err != nil {
		t.Fatal(err)
	}
	if events == 0 || keys != events {
		t.Fatalf("%d keys for %d events", keys, events)
	}
	ctx := lotledger.WithUser(context.Background(), "test")
	g, err := gen.New(gen.Config{Events: 3000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	err = g.Documents(1000, func(body []byte, _ []gen.Op) error {
		doc, err := epcis.DecodeDocument(body)
		if err != nil {
			return err
		}
		job, err := s.Capture(ctx, doc, epcis.CaptureOptions{CreateLots: true})
		if err == nil && (job.Stored != 0 || job.Duplicates != len(doc.Events)) {
			t.Errorf("the history again: %d stored, %d duplicates of %d", job.Stored, job.Duplicates, len(doc.Events))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestVerify_WhileCapturing: verify reads one snapshot, so events committed
// while it runs are neither a head "removed from the end" nor keys of events
// it does not hold.
func TestVerify_WhileCapturing(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testVerifyWhileCapturing(t, openSQLite(t, nil)) })
	t.Run("postgres", func(t *testing.T) { testVerifyWhileCapturing(t, OpenPostgres(t, nil)) })
}

func testVerifyWhileCapturing(t *testing.T, s *store.Store) {
	store.SetKeysMergeAt(t, 300)
	ctx := benchWorld(t, s)
	done := make(chan error, 1)
	go func() {
		for i := range 20 {
			doc, err := epcis.DecodeDocument(captureDocument(i*100, 100))
			if err == nil {
				_, err = s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true})
			}
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	for verified := 0; ; verified++ {
		rep, err := s.Verify(ctx)
		if err != nil || !rep.OK {
			t.Fatalf("verify %d while capturing: %+v, %v", verified, rep, err)
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d verifications while 2,000 events were captured", verified+1)
			return
		default:
		}
	}
}
