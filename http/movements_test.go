package http_test

import (
	"net/url"
	"reflect"
	"testing"

	"lotledger"
)

func TestReceipt_RecordsEventAndStock(t *testing.T) {
	ts := MustServer(t)
	res := seed(t, ts)
	if res.Kind != "receive" || res.Seq == 0 || res.Replayed || len(res.Moves) != 2 {
		t.Fatalf("result = %+v", res)
	}
	if got, want := stockAt(t, ts, "PEANUTS", "P1", "WH1"), lotledger.MustQuantity("500.5"); got != want {
		t.Errorf("stock = %s, want %s", got, want)
	}
}

func TestReceipt_RecordsActingUser(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var res lotledger.Result
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-JAR","lot":"L2","quantity":5}]}`,
		"X-Lotledger-User", "maria@example.com").want(t, 201, &res)
	if res.User != "maria@example.com" {
		t.Errorf("user = %q, want maria@example.com", res.User)
	}
	var anon lotledger.Result
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-JAR","lot":"L3","quantity":"5"}]}`).want(t, 201, &anon)
	if anon.User != "anonymous" {
		t.Errorf("user = %q, want anonymous", anon.User)
	}
}

func TestReceipt_IdempotentRetryAnswers200WithSameBody(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	body := `{"id":"po-77-rcv","supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-JAR","lot":"L9","quantity":"10"}]}`
	first := do(t, ts, "POST", "/api/v1/receipts", body)
	var a, b lotledger.Result
	first.want(t, 201, &a)
	second := do(t, ts, "POST", "/api/v1/receipts", body)
	second.want(t, 200, &b)
	if !b.Replayed {
		t.Error("second answer is not marked replayed")
	}
	var firstBody, secondBody map[string]any
	first.want(t, 201, &firstBody)
	second.want(t, 200, &secondBody)
	delete(secondBody, "replayed")
	if !reflect.DeepEqual(firstBody, secondBody) {
		t.Errorf("replay differs:\nfirst  %s\nsecond %s", first.body, second.body)
	}
	if got := stockAt(t, ts, "PB-JAR", "L9", "WH1"); got != lotledger.Units(10) {
		t.Errorf("stock after retry = %s, want 10", got)
	}
	t.Run("SameIDOtherBody", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/receipts", `{"id":"po-77-rcv","supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-JAR","lot":"L9","quantity":"11"}]}`).
			wantProblem(t, 409, "conflict", "id")
	})
}

func TestShipment_OK(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var res lotledger.Result
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","reference":"INV-1","lines":[{"sku":"PB-JAR","quantity":"24"}]}`).want(t, 201, &res)
	if res.Kind != "ship" || res.Party != "CUST1" {
		t.Errorf("result = %+v", res)
	}
	if got := stockAt(t, ts, "PB-JAR", "L1", "WH1"); got != lotledger.Units(76) {
		t.Errorf("stock = %s, want 76", got)
	}
}

func TestShipment_MoreThanOnHandIs409(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"101"}]}`).
		wantProblem(t, 409, "insufficient_stock", "lines[0].quantity")
	if got := stockAt(t, ts, "PB-JAR", "L1", "WH1"); got != lotledger.Units(100) {
		t.Errorf("stock = %s, want 100 (nothing half-applied)", got)
	}
}

func TestTransfer_WithinSiteAndBetweenSitesWithArrival(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/transfers", `{"from":"WH1","to":"WH1-A","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"10"}]}`).want(t, 201, nil)
	if got := stockAt(t, ts, "PB-JAR", "L1", "WH1-A"); got != lotledger.Units(10) {
		t.Errorf("stock in bin = %s, want 10", got)
	}

	var tr lotledger.Result
	do(t, ts, "POST", "/api/v1/transfers", `{"from":"WH1","to":"WH2","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"20"}]}`).want(t, 201, &tr)
	if got := stockAt(t, ts, "PB-JAR", "L1", "WH2"); got != 0 {
		t.Errorf("stock at WH2 before arrival = %s, want 0", got)
	}
	var arr lotledger.Result
	do(t, ts, "POST", "/api/v1/transfers/"+url.PathEscape(tr.ID)+"/arrival", "").want(t, 201, &arr)
	if arr.Kind != "arrive" || arr.Transfer != tr.ID {
		t.Errorf("arrival = %+v", arr)
	}
	if got := stockAt(t, ts, "PB-JAR", "L1", "WH2"); got != lotledger.Units(20) {
		t.Errorf("stock at WH2 after arrival = %s, want 20", got)
	}
	t.Run("Again", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/transfers/"+url.PathEscape(tr.ID)+"/arrival", `{}`).wantProblem(t, 409, "conflict", "transfer")
	})
	t.Run("UnknownTransfer", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/transfers/urn:uuid:nope/arrival", "").wantProblem(t, 404, "not_found", "transfer")
	})
	t.Run("BodyCannotNameTransfer", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/transfers/x/arrival", `{"transfer":"y"}`).wantProblem(t, 400, "invalid", "transfer")
	})
}

func TestProduction_ConsumesInputsMakesOutputs(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var res lotledger.Result
	do(t, ts, "POST", "/api/v1/productions", `{"location":"WH1","reference":"MO-1",
		"inputs":[{"sku":"PEANUTS","lot":"P1","quantity":"100"}],
		"outputs":[{"sku":"PB-JAR","lot":"B1","quantity":"250","expires":"2026-05-01"}]}`).want(t, 201, &res)
	if res.Kind != "produce" {
		t.Errorf("kind = %q", res.Kind)
	}
	if got := stockAt(t, ts, "PEANUTS", "P1", "WH1"); got != lotledger.MustQuantity("400.5") {
		t.Errorf("input stock = %s, want 400.5", got)
	}
	var lot lotledger.LotDetail
	do(t, ts, "GET", "/api/v1/lots/PB-JAR/B1", "").want(t, 200, &lot)
	if len(lot.Inputs) != 1 || lot.Inputs[0].Lot != "P1" {
		t.Errorf("B1 inputs = %+v", lot.Inputs)
	}
}

func TestAdjustment_SignedQuantity(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/adjustments", `{"location":"WH1","reason":"cycle count","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"-3"}]}`).want(t, 201, nil)
	if got := stockAt(t, ts, "PB-JAR", "L1", "WH1"); got != lotledger.Units(97) {
		t.Errorf("stock = %s, want 97", got)
	}
}

func TestDisposal_RemovesStock(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var res lotledger.Result
	do(t, ts, "POST", "/api/v1/disposals", `{"location":"WH1","reason":"damaged","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"2"}]}`).want(t, 201, &res)
	if res.Kind != "dispose" {
		t.Errorf("kind = %q", res.Kind)
	}
	if got := stockAt(t, ts, "PB-JAR", "L1", "WH1"); got != lotledger.Units(98) {
		t.Errorf("stock = %s, want 98", got)
	}
}

func TestReturn_BringsStockBack(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"10"}]}`).want(t, 201, nil)
	var res lotledger.Result
	do(t, ts, "POST", "/api/v1/returns", `{"customer":"CUST1","location":"WH1","reason":"broken seal","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"4"}]}`).want(t, 201, &res)
	if res.Kind != "return" {
		t.Errorf("kind = %q", res.Kind)
	}
	if got := stockAt(t, ts, "PB-JAR", "L1", "WH1"); got != lotledger.Units(94) {
		t.Errorf("stock = %s, want 94", got)
	}
}

func TestLotStatus_HoldBlocksShipment(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	var res lotledger.Result
	do(t, ts, "POST", "/api/v1/lots/PB-JAR/L1/status", `{"status":"hold","reason":"supplier alert"}`).want(t, 201, &res)
	if res.Kind != "status" || res.Status == nil || res.Status.To != "hold" || res.Status.From != "released" {
		t.Fatalf("result = %+v", res)
	}
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"1"}]}`).
		wantProblem(t, 409, "lot_blocked", "lines[0].lot")
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","override_reason":"QA approved sample","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"1"}]}`).
		want(t, 201, nil)
	t.Run("MissingStatus", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/lots/PB-JAR/L1/status", `{"reason":"x"}`).wantProblem(t, 400, "invalid", "status")
	})
	t.Run("UnknownLot", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/lots/PB-JAR/NOPE/status", `{"status":"hold","reason":"x"}`).wantProblem(t, 404, "not_found", "lot")
	})
}
