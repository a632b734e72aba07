package http_test

import (
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
)

func TestEPCISResources_ListValuesAPageAtATime(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"1"}]}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/lots/PB-JAR/L1/status", `{"status":"hold","reason":"qa"}`).want(t, 201, nil)

	var types []string
	do(t, ts, "GET", "/epcis/eventTypes", "").want(t, 200, &types)
	if len(types) != 5 || types[0] != "ObjectEvent" {
		t.Errorf("eventTypes = %v", types)
	}
	steps := allPages(t, ts, "/epcis/bizSteps?perPage=1")
	if want := []string{"holding", "receiving", "shipping"}; !slices.Equal(steps, want) {
		t.Errorf("bizSteps = %v, want %v", steps, want)
	}
	var points []string
	do(t, ts, "GET", "/epcis/readPoints", "").want(t, 200, &points)
	if !slices.Contains(points, "urn:lotledger:location:WH1") {
		t.Errorf("readPoints = %v", points)
	}
	do(t, ts, "GET", "/epcis/bizSteps?nextPageToken=!!", "").wantProblem(t, 400, "invalid", "nextPageToken")
	do(t, ts, "GET", "/epcis/bizSteps?perPage=0", "").wantProblem(t, 400, "invalid", "perPage")
}

func TestEPCISResources_ValueEventsAreTheFilteredQuery(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB16","name":"Peanut butter 16 oz","uom":"EA","gtin":"00614141000036"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH2","lines":[{"sku":"PB16","lot":"L9","quantity":"5"}]}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH2","customer":"CUST1","lines":[{"sku":"PB16","lot":"L9","quantity":"1"}]}`).want(t, 201, nil)

	ids := func(path string) []string {
		t.Helper()
		var doc queryDoc
		do(t, ts, "GET", path, "").want(t, 200, &doc)
		return doc.eventIDs()
	}
	cases := []struct{ resource, filter string }{
		{"/epcis/bizSteps/shipping/events", "/epcis/events?EQ_bizStep=shipping"},
		{"/epcis/eventTypes/ObjectEvent/events?EQ_bizStep=receiving", "/epcis/events?eventType=ObjectEvent&EQ_bizStep=receiving"},
		{"/epcis/readPoints/" + url.PathEscape("urn:lotledger:location:WH2") + "/events", "/epcis/events?EQ_readPoint=urn:lotledger:location:WH2"},
		{"/epcis/epcs/" + url.PathEscape("https://id.gs1.org/01/00614141000036/10/L9") + "/events",
			"/epcis/events?MATCH_anyEPCClass=https://id.gs1.org/01/00614141000036/10/L9"},
	}
	for _, c := range cases {
		got, want := ids(c.resource), ids(c.filter)
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v (%s)", c.resource, got, want, c.filter)
		}
	}
	if n := len(ids("/epcis/epcs/" + url.PathEscape("https://id.gs1.org/01/00614141000036/10/L9") + "/events")); n != 2 {
		t.Errorf("the lot's events: %d, want its receipt and shipment", n)
	}
	do(t, ts, "GET", "/epcis/bizSteps/shipping/events?EQ_bizStep=receiving", "").wantProblem(t, 400, "invalid", "EQ_bizStep")
}

func TestEPCISResources_Discovery(t *testing.T) {
	ts := MustEPCISServer(t)
	seed(t, ts)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB16","name":"Peanut butter 16 oz","uom":"EA","gtin":"00614141000036"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH2","reference":"PO-7","lines":[{"sku":"PB16","lot":"L9","quantity":"5"}]}`).want(t, 201, nil)

	var top []string
	do(t, ts, "GET", "/epcis", "").want(t, 200, &top)
	for _, r := range []string{"capture", "events", "epcs", "queries"} {
		if !slices.Contains(top, r) {
			t.Errorf("GET /epcis = %v, without %s", top, r)
		}
	}
	var sub []string
	do(t, ts, "GET", "/epcis/bizSteps/receiving", "").want(t, 200, &sub)
	if !slices.Equal(sub, []string{"events"}) {
		t.Errorf("sub-resources = %v", sub)
	}

	// The identifiers of objects, a page at a time; the purchase order and
	// the supplier, in the same index, are not among them.
	epcs := allPages(t, ts, "/epcis/epcs?perPage=1")
	if !slices.Contains(epcs, "https://id.gs1.org/01/00614141000036/10/L9") || !slices.IsSorted(epcs) {
		t.Errorf("epcs = %v", epcs)
	}
	for _, id := range epcs {
		if !isObjectID(id) {
			t.Errorf("epcs lists %s, which names no object", id)
		}
	}

	// OPTIONS on every EPCIS route, with the methods of its path.
	for path, allow := range map[string]string{
		"/epcis":                                   "OPTIONS, GET",
		"/epcis/epcs":                              "OPTIONS, GET",
		"/epcis/bizSteps/receiving/events":         "OPTIONS, GET",
		"/epcis/capture":                           "OPTIONS, GET, POST",
		"/epcis/queries/nightly":                   "OPTIONS, GET, DELETE",
		"/epcis/queries/nightly/subscriptions":     "OPTIONS, GET, POST",
		"/epcis/queries/nightly/subscriptions/abc": "OPTIONS, GET, DELETE",
	} {
		got := do(t, ts, "OPTIONS", path, "")
		if got.status != 204 || got.header.Get("Allow") != allow || got.header.Get("GS1-EPCIS-Version") == "" {
			t.Errorf("OPTIONS %s: %d, Allow %q, GS1-EPCIS-Version %q; want 204, %q", path, got.status, got.header.Get("Allow"), got.header.Get("GS1-EPCIS-Version"), allow)
		}
	}
}

// isObjectID: an instance or class identifier, not a party, location or
// business transaction.
func isObjectID(id string) bool {
	for _, p := range []string{"https://id.gs1.org/01/", "https://id.gs1.org/00/", "urn:epc:", "urn:lotledger:class:"} {
		if len(id) >= len(p) && id[:len(p)] == p {
			return true
		}
	}
	return false
}

// allPages reads a list from path and every page its Link headers lead to.
func allPages(t *testing.T, ts *httptest.Server, path string) []string {
	t.Helper()
	var all []string
	for pages := 0; path != ""; pages++ {
		got := do(t, ts, "GET", path, "")
		var page []string
		got.want(t, 200, &page)
		all = append(all, page...)
		path = ""
		if m := linkRE.FindStringSubmatch(got.header.Get("Link")); m != nil {
			path = m[1]
		}
		if pages > 50 {
			t.Fatal("pages do not end")
		}
	}
	return all
}
