package store_test

import (
	"context"
	"strings"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/store"
)

// The rows of a large transaction's ledger and EPCIS index are written while
// the transaction is still being resolved (SQLite, store/early.go). These
// tests hold that a refusal still leaves nothing: a document refused at its
// last event, alone or in a group, and a document whose early rows the
// database itself refuses.

// TestCapture_LargeRefusedLeavesNothing: a 1,000-event document whose last
// event names an unknown location is refused whole, alone and between two
// documents committed in the same group; the ledger is as before it and its
// chain verifies.
func TestCapture_LargeRefusedLeavesNothing(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testLargeRefused(t, openSQLite(t, nil)) })
	t.Run("postgres", func(t *testing.T) { testLargeRefused(t, OpenPostgres(t, nil)) })
}

func testLargeRefused(t *testing.T, s *store.Store) {
	ctx := benchWorld(t, s)
	const n = 1000
	bad := func(start int) *epcis.DecodedDocument {
		body := string(captureDocument(start, n))
		k := strings.LastIndex(body, "414/0614141000012")
		body = body[:k] + "414/0614141999998" + body[k+len("414/0614141000012"):]
		doc, err := epcis.DecodeDocument([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	good := func(start int) *epcis.DecodedDocument {
		doc, err := epcis.DecodeDocument(captureDocument(start, n))
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	before := ledgerCounts(t, s)
	_, err := s.Capture(ctx, bad(0), store.CaptureOptions{CreateLots: true})
	if e := lotledger.AsError(err); e == nil || e.Code != lotledger.EUNKNOWN || e.Field != "/epcisBody/eventList/999/bizLocation" {
		t.Fatalf("got %v, want the unknown location of event 999", err)
	}
	if got := ledgerCounts(t, s); got != before {
		t.Fatalf("after a refused document: %v, want %v", got, before)
	}

	// In a group: the good documents land whole, the bad one not at all.
	jobs, errs := captureTogether(t, ctx, s, []*epcis.DecodedDocument{good(0), bad(n), good(2 * n)})
	if errs[0] != nil || errs[2] != nil || jobs[0].Stored != n || jobs[2].Stored != n {
		t.Fatalf("the good documents of the group: %+v %v, %+v %v", jobs[0], errs[0], jobs[2], errs[2])
	}
	if errs[1] == nil {
		t.Fatal("the bad document of the group was captured")
	}
	want := before
	want[0], want[1], want[2] = before[0]+2*n, before[1]+2*n, before[2]+2*n
	if got := ledgerCounts(t, s); got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("after the group: %v, want %v", got, want)
	}
	// The refused document's events were never stored: sent again whole,
	// with its location fixed, every one of them is new.
	job, err := s.Capture(ctx, good(n), store.CaptureOptions{CreateLots: true})
	if err != nil || job.Stored != n || job.Duplicates != 0 {
		t.Fatalf("the refused document, fixed: %+v, %v", job, err)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

// TestCapture_EarlyRowRefusedByTheDatabase: when the database refuses one of
// the rows written while the document is still being resolved, the capture
// fails with that error and leaves nothing; the next capture is whole.
func TestCapture_EarlyRowRefusedByTheDatabase(t *testing.T) {
	s := openSQLite(t, nil)
	ctx := benchWorld(t, s)
	const n = 1000
	// The database refuses the identifier of lot C500, the 501st event.
	if _, err := s.DB().Exec(`CREATE TRIGGER refuse_c500 BEFORE INSERT ON epcis_refs
		WHEN NEW.uri = 'https://id.gs1.org/01/00614141000036/10/C500'
		BEGIN SELECT RAISE(ABORT, 'identifier refused by the test'); END`); err != nil {
		t.Fatal(err)
	}
	before := ledgerCounts(t, s)
	doc, err := epcis.DecodeDocument(captureDocument(0, n))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true}); err == nil || !strings.Contains(err.Error(), "identifier refused by the test") {
		t.Fatalf("got %v, want the database's refusal", err)
	}
	if got := ledgerCounts(t, s); got != before {
		t.Fatalf("after a refused row: %v, want %v", got, before)
	}
	if _, err := s.DB().Exec(`DROP TRIGGER refuse_c500`); err != nil {
		t.Fatal(err)
	}
	doc, err = epcis.DecodeDocument(captureDocument(0, n))
	if err != nil {
		t.Fatal(err)
	}
	if job, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true}); err != nil || job.Stored != n {
		t.Fatalf("captured again: %+v, %v", job, err)
	}
	if rep, err := s.Verify(ctx); err != nil || !rep.OK {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

// ledgerCounts counts the ledger's events, EPCIS index rows, lots, EPCIS
// identifiers and movements, and reads the head's sequence number.
func ledgerCounts(t *testing.T, s *store.Store) [6]int64 {
	t.Helper()
	var c [6]int64
	err := s.DB().QueryRowContext(context.Background(), `SELECT
		(SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM epcis_events), (SELECT COUNT(*) FROM lots),
		(SELECT COUNT(*) FROM epcis_refs), (SELECT COUNT(*) FROM movements), (SELECT seq FROM ledger_head WHERE id = 1)`).
		Scan(&c[0], &c[1], &c[2], &c[3], &c[4], &c[5])
	if err != nil {
		t.Fatal(err)
	}
	return c
}
