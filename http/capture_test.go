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
	p := do(t, ts, "POST", "/epcis/capture", captureDoc(bad)).wantProblem(t, 400, "invalid", "/epcisBody/eventList/0/action")
	if p.Type != "epcisException:ValidationException" {
		t.Errorf("type %q", p.Type)
	}
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

// TestCaptureEvent_OneEventSynchronously: POST /epcis/events captures one
// event, answers 201 with its Location and the event with the ledger's
// recordTime; the same event again is 409; an event without an eventID is
// found at its hash; problems point into the event; a declaration about a
// recorded event is captured.
func TestCaptureEvent_OneEventSynchronously(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-GTIN","name":"Peanut butter","uom":"EA","gtin":"00614141000036"}`).want(t, 201, nil)

	res := do(t, ts, "POST", "/epcis/events", receiving)
	var ev map[string]any
	res.want(t, 201, &ev)
	if loc := res.header.Get("Location"); loc != "/epcis/events/"+url.PathEscape("urn:uuid:00000000-0000-4000-8000-000000000001") {
		t.Errorf("Location %q", loc)
	}
	if ev["eventID"] != "urn:uuid:00000000-0000-4000-8000-000000000001" || ev["recordTime"] == nil {
		t.Errorf("answer %v: want the event with its recordTime", ev)
	}
	if got := stockAt(t, ts, "PB-GTIN", "PBX", "WH1"); got != lotledger.Units(12) {
		t.Fatalf("stock %s", got)
	}
	do(t, ts, "GET", res.header.Get("Location"), "").want(t, 200, nil)

	p := do(t, ts, "POST", "/epcis/events", receiving).wantProblem(t, 409, "conflict", "eventID")
	if p.Type != "epcisException:ResourceAlreadyExistsException" {
		t.Errorf("type %q", p.Type)
	}
	if got := stockAt(t, ts, "PB-GTIN", "PBX", "WH1"); got != lotledger.Units(12) {
		t.Fatalf("stock %s after the 409", got)
	}

	unnamed := strings.Replace(strings.Replace(receiving, `"eventID":"urn:uuid:00000000-0000-4000-8000-000000000001",`, "", 1), `"PBX"`, `"PBY"`, 1)
	unnamed = strings.Replace(unnamed, `/10/PBX"`, `/10/PBY"`, 1)
	res = do(t, ts, "POST", "/epcis/events", unnamed)
	res.want(t, 201, nil)
	if loc := res.header.Get("Location"); !strings.HasPrefix(loc, "/epcis/events/"+url.PathEscape("ni:///sha-256;")) {
		t.Errorf("an event without an eventID is at %q, not its hash", loc)
	}
	do(t, ts, "GET", res.header.Get("Location"), "").want(t, 200, nil)
	do(t, ts, "POST", "/epcis/events", unnamed).wantProblem(t, 409, "conflict", "eventID")

	bad := strings.Replace(receiving, `"quantity":12`, `"quantity":"twelve"`, 1)
	p = do(t, ts, "POST", "/epcis/events", bad).wantProblem(t, 400, "invalid", "/quantityList/0/quantity")
	if p.Type != "epcisException:ValidationException" {
		t.Errorf("type %q", p.Type)
	}
	do(t, ts, "POST", "/epcis/events", `[`+receiving+`]`).wantProblem(t, 400, "invalid", "")
	unknown := strings.Replace(strings.Replace(receiving, "00614141000036", "09506000134352", 1), "0001", "0002", 1)
	do(t, ts, "POST", "/epcis/events", unknown).wantProblem(t, 422, "unknown_reference", "/quantityList/0/epcClass")

	declared := strings.TrimSuffix(receiving, "}") + `,"errorDeclaration":{"declarationTime":"2025-06-02T08:00:00Z","reason":"incorrect_data"}}`
	res = do(t, ts, "POST", "/epcis/events", declared)
	res.want(t, 201, &ev)
	if ev["errorDeclaration"] == nil {
		t.Errorf("the declared event %v does not show its declaration", ev)
	}
}

// TestCapture_MasterDataAnswersAttributeQueries: the master data in a
// captured document's header is what EQ_ATTR_ and HASATTR_ ask about.
func TestCapture_MasterDataAnswersAttributeQueries(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-GTIN","name":"Peanut butter","uom":"EA","gtin":"00614141000036"}`).want(t, 201, nil)
	doc := strings.Replace(captureDoc(receiving), `"epcisBody"`, `"epcisHeader":{"epcisMasterData":{"vocabularyList":[
		{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[{"id":"urn:lotledger:location:WH1",
			"attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"Main warehouse"},{"id":"cbvmda:sst","attribute":201}]}]}]}},"epcisBody"`, 1)
	var job epcis.CaptureJob
	do(t, ts, "POST", "/epcis/capture", doc).want(t, 202, &job)
	if !job.Success {
		t.Fatalf("job %+v", job)
	}
	for _, query := range []string{
		"EQ_ATTR_bizLocation_cbvmda:name=" + url.QueryEscape("Main warehouse"),
		"EQ_ATTR_bizLocation_" + url.QueryEscape("urn:epcglobal:cbv:mda#sst") + "=201",
		"HASATTR_bizLocation=cbvmda:name|cbvmda:ssd",
	} {
		var q map[string]any
		do(t, ts, "GET", "/epcis/events?"+query, "").want(t, 200, &q)
		if b, _ := json.Marshal(q); !strings.Contains(string(b), "00000000-0000-4000-8000-000000000001") {
			t.Errorf("%s: event not found: %s", query, b)
		}
	}
	do(t, ts, "GET", "/epcis/events?EQ_ATTR_quantity_cbvmda:name=x", "").wantProblem(t, 400, "invalid", "EQ_ATTR_quantity_cbvmda:name")
	// Master data the decoder cannot read is refused naming its place.
	bad := strings.Replace(doc, `{"id":"cbvmda:sst","attribute":201}`, `{"id":"","attribute":201}`, 1)
	do(t, ts, "POST", "/epcis/capture", bad).wantProblem(t, 400, "invalid", "/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/attributes/1/id")
}
