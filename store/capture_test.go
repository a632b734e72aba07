package store_test

import (
	"fmt"
	"testing"

	"lotledger/epcis"
	"lotledger/store"
)

// TestCapture_NamesEventsByHash: events sent without an eventID are named
// by their CBV 2.0 event hash, computed for a large document on every core
// before the document waits for the writer. Each is stored under that name,
// sent again it is a duplicate, and an event repeated within one document
// is stored once.
func TestCapture_NamesEventsByHash(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { testNamesEventsByHash(t, openSQLite(t, nil)) })
	t.Run("postgres", func(t *testing.T) { testNamesEventsByHash(t, OpenPostgres(t, nil)) })
}

func testNamesEventsByHash(t *testing.T, s *store.Store) {
	ctx := benchWorld(t, s)
	const n = 300 // enough events to be hashed by several goroutines
	body := captureDocument(0, n)
	doc, err := epcis.DecodeDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	job, err := s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true})
	if err != nil || job.Stored != n || job.Applied != n || job.Duplicates != 0 {
		t.Fatalf("first capture: %+v, %v", job, err)
	}
	for i, e := range doc.Events {
		want, err := epcis.EventHash(e.Raw, doc.Context)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.EPCISEvent(ctx, want); err != nil {
			t.Fatalf("event %d is not stored as %s: %v", i, want, err)
		}
	}
	var events int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM events`).Scan(&events); err != nil {
		t.Fatal(err)
	}

	again, err := epcis.DecodeDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	job, err = s.Capture(ctx, again, store.CaptureOptions{CreateLots: true})
	if err != nil || job.Stored != 0 || job.Duplicates != n {
		t.Fatalf("sent again: %+v, %v", job, err)
	}

	// the last event of a new document twice: stored once
	twice := captureDocument(n, 2)
	twice = []byte(fmt.Sprintf("%s,%s]}}", twice[:len(twice)-3], lastEvent(t, twice)))
	doc, err = epcis.DecodeDocument(twice)
	if err != nil {
		t.Fatal(err)
	}
	job, err = s.Capture(ctx, doc, store.CaptureOptions{CreateLots: true})
	if err != nil || job.Stored != 2 || job.Duplicates != 1 {
		t.Fatalf("an event repeated in a document: %+v, %v", job, err)
	}
	var after int
	if err := s.DB().QueryRow(`SELECT COUNT(*) FROM events`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != events+2 {
		t.Fatalf("%d events stored after the first capture, want %d", after, events+2)
	}
}

// lastEvent returns the last event of a document made by captureDocument.
func lastEvent(t *testing.T, body []byte) string {
	doc, err := epcis.DecodeDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	return string(doc.Events[len(doc.Events)-1].Raw)
}
