package store_test

import (
	"strings"
	"testing"
	"time"

	"lotledger"
	"lotledger/epcis"
	"lotledger/store"
)

// TestRecordTime_NeverGoesBack: two processes share a ledger, and the
// second one's clock is an hour behind the first's. What the second records
// after the first is recorded no earlier than the first's events, so a
// partner polling with GE_recordTime set to the last record time it saw gets
// every later event. The first process's clock is then set back an hour as
// well, and its next events are still not recorded before the last.
func TestRecordTime_NeverGoesBack(t *testing.T) {
	ahead := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	clockA := ahead
	behind := func() time.Time { return ahead.Add(-time.Hour) }
	asTwoProcessesAt(t, func() time.Time { return clockA }, behind, func(t *testing.T, a, b *store.Store) {
		clockA = ahead
		ctx := benchWorld(t, a)
		capture := func(s *store.Store, doc int) {
			t.Helper()
			d, err := epcis.DecodeDocument(captureDocument(doc*10, 10))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Capture(ctx, d, store.CaptureOptions{CreateLots: true}); err != nil {
				t.Fatalf("document %d: %v", doc, err)
			}
		}
		capture(a, 0)
		// The partner has read everything so far; the last record time it
		// saw is the first process's clock.
		since := ahead.Format(time.RFC3339Nano)
		capture(b, 1)
		clockA = ahead.Add(-time.Hour)
		capture(a, 2)
		if _, err := a.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1", Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: "NATIVE-1", Quantity: "5"}}}); err != nil {
			t.Fatal(err)
		}

		res, err := b.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: map[string][]string{"GE_recordTime": {since}}, PerPage: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Events) != 31 {
			t.Fatalf("GE_recordTime=%s found %d events; want all 31 recorded since", since, len(res.Events))
		}
		for i, ev := range res.Events {
			rt := recordTimeOf(t, ev)
			if rt.Before(ahead) {
				t.Fatalf("event %d recorded at %s, before the ledger's last record time %s", i, rt, ahead)
			}
		}
		if last := recordTimeOf(t, res.Events[len(res.Events)-1]); !last.Equal(ahead) {
			t.Errorf("the native receipt was recorded at %s; want %s, the last record time, not its clock's", last, ahead)
		}
	})
}

func recordTimeOf(t *testing.T, ev []byte) time.Time {
	t.Helper()
	const key = `"recordTime":"`
	s := string(ev)
	i := strings.Index(s, key)
	if i < 0 {
		t.Fatalf("no recordTime in %s", s)
	}
	s = s[i+len(key):]
	rt, err := time.Parse(time.RFC3339Nano, s[:strings.IndexByte(s, '"')])
	if err != nil {
		t.Fatal(err)
	}
	return rt
}
