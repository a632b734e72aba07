package http_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"lotledger"
	"lotledger/epcis"
)

func captureDoc(events ...string) string {
	return `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",
		"creationDate":"2025-06-01T08:00:00Z","epcisBody":{"eventList":[` + strings.Join(events, ",") + `]}}`
}

// receiving is a partner's receipt of lot PBX of PB-GTIN at WH1.
const receiving = `{"type":"ObjectEvent","eventID":"urn:uuid:00000000-0000-4000-8000-000000000001","eventTime":"2025-06-01T07:00:00Z",
	"eventTimeZoneOffset":"+00:00","action":"ADD","bizStep":"receiving","bizLocation":{"id":"urn:lotledger:location:WH1"},
	"quantityList":[{"epcClass":"https://id.gs1.org/01/00614141000036/10/PBX","quantity":12}],"ilmd":{"cbvmda:itemExpirationDate":"2026-05-31"}}`

func TestCapture_AppliesAndRecordsJob(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-GTIN","name":"Peanut butter","uom":"EA","gtin":"00614141000036"}`).want(t, 201, nil)

	res := do(t, ts, "POST", "/epcis/capture", captureDoc(receiving))
	var job epcis.CaptureJob
	res.want(t, 202, &job)
	if loc := res.header.Get("Location"); loc != "/epcis/capture/"+job.CaptureID || !job.Success || job.Applied != 1 {
		t.Fatalf("Location %q, job %+v", loc, job)
	}
	if res.header.Get("GS1-EPCIS-Capture-Limit") == "" {
		t.Error("capture limits not advertised")
	}
	if got := stockAt(t, ts, "PB-GTIN", "PBX", "WH1"); got != lotledger.Units(12) {
		t.Fatalf("stock %s", got)
	}
	var again epcis.CaptureJob
	do(t, ts, "GET", "/epcis/capture/"+url.PathEscape(job.CaptureID), "").want(t, 200, &again)
	if again.CaptureID != job.CaptureID || !again.Success {
		t.Fatalf("job %+v", again)
	}
	// The captured event comes back through the query interface.
	var q map[string]any
	do(t, ts, "GET", "/epcis/events?EQ_bizStep=receiving&MATCH_epcClass="+url.QueryEscape("https://id.gs1.org/01/00614141000036/10/PBX"), "").want(t, 200, &q)
	if b, _ := json.Marshal(q); !strings.Contains(string(b), "00000000-0000-4000-8000-000000000001") {
		t.Fatalf("captured event not found by query: %s", b)
	}
	// Sent again: not applied twice.
	do(t, ts, "POST", "/epcis/capture", captureDoc(receiving)).want(t, 202, &job)
	if job.Duplicates != 1 || stockAt(t, ts, "PB-GTIN", "PBX", "WH1") != lotledger.Units(12) {
		t.Fatalf("resend applied: %+v", job)
	}
}

func TestCapture_InvalidDocumentListsSchemaErrors(t *testing.T) {
	ts := MustEPCISServer(t)
	bad := strings.Replace(receiving, `"action":"ADD"`, `"action":"ADDED"`, 1)
	bad = strings.Replace(bad, `"eventTime":"2025-06-01T07:00:00Z",`, ``, 1)
	p := do(t, ts, "POST", "/epcis/capture", captureDoc(bad)).wantProblem(t, 400, "invalid", "/epcisBody/eventList/0")
	_ = p
	var body struct {
		Errors []epcis.CaptureError `json:"errors"`
	}
	json.Unmarshal(do(t, ts, "POST", "/epcis/capture", captureDoc(bad)).body, &body)
	if len(body.Errors) < 2 {
		t.Fatalf("want every schema problem listed, got %+v", body.Errors)
	}
	var jobs lotledger.Page[epcis.CaptureJob]
	do(t, ts, "GET", "/epcis/capture", "").want(t, 200, &jobs)
	if len(jobs.Items) != 0 {
		t.Fatalf("an invalid document left a job: %+v", jobs.Items)
	}
}

func TestCapture_RefusalNamesThePointer(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	unknown := strings.Replace(receiving, "00614141000036", "09506000134352", 1)
	do(t, ts, "POST", "/epcis/capture", captureDoc(unknown)).wantProblem(t, 422, "unknown_reference", "/epcisBody/eventList/0/quantityList/0/epcClass")
	do(t, ts, "POST", "/epcis/capture", captureDoc(receiving), "GS1-Capture-Error-Behaviour", "proceed").wantProblem(t, 400, "invalid", "GS1-Capture-Error-Behaviour")
}

func TestScan_ExplainsABarcode(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-GTIN","name":"Peanut butter","uom":"EA","gtin":"00614141000036"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"scan":"(01)00614141000036(17)260531(10)S1(30)6"}]}`).want(t, 201, nil)
	var r lotledger.ScanResult
	// GS1-128 as a scanner sends it: AIM id ]C1, then AIs 01, 17 and 10 (S1).
	data := "]C1" + "01" + "00614141000036" + "17" + "260531" + "10" + "S1"
	do(t, ts, "POST", "/api/v1/scan", `{"data":"`+data+`"}`).want(t, 200, &r)
	if r.Item == nil || r.Item.SKU != "PB-GTIN" || r.LotInfo == nil || r.LotInfo.OnHand != lotledger.Units(6) || r.Expires != "2026-05-31" {
		t.Fatalf("got %+v", r)
	}
	do(t, ts, "POST", "/api/v1/scan", `{"data":"(01)00614141000037"}`).wantProblem(t, 400, "invalid", "data")
}
