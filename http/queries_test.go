package http_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"lotledger"
	"lotledger/epcis"
	lhttp "lotledger/http"
	"lotledger/notify"
	"lotledger/store"
)

var _ lhttp.Queries = (*store.Store)(nil)
var _ notify.Subscriptions = (*store.Store)(nil)

// partnerHook is a trading partner's webhook: it keeps what it is sent and
// answers status (200 unless a test sets it).
type partnerHook struct {
	mu       sync.Mutex
	status   int
	reports  []report
	received int
	srv      *httptest.Server
}

type report struct {
	header http.Header
	body   []byte
	doc    queryDoc
}

func newPartnerHook(t *testing.T) *partnerHook {
	h := &partnerHook{status: 200}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.received++
		if h.status == 200 {
			rep := report{header: r.Header.Clone(), body: body}
			if err := json.Unmarshal(body, &rep.doc); err != nil {
				t.Errorf("report is not JSON: %v: %s", err, body)
			}
			h.reports = append(h.reports, rep)
		}
		w.WriteHeader(h.status)
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *partnerHook) set(status int) { h.mu.Lock(); h.status = status; h.mu.Unlock() }

func (h *partnerHook) take() []report {
	h.mu.Lock()
	defer h.mu.Unlock()
	r := h.reports
	h.reports = nil
	return r
}

// mustQueriesServer starts the API with EPCIS queries and subscriptions
// over a fresh SQLite store, and returns the store for a Reporter.
func mustQueriesServer(t *testing.T) (*httptest.Server, *store.Store) {
	t.Helper()
	st := mustStore(t)
	ts, _ := mustServe(t, st, lhttp.Options{EPCIS: st, Queries: st})
	return ts, st
}

func TestSubscription_StreamReportsShipmentsToTheWebhook(t *testing.T) {
	ts, st := mustQueriesServer(t)
	seed(t, ts) // a receipt, before the subscription: not reported
	hook := newPartnerHook(t)

	res := do(t, ts, "POST", "/epcis/queries", `{"name":"shipments","query":{"@context":[],"EQ_bizStep":["shipping"],"eventType":["ObjectEvent"]}}`)
	var q lotledger.EPCISNamedQuery
	res.want(t, 201, &q)
	if loc := res.header.Get("Location"); loc != "/epcis/queries/shipments" || q.Name != "shipments" {
		t.Fatalf("Location = %q, query = %+v", loc, q)
	}
	res = do(t, ts, "POST", "/epcis/queries/shipments/subscriptions", `{"dest":"`+hook.srv.URL+`/epcis","stream":true,"signatureToken":"s3cret"}`)
	var sub lotledger.EPCISSubscription
	res.want(t, 201, &sub)
	if sub.ID == "" || res.header.Get("Location") != "/epcis/queries/shipments/subscriptions/"+sub.ID || strings.Contains(string(res.body), "s3cret") {
		t.Fatalf("subscription = %s, Location %q", res.body, res.header.Get("Location"))
	}

	clock := testNow
	rep := notify.NewReporter(st, notify.ReporterConfig{Events: 2, Now: func() time.Time { return clock }})
	reportDue := func(want int) {
		t.Helper()
		if n, err := rep.ReportDue(context.Background()); err != nil || n != want {
			t.Fatalf("ReportDue = %d %v, want %d", n, err, want)
		}
	}
	reportDue(0)
	var shipped []string
	for i := range 3 {
		var r lotledger.Result
		do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","reference":"INV-`+string(rune('1'+i))+`",
			"lines":[{"sku":"PB-JAR","lot":"L1","quantity":"1"}]}`).want(t, 201, &r)
		shipped = append(shipped, r.ID)
	}
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH2","lines":[{"sku":"PEANUTS","lot":"P2","quantity":"5"}]}`).want(t, 201, nil)

	// The partner's webhook is down: nothing is lost, the retry waits.
	hook.set(503)
	reportDue(0)
	var cur lotledger.EPCISSubscription
	do(t, ts, "GET", "/epcis/queries/shipments/subscriptions/"+sub.ID, "").want(t, 200, &cur)
	if cur.Attempts != 1 || !strings.Contains(cur.LastError, "503") || !cur.NextRun.Equal(testNow.Add(30*time.Second)) {
		t.Fatalf("after a failure: %+v", cur)
	}
	hook.set(200)
	reportDue(0) // not yet due
	clock = clock.Add(30 * time.Second)
	reportDue(2) // two reports: 2 events, then 1

	reports := hook.take()
	var got []string
	for _, r := range reports {
		if r.doc.EPCISBody.QueryResults.QueryName != "shipments" || r.doc.EPCISBody.QueryResults.SubscriptionID != sub.ID || r.doc.Type != "EPCISQueryDocument" {
			t.Errorf("report envelope: %s", r.body)
		}
		if err := notify.Verify("s3cret", r.header.Get(notify.HeaderTimestamp), r.header.Get(notify.HeaderSignature), r.body, clock, 0); err != nil {
			t.Errorf("signature: %v", err)
		}
		if r.header.Get(notify.HeaderSubscription) != sub.ID || r.header.Get("GS1-EPCIS-Version") != "2.0.0" || r.header.Get("GS1-EPC-Format") != "Always_GS1_Digital_Link" {
			t.Errorf("headers: %v", r.header)
		}
		got = append(got, r.doc.eventIDs()...)
	}
	if len(reports) != 2 || !slices.Equal(got, shipped) {
		t.Fatalf("reported %d reports of %v, want the shipments %v in ledger order", len(reports), got, shipped)
	}
	reportDue(0) // nothing new: nothing is sent twice
	cur = lotledger.EPCISSubscription{}
	do(t, ts, "GET", "/epcis/queries/shipments/subscriptions/"+sub.ID, "").want(t, 200, &cur)
	if cur.Attempts != 0 || cur.LastError != "" || cur.LastDelivered == nil {
		t.Errorf("after the reports: %+v", cur)
	}

	// The named query's events, read by the partner itself.
	var doc queryDoc
	do(t, ts, "GET", "/epcis/queries/shipments/events?perPage=10", "").want(t, 200, &doc)
	if doc.EPCISBody.QueryResults.QueryName != "shipments" || len(doc.eventIDs()) != 3 {
		t.Errorf("named query's events: %+v", doc)
	}

	do(t, ts, "DELETE", "/epcis/queries/shipments/subscriptions/"+sub.ID, "").want(t, 204, nil)
	p := do(t, ts, "GET", "/epcis/queries/shipments/subscriptions/"+sub.ID, "").wantProblem(t, 404, "not_found", "subscriptionID")
	if p.Type != "epcisException:NoSuchResourceException" {
		t.Errorf("type = %q", p.Type)
	}
}

func TestSubscription_ScheduledReportComesOnTime(t *testing.T) {
	ts, st := mustQueriesServer(t)
	seed(t, ts) // recorded at testNow (09:30)
	hook := newPartnerHook(t)
	do(t, ts, "POST", "/epcis/queries", `{"name":"receipts","query":{"EQ_bizStep":["receiving"]}}`).want(t, 201, nil)
	var sub lotledger.EPCISSubscription
	do(t, ts, "POST", "/epcis/queries/receipts/subscriptions", `{"dest":"`+hook.srv.URL+`","schedule":{"hour":"2"},
		"reportIfEmpty":true,"initialRecordTime":"2025-06-01T00:00:00Z"}`).want(t, 201, &sub)
	nextRun := time.Date(2025, 6, 3, 2, 0, 0, 0, time.UTC)
	if !sub.NextRun.Equal(nextRun) || sub.Stream {
		t.Fatalf("subscription = %+v", sub)
	}
	clock := testNow
	rep := notify.NewReporter(st, notify.ReporterConfig{Now: func() time.Time { return clock }})
	if n, _ := rep.ReportDue(context.Background()); n != 0 {
		t.Fatalf("reported before 02:00")
	}
	clock = nextRun
	if n, err := rep.ReportDue(context.Background()); n != 1 || err != nil {
		t.Fatalf("ReportDue at 02:00 = %d %v", n, err)
	}
	if r := hook.take(); len(r) != 1 || len(r[0].doc.eventIDs()) != 1 {
		t.Fatalf("report = %+v, want the seed's receipt", r)
	}
	// The next night, with nothing new, reportIfEmpty still reports.
	clock = nextRun.Add(24 * time.Hour)
	if n, err := rep.ReportDue(context.Background()); n != 1 || err != nil {
		t.Fatalf("ReportDue the next night = %d %v", n, err)
	}
	if r := hook.take(); len(r) != 1 || len(r[0].doc.eventIDs()) != 0 {
		t.Fatalf("empty report = %+v", r)
	}
	var cur lotledger.EPCISSubscription
	do(t, ts, "GET", "/epcis/queries/receipts/subscriptions/"+sub.ID, "").want(t, 200, &cur)
	if !cur.NextRun.Equal(nextRun.Add(48 * time.Hour)) {
		t.Errorf("next run = %v", cur.NextRun)
	}
}

func TestQueries_BadInputNamesTheField(t *testing.T) {
	ts, _ := mustQueriesServer(t)
	do(t, ts, "POST", "/epcis/queries", `{"name":"ok","query":{"GE_eventTime":"2026-01-01T00:00:00Z","GT_shelfLife":5}}`).
		wantProblem(t, 400, "invalid", "query.GT_shelfLife")
	do(t, ts, "POST", "/epcis/queries", `{"name":"ok","query":{"EQ_bizStep":[1]}}`).wantProblem(t, 400, "invalid", "query.EQ_bizStep")
	do(t, ts, "POST", "/epcis/queries", `{"name":"a b","query":{}}`).wantProblem(t, 400, "invalid", "name")
	do(t, ts, "POST", "/epcis/queries", `{"name":"ok"}`).wantProblem(t, 400, "invalid", "query")
	do(t, ts, "POST", "/epcis/queries", `{"name":"ok","query":{},"extra":1}`).wantProblem(t, 400, "invalid", "extra")
	do(t, ts, "POST", "/epcis/queries", `{"name":"ok","query":{"GE_eventTime":"2026-01-01T00:00:00Z"}}`).want(t, 201, nil)
	do(t, ts, "POST", "/epcis/queries", `{"name":"cold-chain","query":{"GT_maxValue_CEL":8}}`).want(t, 201, nil) // a number
	do(t, ts, "DELETE", "/epcis/queries/cold-chain", "").want(t, 204, nil)
	p := do(t, ts, "POST", "/epcis/queries", `{"name":"ok","query":{}}`).wantProblem(t, 409, "conflict", "name")
	if p.Type != "epcisException:ResourceAlreadyExistsException" {
		t.Errorf("409 type = %q", p.Type)
	}
	var all []lotledger.EPCISNamedQuery
	do(t, ts, "GET", "/epcis/queries", "").want(t, 200, &all)
	if len(all) != 1 || all[0].Query["GE_eventTime"][0] != "2026-01-01T00:00:00Z" {
		t.Errorf("queries = %+v", all)
	}
	do(t, ts, "GET", "/epcis/queries/ok/events?EQ_bizStep=shipping", "").wantProblem(t, 400, "invalid", "EQ_bizStep")
	do(t, ts, "GET", "/epcis/queries/nothing/events", "").wantProblem(t, 404, "not_found", "queryName")

	subs := "/epcis/queries/ok/subscriptions"
	p = do(t, ts, "POST", subs, `{"stream":true}`).wantProblem(t, 400, "invalid", "dest")
	if p.Type != "epcisException:SubscriptionControlsException" {
		t.Errorf("400 type = %q", p.Type)
	}
	do(t, ts, "POST", subs, `{"dest":"https://p.example/h"}`).wantProblem(t, 400, "invalid", "schedule")
	do(t, ts, "POST", subs, `{"dest":"https://p.example/h","stream":true,"schedule":{"hour":"1"}}`).wantProblem(t, 400, "invalid", "schedule")
	do(t, ts, "POST", subs, `{"dest":"https://p.example/h","schedule":{"hour":"25"}}`).wantProblem(t, 400, "invalid", "schedule.hour")
	do(t, ts, "POST", subs, `{"dest":"https://p.example/h","stream":true,"initialRecordTime":"yesterday"}`).wantProblem(t, 400, "invalid", "initialRecordTime")
	do(t, ts, "POST", "/epcis/queries/nothing/subscriptions", `{"dest":"https://p.example/h","stream":true}`).wantProblem(t, 404, "not_found", "queryName")

	var sub lotledger.EPCISSubscription
	do(t, ts, "POST", subs, `{"dest":"https://p.example/h","stream":true}`).want(t, 201, &sub)
	var list []lotledger.EPCISSubscription
	do(t, ts, "GET", subs, "").want(t, 200, &list)
	if len(list) != 1 || list[0].ID != sub.ID {
		t.Errorf("subscriptions = %+v", list)
	}
	// Deleting the query deletes its subscriptions.
	do(t, ts, "DELETE", "/epcis/queries/ok", "").want(t, 204, nil)
	do(t, ts, "GET", subs, "").wantProblem(t, 404, "not_found", "queryName")
	do(t, ts, "DELETE", "/epcis/queries/ok", "").wantProblem(t, 404, "not_found", "queryName")
}

func TestSubscription_BacklogIsSentWithoutWaitingForTheInterval(t *testing.T) {
	ts, st := mustQueriesServer(t)
	seed(t, ts)
	hook := newPartnerHook(t)
	do(t, ts, "POST", "/epcis/queries", `{"name":"all","query":{}}`).want(t, 201, nil)
	for i := range 24 {
		do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","reference":"INV-`+strconv.Itoa(i)+`",
			"lines":[{"sku":"PB-JAR","lot":"L1","quantity":"1"}]}`).want(t, 201, nil)
	}
	do(t, ts, "POST", "/epcis/queries/all/subscriptions", `{"dest":"`+hook.srv.URL+`","stream":true,"initialRecordTime":"2025-01-01T00:00:00Z"}`).want(t, 201, nil)
	// One event a report and an hour between passes: 25 reports, more than
	// one pass holds, arrive only if a pass with events left is followed at once.
	rep := notify.NewReporter(st, notify.ReporterConfig{Events: 1, Interval: time.Hour})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); rep.Run(ctx) }()
	defer func() { cancel(); <-done }()
	var got []string
	for deadline := time.Now().Add(30 * time.Second); len(got) < 25 && time.Now().Before(deadline); {
		for _, r := range hook.take() {
			got = append(got, r.doc.eventIDs()...)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(got) != 25 {
		t.Fatalf("%d events reported, want the 25 of the backlog", len(got))
	}
}

func TestSubscription_AnotherLotledgerCapturesTheReports(t *testing.T) {
	// A supplier's lotledger reports its shipments straight into its
	// customer's lotledger: the report, an EPCISQueryDocument, is what
	// POST /epcis/capture takes. The customer keeps the events it cannot
	// apply (the supplier's locations are not its own) and can query them.
	supplier, st := mustQueriesServer(t)
	seed(t, supplier)
	customerStore := mustStore(t)
	customer, _ := mustServe(t, customerStore, lhttp.Options{EPCIS: customerStore, Capture: customerStore,
		CaptureOptions: epcis.CaptureOptions{KeepUnknown: true}})
	do(t, supplier, "POST", "/epcis/queries", `{"name":"shipments","query":{"EQ_bizStep":["shipping"]}}`).want(t, 201, nil)
	do(t, supplier, "POST", "/epcis/queries/shipments/subscriptions", `{"dest":"`+customer.URL+`/epcis/capture","stream":true}`).want(t, 201, nil)
	var shipped lotledger.Result
	do(t, supplier, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","reference":"ASN-77",
		"lines":[{"sku":"PB-JAR","lot":"L1","quantity":"6"}]}`).want(t, 201, &shipped)

	rep := notify.NewReporter(st, notify.ReporterConfig{})
	if n, err := rep.ReportDue(context.Background()); n != 1 || err != nil {
		t.Fatalf("ReportDue = %d %v", n, err)
	}
	var doc queryDoc
	do(t, customer, "GET", "/epcis/events?EQ_eventID="+url.QueryEscape(shipped.ID), "").want(t, 200, &doc)
	if ids := doc.eventIDs(); len(ids) != 1 || ids[0] != shipped.ID {
		t.Fatalf("the customer's ledger has %v, want the supplier's shipment %s", ids, shipped.ID)
	}
}
