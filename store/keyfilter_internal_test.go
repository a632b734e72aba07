package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"lotledger"
	"lotledger/epcis"
)

// TestBloom: a key added is always found, in every part as the filter
// grows, and few keys never added are.
func TestBloom(t *testing.T) {
	var f keyFilter
	f.parts = []bloom{newBloom(0)}
	r := rand.New(rand.NewPCG(1, 2))
	added := make([]int64, 300_000) // past the first part's size: it grows
	for i := range added {
		added[i] = int64(r.Uint64())
		f.insert(added[i])
	}
	if len(f.parts) < 2 {
		t.Fatalf("%d parts after %d keys, want the filter to have grown", len(f.parts), len(added))
	}
	has := func(k int64) bool {
		for j := range f.parts {
			if f.parts[j].has(k) {
				return true
			}
		}
		return false
	}
	for _, k := range added {
		if !has(k) {
			t.Fatalf("key %d was added but is not found", k)
		}
	}
	var wrong int
	const others = 300_000
	for range others {
		if has(int64(r.Uint64())) {
			wrong++
		}
	}
	// each part stays under 1%; a key is asked of every part
	if rate := float64(wrong) / others; rate > 0.02*float64(len(f.parts)) {
		t.Errorf("%.2f%% of keys never added were found", 100*rate)
	}
}

// TestKeyFilter_CatchesUp: a filter that saw this ledger up to an event adds
// the events after it; a filter that saw another ledger (the event at its
// head has another hash, or the head moved back) is loaded again. Either
// way, every event sent again is a duplicate.
func TestKeyFilter_CatchesUp(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "l.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := lotledger.WithUser(context.Background(), "tester")
	var doc []byte
	{
		var b []byte
		b = append(b, `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[`...)
		for i := range 200 {
			if i > 0 {
				b = append(b, ',')
			}
			b = fmt.Appendf(b, `{"type":"ObjectEvent","eventTime":"2026-03-01T08:00:%02d.%03dZ","eventTimeZoneOffset":"+00:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.%d"]}`, i/60, i%1000, i)
		}
		doc = append(b, `]}}`...)
	}
	capture := func() *epcis.CaptureJob {
		t.Helper()
		d, err := epcis.DecodeDocument(doc)
		if err != nil {
			t.Fatal(err)
		}
		job, err := s.Capture(ctx, d, CaptureOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return job
	}
	if job := capture(); job.Stored != 200 {
		t.Fatalf("first capture: %+v", job)
	}
	hashAt := func(seq int64) string {
		var h string
		if err := s.rdb.QueryRow(`SELECT hash FROM events WHERE seq = $1`, seq).Scan(&h); err != nil {
			t.Fatal(err)
		}
		return h
	}
	keysUpTo := func(seq int64) bloom {
		b := newBloom(0)
		rows, err := s.rdb.Query(`SELECT event_id FROM events WHERE seq <= $1`, seq)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			rows.Scan(&id)
			b.add(eventKey(id))
		}
		return b
	}
	for _, c := range []struct {
		name  string
		set   func()
		loads int // loaded whole since the case began
	}{
		{"this ledger, behind", func() { s.keys.parts, s.keys.head, s.keys.hash = []bloom{keysUpTo(120)}, 120, hashAt(120) }, 0},
		{"another ledger, behind", func() { s.keys.parts, s.keys.head, s.keys.hash = []bloom{newBloom(0)}, 120, "another ledger" }, 1},
		{"another ledger, ahead", func() { s.keys.parts, s.keys.head, s.keys.hash = []bloom{newBloom(0)}, 5000, "another ledger" }, 1},
		{"the same head, another hash", func() { s.keys.parts, s.keys.hash = []bloom{newBloom(0)}, "another ledger" }, 1},
		{"an empty ledger", func() { s.keys.parts, s.keys.head, s.keys.hash = []bloom{newBloom(0)}, 0, "" }, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.set()
			before := s.keys.loaded
			if job := capture(); job.Stored != 0 || job.Duplicates != 200 {
				t.Fatalf("sent again: %d stored, %d duplicates", job.Stored, job.Duplicates)
			}
			if got := s.keys.loaded - before; got != c.loads {
				t.Errorf("loaded whole %d times, want %d", got, c.loads)
			}
		})
	}
}
