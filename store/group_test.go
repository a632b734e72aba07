package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lotledger"
	"lotledger/epcis"
	"lotledger/store"
)

// TestCapture_GroupCommit queues twenty captures behind a busy writer, half
// of them refused for an unknown location, and releases them: they commit
// in at most two transactions, each refused one is rolled back alone with
// its own error and job, and the ledger verifies.
func TestCapture_GroupCommit(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testGroupCommit(t, openSQLite(t, nil)) })
	t.Run("postgres", func(t *testing.T) { testGroupCommit(t, OpenPostgres(t, nil)) })
}

func testGroupCommit(t *testing.T, s *store.Store) {
	ctx := benchWorld(t, s)
	var before int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM events`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	const n = 20
	docs := make([]*epcis.DecodedDocument, n)
	for i := range docs {
		body := string(captureDocument(i*3, 3))
		if i%2 == 1 { // the last event names a location no one has
			k := strings.LastIndex(body, "414/0614141000012")
			body = body[:k] + "414/0614141999998" + body[k+len("414/0614141000012"):]
		}
		doc, err := epcis.DecodeDocument([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		docs[i] = doc
	}
	jobs, errs := captureTogether(t, ctx, s, docs)
	for i := range docs {
		if i%2 == 0 {
			if errs[i] != nil || !jobs[i].Success || jobs[i].Stored != 3 {
				t.Fatalf("capture %d: %+v, %v", i, jobs[i], errs[i])
			}
			continue
		}
		if e := lotledger.AsError(errs[i]); e == nil || e.Code != lotledger.EUNKNOWN || e.Field != "/epcisBody/eventList/2/bizLocation" {
			t.Fatalf("capture %d: got %v, want the unknown location of event 2", i, errs[i])
		}
		if jobs[i] == nil || jobs[i].Success || jobs[i].Stored != 0 || len(jobs[i].Errors) != 1 {
			t.Fatalf("capture %d: job %+v", i, jobs[i])
		}
	}
	var events, txs, lots int
	if err := s.DB().QueryRow(`SELECT COUNT(*), COUNT(DISTINCT recorded_at) FROM events WHERE seq > $1`, before).Scan(&events, &txs); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM lots`).Scan(&lots); err != nil {
		t.Fatal(err)
	}
	if events != n/2*3 || lots != n/2*3 || txs > 2 {
		t.Fatalf("%d events and %d lots in %d transactions, want %d of each in at most 2", events, lots, txs, n/2*3)
	}
	for i, j := range jobs {
		got, err := s.CaptureJob(ctx, j.CaptureID)
		if err != nil || got.Success != (i%2 == 0) {
			t.Fatalf("job %d as stored: %+v, %v", i, got, err)
		}
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	// A cancelled caller's capture is not applied.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Capture(cctx, docs[0], store.CaptureOptions{CreateLots: true}); err == nil {
		t.Fatal("a cancelled capture was applied")
	}
}

// captureTogether captures the documents at once, queued behind a busy
// writer so that they are committed as one group.
func captureTogether(t *testing.T, ctx context.Context, s *store.Store, docs []*epcis.DecodedDocument) ([]*epcis.CaptureJob, []error) {
	t.Helper()
	n := len(docs)
	jobs := make([]*epcis.CaptureJob, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	err := s.Batch(ctx, func(*store.Batch) error {
		for i := range docs {
			wg.Go(func() { jobs[i], errs[i] = s.Capture(ctx, docs[i], store.CaptureOptions{CreateLots: true}) })
		}
		for deadline := time.Now().Add(10 * time.Second); store.GroupPending(s) < n && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	return jobs, errs
}

// TestCapture_GroupStoresNewEventsOnce: two captures committed in one group
// that bring the same new events store them once (the second finds the
// first's), and every other capture of the group lands whole.
func TestCapture_GroupStoresNewEventsOnce(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testGroupStoresOnce(t, openSQLite(t, nil)) })
	t.Run("postgres", func(t *testing.T) { testGroupStoresOnce(t, OpenPostgres(t, nil)) })
}

func testGroupStoresOnce(t *testing.T, s *store.Store) {
	ctx := benchWorld(t, s)
	var docs []*epcis.DecodedDocument
	for i := range 10 {
		start := i * 3
		if i == 6 {
			start = 0 // the events of docs[0] again
		}
		doc, err := epcis.DecodeDocument(captureDocument(start, 3))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	jobs, errs := captureTogether(t, ctx, s, docs)
	stored := 0
	for i := range docs {
		if errs[i] != nil || !jobs[i].Success || jobs[i].Stored+jobs[i].Duplicates != 3 {
			t.Fatalf("capture %d: %+v, %v", i, jobs[i], errs[i])
		}
		stored += jobs[i].Stored
	}
	var events, lots int
	var onHand int64
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM events`).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`SELECT COUNT(*), (SELECT SUM(qty) FROM stock) FROM lots`).Scan(&lots, &onHand); err != nil {
		t.Fatal(err)
	}
	if stored != 27 || events != 27 || lots != 27 || onHand != 27*24_000_000 {
		t.Fatalf("%d stored, %d events, %d lots, %d on hand; want the 27 distinct events once", stored, events, lots, onHand)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

// TestClose_Twice closes a store twice, as a test that closes it and then
// its cleanup do.
func TestClose_Twice(t *testing.T) {
	s := openSQLite(t, nil)
	ctx := benchWorld(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := s.Capture(ctx, &epcis.DecodedDocument{}, store.CaptureOptions{}); err == nil {
		t.Fatal("a closed store captured")
	}
}

// TestReads_ManyAtOnceOnAFreshStore: readers that each hold a connection
// of the pool while their statements are still unprepared do not wait for
// each other (preparing on the pool needs a free connection).
func TestReads_ManyAtOnceOnAFreshStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lotledger.db")
	s, err := store.Open(context.Background(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := benchWorld(t, s)
	doc, err := epcis.DecodeDocument(captureDocument(0, 3))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for range 5 { // a new store each time: nothing prepared yet
		s, err := store.Open(context.Background(), path, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 64)
		for range cap(done) {
			go func() {
				_, err := s.Lot(ctx, "PB16", "C1")
				done <- err
			}()
		}
		for range cap(done) {
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("concurrent lot reads did not finish: they wait for each other")
			}
		}
		s.Close()
	}
}
