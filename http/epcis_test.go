package http_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"lotledger/epcis"
	lhttp "lotledger/http"
	"lotledger/store"
)

var _ lhttp.EPCIS = (*store.Store)(nil)

// MustEPCISServer starts the API with the EPCIS query service over a fresh
// SQLite store.
func MustEPCISServer(t *testing.T) *httptest.Server {
	t.Helper()
	st := mustStore(t)
	ts, _ := mustServe(t, st, lhttp.Options{EPCIS: st, Capture: st, CaptureOptions: epcis.CaptureOptions{CreateLots: true}})
	return ts
}

// queryDoc is an EPCISQueryDocument as a client reads it.
type queryDoc struct {
	Context       []any  `json:"@context"`
	Type          string `json:"type"`
	SchemaVersion string `json:"schemaVersion"`
	CreationDate  string `json:"creationDate"`
	EPCISBody     struct {
		QueryResults struct {
			SubscriptionID string `json:"subscriptionID"`
			QueryName      string `json:"queryName"`
			ResultsBody    struct {
				EventList []struct {
					Type      string `json:"type"`
					EventID   string `json:"eventID"`
					BizStep   string `json:"bizStep"`
					EventTime string `json:"eventTime"`
				} `json:"eventList"`
			} `json:"resultsBody"`
		} `json:"queryResults"`
	} `json:"epcisBody"`
}

func (d queryDoc) eventIDs() []string {
	var ids []string
	for _, ev := range d.EPCISBody.QueryResults.ResultsBody.EventList {
		ids = append(ids, ev.EventID)
	}
	return ids
}

// receiveLots records one receipt per lot code.
func receiveLots(t *testing.T, ts *httptest.Server, lots ...string) {
	t.Helper()
	for _, lot := range lots {
		do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH2","lines":[{"sku":"PB-JAR","lot":"`+lot+`","quantity":"5"}]}`).want(t, 201, nil)
	}
}

func TestEPCISEvents_AnswersValidQueryDocument(t *testing.T) {
	ts := MustEPCISServer(t)
	res := seed(t, ts)
	got := do(t, ts, "GET", "/epcis/events", "")
	var doc queryDoc
	got.want(t, 200, &doc)
	for h, want := range map[string]string{"GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0", "Content-Type": "application/json"} {
		if v := got.header.Get(h); v != want {
			t.Errorf("%s = %q, want %q", h, v, want)
		}
	}
	if doc.Type != "EPCISQueryDocument" || doc.SchemaVersion != "2.0" || doc.CreationDate == "" ||
		len(doc.Context) == 0 || doc.Context[0] != epcis.ContextURL || doc.EPCISBody.QueryResults.QueryName != "SimpleEventQuery" {
		t.Errorf("envelope = %+v", doc)
	}
	if ids := doc.eventIDs(); len(ids) != 1 || ids[0] != res.ID {
		t.Errorf("events %v, want [%s]", ids, res.ID)
	}
	if err := epcis.Validate(got.body); err != nil {
		t.Errorf("the query document does not validate against the EPCIS schema: %v", err)
	}
	if got.header.Get("Link") != "" {
		t.Errorf("one page only, but Link = %q", got.header.Get("Link"))
	}
}

var linkRE = regexp.MustCompile(`^<([^>]+)>; rel="next"$`)

// followPages GETs path and each page its Link header names, handing each
// answer and its document to page, and returns how many pages there were.
func followPages(t *testing.T, ts *httptest.Server, path string, page func(got response, doc queryDoc)) int {
	t.Helper()
	for pages := 1; ; pages++ {
		got := do(t, ts, "GET", path, "")
		var doc queryDoc
		got.want(t, 200, &doc)
		page(got, doc)
		link := got.header.Get("Link")
		if link == "" {
			return pages
		}
		m := linkRE.FindStringSubmatch(link)
		if m == nil {
			t.Fatalf("Link = %q", link)
		}
		path = m[1]
	}
}

func TestEPCISEvents_PagesFollowLinkHeader(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	receiveLots(t, ts, "L2", "L3", "L4")
	var ids []string
	pages := followPages(t, ts, "/epcis/events?perPage=2&EQ_bizStep=receiving", func(got response, doc queryDoc) {
		ids = append(ids, doc.eventIDs()...)
		m := linkRE.FindStringSubmatch(got.header.Get("Link"))
		if m == nil {
			return
		}
		if _, err := time.Parse(time.RFC3339, got.header.Get("GS1-Next-Page-Token-Expires")); err != nil {
			t.Errorf("GS1-Next-Page-Token-Expires: %v", err)
		}
		u, err := url.Parse(m[1])
		if err != nil || u.Query().Get("EQ_bizStep") != "receiving" || u.Query().Get("perPage") != "2" {
			t.Fatalf("next page %q loses the query (%v)", m[1], err)
		}
	})
	if pages != 2 || len(ids) != 4 {
		t.Errorf("%d pages hold %d events, want 2 and 4: %v", pages, len(ids), ids)
	}
}

// TestEPCISEvents_OrderedWithACountLimit follows the Link header of an
// ordered query with eventCountLimit: the newest three receipts, two to a
// page, and no third page. maxEventCount refuses with the binding's 413.
func TestEPCISEvents_OrderedWithACountLimit(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	receiveLots(t, ts, "L2", "L3", "L4")
	var times []string
	pages := followPages(t, ts, "/epcis/events?perPage=2&EQ_bizStep=receiving&orderBy=eventTime&orderDirection=DESC&eventCountLimit=3", func(_ response, doc queryDoc) {
		for _, ev := range doc.EPCISBody.QueryResults.ResultsBody.EventList {
			times = append(times, ev.EventTime)
		}
	})
	if pages != 2 {
		t.Errorf("%d pages, want 2", pages)
	}
	if len(times) != 3 || !sort.SliceIsSorted(times, func(i, j int) bool { return times[i] > times[j] }) {
		t.Errorf("event times %v: want three, newest first", times)
	}
	p := do(t, ts, "GET", "/epcis/events?maxEventCount=1", "").wantProblem(t, 413, "too_large", "maxEventCount")
	if p.Type != "epcisException:QueryTooLargeException" {
		t.Errorf("type %q", p.Type)
	}
}

func TestEPCISEvents_PipeSeparatedListsAndUnencodedOffset(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	var doc queryDoc
	do(t, ts, "GET", "/epcis/events?eventType=AggregationEvent|ObjectEvent&GE_eventTime=2025-06-02T11:00:00+02:00", "").want(t, 200, &doc)
	if n := len(doc.eventIDs()); n != 1 {
		t.Errorf("got %d events, want 1", n)
	}
	do(t, ts, "GET", "/epcis/events?EQ_bizStep=shipping|holding", "").want(t, 200, &doc)
	if n := len(doc.eventIDs()); n != 0 {
		t.Errorf("got %d events, want 0", n)
	}
}

func TestEPCISEvents_BadParameterIs400NamingIt(t *testing.T) {
	ts := MustEPCISServer(t)
	for query, field := range map[string]string{
		"EQ_action=MOVE":             "EQ_action",
		"perPage=many":               "perPage",
		"perPage=0":                  "perPage",
		"nextPageToken=forged":       "nextPageToken",
		"GE_eventTime=yesterday":     "GE_eventTime",
		"EQ_colour=red":              "EQ_colour",
		"MATCH_epc=urn:epc:idpat:x*": "MATCH_epc",
	} {
		got := do(t, ts, "GET", "/epcis/events?"+query, "")
		if p := got.wantProblem(t, 400, "invalid", field); p.Type != "epcisException:QueryParameterException" {
			t.Errorf("%s: type %q", query, p.Type)
		}
		if got.header.Get("GS1-EPCIS-Version") != "2.0.0" {
			t.Errorf("%s: no GS1-EPCIS-Version on the error", query)
		}
	}
}

func TestEPCISEvent_ByURLEncodedIDOrHash(t *testing.T) {
	ts := MustEPCISServer(t)
	res := seed(t, ts)
	got := do(t, ts, "GET", "/epcis/events/"+url.PathEscape(res.ID), "")
	var doc queryDoc
	got.want(t, 200, &doc)
	if ids := doc.eventIDs(); len(ids) != 1 || ids[0] != res.ID {
		t.Fatalf("events %v, want [%s]", ids, res.ID)
	}
	var raw struct {
		EPCISBody struct {
			QueryResults struct {
				ResultsBody struct {
					EventList []json.RawMessage `json:"eventList"`
				} `json:"resultsBody"`
			} `json:"queryResults"`
		} `json:"epcisBody"`
	}
	got.want(t, 200, &raw)
	hash, err := epcis.EventHash(raw.EPCISBody.QueryResults.ResultsBody.EventList[0])
	if err != nil {
		t.Fatal(err)
	}
	var byHash queryDoc
	do(t, ts, "GET", "/epcis/events/"+url.PathEscape(hash), "").want(t, 200, &byHash)
	if ids := byHash.eventIDs(); len(ids) != 1 || ids[0] != res.ID {
		t.Errorf("by hash %s: events %v, want [%s]", hash, ids, res.ID)
	}
}

func TestEPCISEvent_UnknownIs404(t *testing.T) {
	ts := MustEPCISServer(t)
	p := do(t, ts, "GET", "/epcis/events/"+url.PathEscape("urn:uuid:00000000-0000-4000-8000-000000000000"), "").wantProblem(t, 404, "not_found", "eventID")
	if p.Type != "epcisException:NoSuchResourceException" {
		t.Errorf("type %q", p.Type)
	}
}

func TestEPCIS_WithoutServiceIs501(t *testing.T) {
	ts := MustServer(t)
	for _, path := range []string{"/epcis/events", "/epcis/events/urn:uuid:x"} {
		got := do(t, ts, "GET", path, "")
		if got.status != 501 || got.header.Get("Content-Type") != "application/problem+json" {
			t.Errorf("%s: %d %s", path, got.status, got.body)
		}
	}
}

// TestEPCIS_OptionsDiscovery: OPTIONS on the capture and events resources
// answers 204 with the methods, the versions and, for capture, its limits.
func TestEPCIS_OptionsDiscovery(t *testing.T) {
	ts := MustEPCISServer(t)
	got := do(t, ts, "OPTIONS", "/epcis/capture", "")
	if got.status != 204 || got.header.Get("Allow") != "OPTIONS, GET, POST" || got.header.Get("GS1-EPCIS-Capture-Limit") != "10000" ||
		got.header.Get("GS1-Capture-Error-Behaviour") != "rollback" || got.header.Get("GS1-EPCIS-Max") != "2.0.0" {
		t.Errorf("OPTIONS /epcis/capture: %d %v", got.status, got.header)
	}
	got = do(t, ts, "OPTIONS", "/epcis/events", "")
	if got.status != 204 || got.header.Get("Allow") != "OPTIONS, GET, POST" || got.header.Get("GS1-EPC-Format") != "Always_GS1_Digital_Link" ||
		got.header.Get("GS1-CBV-Version") != "2.0.0" || got.header.Get("GS1-EPCIS-Capture-Limit") != "" {
		t.Errorf("OPTIONS /epcis/events: %d %v", got.status, got.header)
	}
}

// TestEPCISEvents_NotAcceptable: a client that accepts only XML, or only
// EPCIS versions other than 2.0.0, is answered 406 naming the header;
// JSON-LD and wildcards are served.
func TestEPCISEvents_NotAcceptable(t *testing.T) {
	ts := MustEPCISServer(t)
	for header, value := range map[string]string{
		"Accept":        "application/xml",
		"GS1-EPCIS-Min": "2.1",
		"GS1-EPCIS-Max": "1.2.0",
		"GS1-CBV-Min":   "2.0.1",
	} {
		p := do(t, ts, "GET", "/epcis/events", "", header, value).wantProblem(t, 406, "not_acceptable", header)
		if p.Type != "epcisException:NotAcceptableException" {
			t.Errorf("%s: type %q", header, p.Type)
		}
	}
	for _, accept := range []string{"application/ld+json", "application/xml;q=1, application/json;q=0.5", "*/*", "application/*"} {
		do(t, ts, "GET", "/epcis/events", "", "Accept", accept).want(t, 200, nil)
	}
	do(t, ts, "GET", "/epcis/events", "", "GS1-EPCIS-Min", "2.0", "GS1-EPCIS-Max", "2.0.0").want(t, 200, nil)
}

// TestEPCISEvents_IdentifiersAsDigitalLinksUnlessAsCaptured: GS1-EPC-Format
// decides how a captured event's EPC URNs come back: as Digital Links by
// default, as captured with Never_Translates; EPC URNs are not offered.
func TestEPCISEvents_IdentifiersAsDigitalLinksUnlessAsCaptured(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	const urn, dl = "urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017"
	ev := `{"type":"ObjectEvent","eventID":"urn:uuid:00000000-0000-4000-8000-0000000000e1","eventTime":"2025-06-01T07:00:00Z",
		"eventTimeZoneOffset":"+00:00","action":"OBSERVE","epcList":["` + urn + `"],"readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0"}}`
	created := do(t, ts, "POST", "/epcis/events", ev)
	if created.status != 201 || !strings.Contains(string(created.body), dl) || strings.Contains(string(created.body), urn) {
		t.Fatalf("POST /epcis/events: %d %s", created.status, created.body)
	}
	for _, c := range []struct {
		format, want, not, answered string
	}{
		{"", dl, urn, "Always_GS1_Digital_Link"},
		{"Always_GS1_Digital_Link", dl, urn, "Always_GS1_Digital_Link"},
		{"Never_Translates", urn, dl, "Never_Translates"},
		{"No_Preference", urn, dl, "Never_Translates"},
	} {
		for _, path := range []string{"/epcis/events?EQ_action=OBSERVE", "/epcis/events/" + url.PathEscape("urn:uuid:00000000-0000-4000-8000-0000000000e1")} {
			var res response
			if c.format == "" {
				res = do(t, ts, "GET", path, "")
			} else {
				res = do(t, ts, "GET", path, "", "GS1-EPC-Format", c.format)
			}
			body := string(res.body)
			if res.status != 200 || !strings.Contains(body, c.want) || strings.Contains(body, c.not) || res.header.Get("GS1-EPC-Format") != c.answered {
				t.Errorf("%s with GS1-EPC-Format %q: %d, GS1-EPC-Format %q, %s", path, c.format, res.status, res.header.Get("GS1-EPC-Format"), body)
			}
			if !strings.Contains(body, "https://id.gs1.org/414/0614141007776") && c.want == dl {
				t.Errorf("%s: the readPoint is not a Digital Link: %s", path, body)
			}
		}
	}
	do(t, ts, "GET", "/epcis/events", "", "GS1-EPC-Format", "Always_EPC_URN").wantProblem(t, 406, "not_acceptable", "GS1-EPC-Format")
	do(t, ts, "GET", "/epcis/events", "", "GS1-EPC-Format", "URN please").wantProblem(t, 400, "invalid", "GS1-EPC-Format")
	do(t, ts, "POST", "/epcis/events", ev, "GS1-EPC-Format", "Always_EPC_URN").wantProblem(t, 406, "not_acceptable", "GS1-EPC-Format")
}
