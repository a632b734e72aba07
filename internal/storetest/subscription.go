package storetest

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"lotledger"
	"lotledger/store"
)

// testSubscriptions checks named queries and the store's side of
// subscriptions: what a report holds, and that a subscription moves along
// the ledger only as reports are recorded.
func testSubscriptions(t *testing.T, open Opener) {
	t.Run("NamedQueries", func(t *testing.T) {
		s := newWorld(t, open).s
		q := must(s.SaveEPCISQuery(ctx, "shipments", map[string][]string{"EQ_bizStep": {"shipping"}, "orderBy": {"eventTime"}}))(t)
		if q.CreatedBy != "tester" || !q.CreatedAt.Equal(fixedNow()) {
			t.Errorf("saved = %+v", q)
		}
		_, err := s.SaveEPCISQuery(ctx, "shipments", map[string][]string{})
		wantError(t, err, lotledger.ECONFLICT, "name")
		_, err = s.SaveEPCISQuery(ctx, "bad", map[string][]string{"EQ_nothing": {"x"}})
		wantError(t, err, lotledger.EINVALID, "query.EQ_nothing")
		_, err = s.SaveEPCISQuery(ctx, "bad", map[string][]string{"GE_eventTime": {"yesterday"}})
		wantError(t, err, lotledger.EINVALID, "query.GE_eventTime")
		_, err = s.SaveEPCISQuery(ctx, "a/b", map[string][]string{})
		wantError(t, err, lotledger.EINVALID, "name")
		_, err = s.SaveEPCISQuery(ctx, "none", nil)
		wantError(t, err, lotledger.EINVALID, "query")
		must(s.SaveEPCISQuery(ctx, "all", map[string][]string{}))(t)

		all := must(s.EPCISQueries(ctx))(t)
		if len(all) != 2 || all[0].Name != "all" || all[1].Name != "shipments" || !slices.Equal(all[1].Query["EQ_bizStep"], []string{"shipping"}) {
			t.Errorf("queries = %+v", all)
		}
		sub := must(s.Subscribe(ctx, lotledger.EPCISSubscription{Query: "shipments", Dest: "https://partner.example/hook", Stream: true}))(t)
		wantError(t, s.DeleteEPCISQuery(ctx, "nothing"), lotledger.ENOTFOUND, "queryName")
		if err := s.DeleteEPCISQuery(ctx, "shipments"); err != nil {
			t.Fatal(err)
		}
		_, err = s.EPCISNamedQuery(ctx, "shipments")
		wantError(t, err, lotledger.ENOTFOUND, "queryName")
		_, err = s.Subscription(ctx, "shipments", sub.ID)
		wantError(t, err, lotledger.ENOTFOUND, "subscriptionID")
		_, err = s.Subscribe(ctx, lotledger.EPCISSubscription{Query: "shipments", Dest: "https://partner.example/hook", Stream: true})
		wantError(t, err, lotledger.ENOTFOUND, "queryName")
		_, err = s.Subscribe(ctx, lotledger.EPCISSubscription{Query: "all", Dest: "ftp://partner.example/", Stream: true})
		wantError(t, err, lotledger.EINVALID, "dest")
	})

	t.Run("StreamReportsWhatFollows", func(t *testing.T) {
		w := newEPCISWorld(t, open) // six events, recorded before the subscription
		s := w.s
		must(s.SaveEPCISQuery(ctx, "dc1", map[string][]string{"MATCH_epcClass": {"https://id.gs1.org/01/00614141000036/10/L2"}, "orderBy": {"eventTime"}}))(t)
		sub := must(s.Subscribe(ctx, lotledger.EPCISSubscription{Query: "dc1", Dest: "https://partner.example/hook", Stream: true}))(t)
		now := fixedNow().Add(time.Minute)
		if due := must(s.DueSubscriptions(ctx, now, 10))(t); len(due) != 0 {
			t.Fatalf("due with no new event: %+v", due)
		}
		// Three new events: two of lot L2 (a receipt and a shipment), one not.
		w.record("r4", must(s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1", Time: "2026-03-07T08:00:00Z",
			Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: "L2", Quantity: "5"}}}))(t))
		w.record("r5", must(s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT-RAW", Time: "2026-03-07T09:00:00Z",
			Lines: []lotledger.ReceiptLine{{SKU: "SALT", Lot: "S2", Quantity: "5"}}}))(t))
		w.record("ship2", must(s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE2", Time: "2026-03-01T08:00:00Z",
			Lines: []lotledger.Line{{SKU: "PB16", Lot: "L2", Quantity: "1"}}}))(t))
		due := must(s.DueSubscriptions(ctx, now, 10))(t)
		if len(due) != 1 || due[0].ID != sub.ID {
			t.Fatalf("due = %+v", due)
		}
		// Reports follow the ledger (not the query's orderBy), a page at a time.
		events, through, more, err := s.SubscriptionReport(ctx, due[0], 1)
		if err != nil || !more || !slices.Equal(w.names(events), []string{"r4"}) {
			t.Fatalf("first report = %v more %v err %v", w.names(events), more, err)
		}
		if err := s.MarkReported(ctx, sub.ID, sub.After, through, true, now, now); err != nil {
			t.Fatal(err)
		}
		// A second worker still holding the old position moves nothing.
		wantError(t, s.MarkReported(ctx, sub.ID, sub.After, through, true, now, now), lotledger.ECONFLICT, "subscriptionID")
		cur := must(s.Subscription(ctx, "dc1", sub.ID))(t)
		if cur.After != through || cur.LastDelivered == nil {
			t.Fatalf("after the first report: %+v", cur)
		}
		events, through, more, err = s.SubscriptionReport(ctx, *cur, 10)
		if err != nil || more || !slices.Equal(w.names(events), []string{"ship2"}) {
			t.Fatalf("second report = %v more %v err %v", w.names(events), more, err)
		}
		// A failed report keeps the position: the events wait.
		wantNil(t, s.MarkReportFailed(ctx, sub.ID, errString("webhook answered 503"), now.Add(30*time.Second)))
		cur = must(s.Subscription(ctx, "dc1", sub.ID))(t)
		if cur.Attempts != 1 || cur.LastError != "webhook answered 503" || cur.After != sub.After+1 {
			t.Fatalf("after a failure: %+v", cur)
		}
		if due := must(s.DueSubscriptions(ctx, now, 10))(t); len(due) != 0 {
			t.Fatalf("due before its retry: %+v", due)
		}
		wantNil(t, s.MarkReported(ctx, sub.ID, cur.After, through, true, now, now))
		if due := must(s.DueSubscriptions(ctx, now, 10))(t); len(due) != 0 {
			t.Fatalf("due with everything reported: %+v", due)
		}
		if cur = must(s.Subscription(ctx, "dc1", sub.ID))(t); cur.Attempts != 0 || cur.LastError != "" || cur.After != through {
			t.Fatalf("after the retry: %+v", cur)
		}
	})

	t.Run("ReportsAnEventDeclaredInErrorAgain", func(t *testing.T) {
		w := newWorld(t, open)
		opt := store.CaptureOptions{CreateLots: true}
		id := "urn:uuid:11111111-1111-4111-8111-111111111111"
		must(w.s.SaveEPCISQuery(ctx, "receipts", map[string][]string{"EQ_bizStep": {"receiving"}}))(t)
		sub := must(w.s.Subscribe(ctx, lotledger.EPCISSubscription{Query: "receipts", Dest: "https://partner.example/hook", Stream: true}))(t)
		must(w.s.Capture(ctx, epcisDoc(t, receivingEvent(id, "C1", "100")), opt))(t)
		events, through, _, err := w.s.SubscriptionReport(ctx, *sub, 10)
		if err != nil || len(events) != 1 || strings.Contains(string(events[0]), "errorDeclaration") {
			t.Fatalf("first report = %s, %v", events, err)
		}
		wantNil(t, w.s.MarkReported(ctx, sub.ID, sub.After, through, true, fixedNow(), fixedNow()))
		// The partner has the receipt; then it is declared in error.
		decl := strings.TrimSuffix(strings.TrimSpace(receivingEvent(id, "C1", "100")), "}") +
			`,"errorDeclaration":{"declarationTime":"2026-03-10T09:00:00Z","reason":"incorrect_data"}}`
		must(w.s.Capture(ctx, epcisDoc(t, decl), opt))(t)
		cur := must(w.s.Subscription(ctx, "receipts", sub.ID))(t)
		events, _, more, err := w.s.SubscriptionReport(ctx, *cur, 10)
		if err != nil || more || len(events) != 1 || !strings.Contains(string(events[0]), id) || !strings.Contains(string(events[0]), "incorrect_data") {
			t.Fatalf("report after the declaration = %s, %v; want the receipt again with its declaration", events, err)
		}
	})

	t.Run("InitialRecordTimeAndSchedule", func(t *testing.T) {
		var mu sync.Mutex
		clock := fixedNow()
		now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
		set := func(t time.Time) { mu.Lock(); clock = t; mu.Unlock() }
		s := open(t, now)
		must(s.CreateItem(ctx, lotledger.Item{SKU: "SALT", Name: "Salt", UOM: "KGM"}))(t)
		must(s.CreateLocation(ctx, lotledger.Location{Code: "WH", Name: "Warehouse"}))(t)
		must(s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Farm", Kind: lotledger.PartySupplier}))(t)
		receive := func(lot string) string {
			return must(s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "WH",
				Lines: []lotledger.ReceiptLine{{SKU: "SALT", Lot: lot, Quantity: "1"}}}))(t).ID
		}
		receive("A") // recorded 12:00
		set(fixedNow().Add(time.Hour))
		b := receive("B") // recorded 13:00
		set(fixedNow().Add(2 * time.Hour))
		must(s.SaveEPCISQuery(ctx, "receipts", map[string][]string{"EQ_bizStep": {"receiving"}}))(t)
		sub := must(s.Subscribe(ctx, lotledger.EPCISSubscription{Query: "receipts", Dest: "https://partner.example/hook",
			Schedule: &lotledger.EPCISSchedule{Minute: "0"}, ReportIfEmpty: true, InitialRecordTime: fixedNow().Add(30 * time.Minute)}))(t)
		if want := fixedNow().Add(3 * time.Hour); !sub.NextRun.Equal(want) {
			t.Errorf("next run = %v, want %v", sub.NextRun, want)
		}
		if due := must(s.DueSubscriptions(ctx, now(), 10))(t); len(due) != 0 {
			t.Fatalf("due before its time: %+v", due)
		}
		due := must(s.DueSubscriptions(ctx, sub.NextRun, 10))(t)
		if len(due) != 1 {
			t.Fatalf("due at its time = %+v", due)
		}
		events, _, more, err := s.SubscriptionReport(ctx, due[0], 10)
		w := &epcisWorld{world: &world{t: t, s: s}, ids: map[string]string{"B": b}}
		if err != nil || more || !slices.Equal(w.names(events), []string{"B"}) {
			t.Fatalf("report from 12:30 = %s more %v err %v; want receipt B only", events, more, err)
		}
	})
}

type errString string

func (e errString) Error() string { return string(e) }

func wantNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
