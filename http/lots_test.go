package http_test

import (
	"strconv"
	"strings"
	"testing"

	"lotledger"
)

func TestStock_Filters(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var page lotledger.Page[lotledger.StockRow]
	do(t, ts, "GET", "/api/v1/stock?location=WH1", "").want(t, 200, &page)
	if len(page.Items) != 2 {
		t.Fatalf("rows = %+v, want 2", page.Items)
	}
	do(t, ts, "GET", "/api/v1/stock?sku=PEANUTS&status=released", "").want(t, 200, &page)
	if len(page.Items) != 1 || page.Items[0].Quantity != lotledger.MustQuantity("500.5") || page.Items[0].UOM != "KGM" {
		t.Errorf("rows = %+v", page.Items)
	}
	do(t, ts, "GET", "/api/v1/stock?status=hold", "").want(t, 200, &page)
	if len(page.Items) != 0 {
		t.Errorf("held rows = %+v, want none", page.Items)
	}
}

func TestLots_Filters(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var page lotledger.Page[lotledger.Lot]
	do(t, ts, "GET", "/api/v1/lots", "").want(t, 200, &page)
	if len(page.Items) != 2 {
		t.Fatalf("lots = %+v", page.Items)
	}
	do(t, ts, "GET", "/api/v1/lots?supplier_lot=FARM-77", "").want(t, 200, &page)
	if len(page.Items) != 1 || page.Items[0].Code != "P1" {
		t.Errorf("by supplier lot = %+v", page.Items)
	}
	do(t, ts, "GET", "/api/v1/lots?sku=PB-JAR&expires_before=2026-07-01&status=released", "").want(t, 200, &page)
	if len(page.Items) != 1 || page.Items[0].Code != "L1" || page.Items[0].OnHand != lotledger.Units(100) {
		t.Errorf("expiring = %+v", page.Items)
	}
	do(t, ts, "GET", "/api/v1/lots?sku=PB-JAR&expires_before=2026-01-01", "").want(t, 200, &page)
	if len(page.Items) != 0 {
		t.Errorf("expiring before 2026 = %+v, want none", page.Items)
	}
}

func TestLot_DetailWithStockAndEvents(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var d lotledger.LotDetail
	do(t, ts, "GET", "/api/v1/lots/PB-JAR/L1", "").want(t, 200, &d)
	if d.SKU != "PB-JAR" || d.Code != "L1" || d.Expires != "2026-06-01" || d.Status != "released" {
		t.Errorf("lot = %+v", d.Lot)
	}
	if len(d.Stock) != 1 || d.Stock[0].Quantity != lotledger.Units(100) {
		t.Errorf("stock = %+v", d.Stock)
	}
	if len(d.Events) != 1 || d.Events[0].Kind != "receive" {
		t.Errorf("events = %+v", d.Events)
	}
	t.Run("NotFound", func(t *testing.T) {
		do(t, ts, "GET", "/api/v1/lots/PB-JAR/NOPE", "").wantProblem(t, 404, "not_found", "lot")
	})
}

func TestEvents_Filters(t *testing.T) {
	ts := MustServer(t)
	first := seed(t, ts)
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"1"}]}`).want(t, 201, nil)
	var page lotledger.Page[lotledger.Event]
	do(t, ts, "GET", "/api/v1/events", "").want(t, 200, &page)
	if len(page.Items) != 2 {
		t.Fatalf("events = %d, want 2", len(page.Items))
	}
	do(t, ts, "GET", "/api/v1/events?kind=ship", "").want(t, 200, &page)
	if len(page.Items) != 1 || page.Items[0].Kind != "ship" {
		t.Errorf("ship events = %+v", page.Items)
	}
	do(t, ts, "GET", "/api/v1/events?after_seq="+strconv.FormatInt(first.Seq, 10), "").want(t, 200, &page)
	if len(page.Items) != 1 || page.Items[0].Seq <= first.Seq {
		t.Errorf("after_seq events = %+v", page.Items)
	}
	do(t, ts, "GET", "/api/v1/events?sku=PEANUTS&lot=P1", "").want(t, 200, &page)
	if len(page.Items) != 1 || page.Items[0].Kind != "receive" {
		t.Errorf("events of P1 = %+v", page.Items)
	}
	do(t, ts, "GET", "/api/v1/events?limit=1", "").want(t, 200, &page)
	if len(page.Items) != 1 || page.Next == "" {
		t.Errorf("limit=1: %d events, next %q", len(page.Items), page.Next)
	}
}

func TestQuery_BadParametersAre400NamingThem(t *testing.T) {
	ts := MustServer(t)
	for _, tc := range []struct{ path, field string }{
		{"/api/v1/items?limit=0", "limit"},
		{"/api/v1/locations?limit=-1", "limit"},
		{"/api/v1/parties?limit=ten", "limit"},
		{"/api/v1/stock?limit=1.5", "limit"},
		{"/api/v1/stock?status=lost", "status"},
		{"/api/v1/lots?status=lost", "status"},
		{"/api/v1/lots?expires_before=2026-13-01", "expires_before"},
		{"/api/v1/lots?expires_before=tomorrow", "expires_before"},
		{"/api/v1/events?after_seq=x", "after_seq"},
		{"/api/v1/events?after_seq=-1", "after_seq"},
		{"/api/v1/events?kind=teleport", "kind"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			do(t, ts, "GET", tc.path, "").wantProblem(t, 400, "invalid", tc.field)
		})
	}
}

func TestVerify_ReportsAnIntactChain(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var rep lotledger.VerifyReport
	do(t, ts, "GET", "/api/v1/ledger/verify", "").want(t, 200, &rep)
	if !rep.OK || rep.Events == 0 {
		t.Fatalf("report %+v", rep)
	}
}

func TestTrace_ForwardAndBadDepth(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/productions", `{"location":"WH1","inputs":[{"sku":"PEANUTS","lot":"P1","quantity":"100"}],"outputs":[{"sku":"PB-JAR","lot":"J9","quantity":"200"}]}`).want(t, 201, nil)
	var tr lotledger.Trace
	do(t, ts, "GET", "/api/v1/lots/PEANUTS/P1/trace?direction=forward", "").want(t, 200, &tr)
	if len(tr.Lots) != 2 || tr.Lots[1].Code != "J9" || len(tr.Links) != 1 || tr.Links[0].Quantity != lotledger.Units(100) {
		t.Fatalf("trace %+v", tr)
	}
	do(t, ts, "GET", "/api/v1/lots/PEANUTS/P1/trace?depth=-1", "").wantProblem(t, 400, "invalid", "depth")
	do(t, ts, "GET", "/api/v1/lots/PEANUTS/P1/trace?direction=up", "").wantProblem(t, 400, "invalid", "direction")
	do(t, ts, "GET", "/api/v1/lots/PEANUTS/NOPE/trace", "").wantProblem(t, 404, "not_found", "lot")
}

func TestScope_ForwardFromMemory(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/productions", `{"location":"WH1","inputs":[{"sku":"PEANUTS","lot":"P1","quantity":"100"}],"outputs":[{"sku":"PB-JAR","lot":"J9","quantity":"200"}]}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"J9","quantity":"15"}]}`).want(t, 201, nil)
	var sc lotledger.Scope
	do(t, ts, "GET", "/api/v1/lots/PEANUTS/P1/scope", "").want(t, 200, &sc)
	if len(sc.Lots) != 2 || sc.Lots[1].Lot != "P1" || len(sc.Customers) != 1 || sc.Customers[0].Quantity != lotledger.Units(15) {
		t.Fatalf("scope %+v", sc)
	}
	do(t, ts, "GET", "/api/v1/lots/PEANUTS/P1/scope?direction=up", "").wantProblem(t, 400, "invalid", "direction")
	do(t, ts, "GET", "/api/v1/lots/PEANUTS/NOPE/scope", "").wantProblem(t, 404, "not_found", "lot")
}

func TestRecall_StartsAndReportsAsCSV(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","reference":"SO-7","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"10"}]}`).want(t, 201, nil)
	var rec lotledger.Recall
	res := do(t, ts, "POST", "/api/v1/recalls", `{"lots":[{"sku":"PB-JAR","lot":"L1"}],"reason":"foreign matter"}`)
	res.want(t, 201, &rec)
	if res.header.Get("Location") != "/api/v1/recalls/"+rec.ID || rec.Totals.Lots != 1 || len(rec.Customers) != 1 {
		t.Fatalf("recall %+v", rec)
	}
	csv := do(t, ts, "GET", "/api/v1/recalls/"+rec.ID+"?format=csv", "")
	if csv.status != 200 || !strings.Contains(string(csv.body), "CUST1,Store 9,,PB-JAR,L1,10,") || !strings.Contains(string(csv.body), "SO-7") {
		t.Fatalf("csv %d %s", csv.status, csv.body)
	}
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"1"}]}`).wantProblem(t, 409, "lot_blocked", "lines[0].lot")
	do(t, ts, "POST", "/api/v1/recalls/"+rec.ID+"/recoveries", `{"customer":"CUST1","sku":"PB-JAR","lot":"L1","quantity":"4","kind":"returned"}`).want(t, 201, &rec)
	if len(rec.Recoveries) != 1 || rec.Effectiveness["EA"] != 0.94 {
		t.Fatalf("recovery %+v effectiveness %v", rec.Recoveries, rec.Effectiveness)
	}
	do(t, ts, "POST", "/api/v1/recalls/"+rec.ID+"/close", `{"reason":"done"}`).want(t, 200, &rec)
	do(t, ts, "POST", "/api/v1/recalls/"+rec.ID+"/recoveries", `{"customer":"CUST1","sku":"PB-JAR","lot":"L1","quantity":"1","kind":"returned"}`).wantProblem(t, 409, "conflict", "id")
	do(t, ts, "POST", "/api/v1/recalls", `{"lots":[],"reason":"x"}`).wantProblem(t, 400, "invalid", "lots")
	var list lotledger.Page[lotledger.RecallSummary]
	do(t, ts, "GET", "/api/v1/recalls?mock=false", "").want(t, 200, &list)
	if len(list.Items) != 1 || list.Items[0].ID != rec.ID || list.Items[0].Status != "closed" {
		t.Fatalf("recalls %+v", list.Items)
	}
	do(t, ts, "GET", "/api/v1/recalls?mock=maybe", "").wantProblem(t, 400, "invalid", "mock")
	do(t, ts, "GET", "/api/v1/recalls/RC-none", "").wantProblem(t, 404, "not_found", "id")
}

func TestPublicLot_ConsumerSeesTheRecall(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-GTIN","name":"Creamy peanut butter 16 oz","uom":"EA","gtin":"00614141000036"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-GTIN","lot":"J1","quantity":"5","expires":"2026-05-31"}]}`).want(t, 201, nil)
	page := do(t, ts, "GET", "/01/00614141000036/10/J1", "")
	if page.status != 200 || !strings.Contains(string(page.body), "No recall for this lot") {
		t.Fatalf("before the recall: %d %s", page.status, page.body)
	}
	do(t, ts, "POST", "/api/v1/recalls", `{"lots":[{"sku":"PB-GTIN","lot":"J1"}],"reason":"Possible Salmonella"}`).want(t, 201, nil)
	page = do(t, ts, "GET", "/01/00614141000036/10/J1", "")
	if !strings.Contains(string(page.body), "This lot is recalled") || !strings.Contains(string(page.body), "Possible Salmonella") ||
		!strings.HasPrefix(page.header.Get("Content-Type"), "text/html") {
		t.Fatalf("after the recall: %s", page.body)
	}
	var p lotledger.PublicLot
	do(t, ts, "GET", "/01/00614141000036/10/J1", "", "Accept", "application/json").want(t, 200, &p)
	if !p.Recalled || p.Product != "Creamy peanut butter 16 oz" {
		t.Fatalf("json %+v", p)
	}
	unknown := do(t, ts, "GET", "/01/00614141000036/10/NOPE", "")
	if unknown.status != 404 || !strings.Contains(string(unknown.body), "We do not know this lot") {
		t.Fatalf("unknown lot: %d %s", unknown.status, unknown.body)
	}
	if bad := do(t, ts, "GET", "/01/00614141000037/10/J1", ""); bad.status != 404 || !strings.Contains(string(bad.body), "We do not know this lot") {
		t.Fatalf("bad GTIN: %d", bad.status)
	}
	do(t, ts, "GET", "/01/00614141000036/10/NOPE", "", "Accept", "application/json").wantProblem(t, 404, "not_found", "lot")
	// The Digital Link may carry the expiry (AI 17) and other attributes; they are ignored.
	if page := do(t, ts, "GET", "/01/00614141000036/10/J1?17=260531&foo=1", ""); page.status != 200 || !strings.Contains(string(page.body), "This lot is recalled") {
		t.Fatalf("with attributes: %d", page.status)
	}
}
