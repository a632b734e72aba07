package storetest

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"lotledger"
	"lotledger/epcis"
)

// epcisWorld is newWorld plus six native events, named for the checks:
// receipts r1 (PEANUT, PO-1), r2 (SALT), r3 (PB16 at DC1, PO-2), a shipment
// (ASN-1 to STORE1), a production run (MO-1) and a hold of PB16/L1.
type epcisWorld struct {
	*world
	ids map[string]string // name -> eventID
	seq []string          // names in ledger order
}

func newEPCISWorld(t *testing.T, open Opener) *epcisWorld {
	w := &epcisWorld{world: newWorld(t, open), ids: map[string]string{}}
	w.record("r1", must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT-RAW", Reference: "PO-1", Time: "2026-03-01T08:00:00Z",
		Lines: []lotledger.ReceiptLine{{SKU: "PEANUT", Lot: "P1", Quantity: "100"}}}))(t))
	w.record("r2", must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT-RAW", Time: "2026-03-02T08:00:00+01:00",
		Lines: []lotledger.ReceiptLine{{SKU: "SALT", Lot: "S1", Quantity: "50"}}}))(t))
	w.record("r3", must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1", Reference: "PO-2", Time: "2026-03-03T08:00:00Z",
		Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: "L1", Quantity: "24", Expires: "2027-01-01"}}}))(t))
	w.record("ship", must(w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Reference: "ASN-1", Time: "2026-03-04T08:00:00Z",
		Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "10"}}}))(t))
	w.record("prod", must(w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW", Reference: "MO-1", Time: "2026-03-05T08:00:00Z",
		Inputs:  []lotledger.Line{{SKU: "PEANUT", Lot: "P1", Quantity: "10"}, {SKU: "SALT", Lot: "S1", Quantity: "1"}},
		Outputs: []lotledger.OutputLine{{SKU: "PB16", Lot: "PB-A", Quantity: "20"}}}))(t))
	w.record("hold", must(w.s.ChangeLotStatus(ctx, lotledger.StatusChange{SKU: "PB16", Lot: "L1", Status: "hold", Reason: "qa", Time: "2026-03-06T08:00:00Z"}))(t))
	return w
}

func (w *epcisWorld) record(name string, res *lotledger.Result) {
	w.ids[name] = res.ID
	w.seq = append(w.seq, name)
}

// query runs q and names the events of its one page.
func (w *epcisWorld) query(q lotledger.EPCISQuery) ([]string, *lotledger.EPCISResult) {
	w.t.Helper()
	res := must(w.s.QueryEPCIS(ctx, q))(w.t)
	return w.names(res.Events), res
}

// allPages asks the query page by page, per events a page, and returns
// the names of all the events it answers, in order.
func (w *epcisWorld) allPages(params map[string][]string, per int) []string {
	w.t.Helper()
	var got []string
	q := lotledger.EPCISQuery{Params: params, PerPage: per}
	for {
		names, res := w.query(q)
		got = append(got, names...)
		if res.NextPageToken == "" {
			return got
		}
		q.NextPageToken = res.NextPageToken
	}
}

// names maps events back to their names in the world.
func (w *epcisWorld) names(events []json.RawMessage) []string {
	w.t.Helper()
	byID := map[string]string{}
	for name, id := range w.ids {
		byID[id] = name
	}
	out := []string{}
	for _, ev := range events {
		var e struct {
			EventID string `json:"eventID"`
		}
		if err := json.Unmarshal(ev, &e); err != nil {
			w.t.Fatalf("event %s: %v", ev, err)
		}
		out = append(out, byID[e.EventID])
	}
	return out
}

// RunEPCISQuery runs the suite's EPCIS query tests alone (a backend runs
// them again with its query strategies set otherwise).
func RunEPCISQuery(t *testing.T, open Opener) { testEPCISQuery(t, open) }

// testEPCISQuery: native events are found by every EPCIS filter, in every
// spelling the standard allows; pages chain; bad parameters are named; the
// index is rebuilt identically; an event is found by its id and its hash.
func testEPCISQuery(t *testing.T, open Opener) {
	w := newEPCISWorld(t, open)
	t.Run("Filters", func(t *testing.T) { testEPCISFilters(t, w) })
	t.Run("Paging", func(t *testing.T) { testEPCISPaging(t, w) })
	t.Run("BadParameters", func(t *testing.T) { testEPCISBadParameters(t, w) })
	t.Run("Rebuild", func(t *testing.T) { testEPCISRebuild(t, w) })
	t.Run("ByIDAndHash", func(t *testing.T) { testEPCISByID(t, w) })
	t.Run("Values", func(t *testing.T) { testEPCISValues(t, w) })
	t.Run("Order", func(t *testing.T) { testEPCISOrder(t, w) })             // adds "late"
	t.Run("Descendants", func(t *testing.T) { testEPCISDescendants(t, w) }) // adds "late" if Order did not, and "dock"
}

// late records, once, a receipt at DC1 recorded last but dated first, so
// that event time order differs from ledger order. The subtests that need
// it call it, so each of them also runs alone.
func (w *epcisWorld) late(t *testing.T) {
	if _, ok := w.ids["late"]; ok {
		return
	}
	w.record("late", must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1", Time: "2026-02-28T08:00:00Z",
		Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: "L9", Quantity: "1", Expires: "2027-01-01"}}}))(t))
}

// testEPCISValues: the values of a field in the ledger's events, in
// order, a page at a time, without the empty value of events that have none.
func testEPCISValues(t *testing.T, w *epcisWorld) {
	var all []string
	for after := ""; ; {
		page, next := must2(w.s.EPCISValues(ctx, "bizSteps", after, 2))(t)
		all = append(all, page...)
		if next == "" {
			break
		}
		after = next
	}
	if want := []string{"commissioning", "holding", "receiving", "shipping"}; !slices.Equal(all, want) {
		t.Errorf("bizSteps = %v, want %v", all, want)
	}
	locs, next := must2(w.s.EPCISValues(ctx, "bizLocations", "", 10))(t)
	if next != "" || !slices.Contains(locs, "urn:lotledger:location:PLANT-RAW") || slices.Contains(locs, "") {
		t.Errorf("bizLocations = %v next %q", locs, next)
	}
	testEPCISIdentifiers(t, w)
	_, _, err := w.s.EPCISValues(ctx, "nothing", "", 10)
	wantError(t, err, lotledger.ENOTFOUND, "resource")
}

// RunEPCISIdentifiers runs the test of GET /epcis/epcs's list alone (the
// store's tests run it again with pages that stop early).
func RunEPCISIdentifiers(t *testing.T, open Opener) { testEPCISIdentifiers(t, newEPCISWorld(t, open)) }

// testEPCISIdentifiers: the identifiers of objects, without the business
// transactions, parties and locations that share their index, whatever the
// page size, and however early a page stops.
func testEPCISIdentifiers(t *testing.T, w *epcisWorld) {
	var want []string
	rows := must(w.s.DB().Query(`SELECT DISTINCT uri FROM epcis_refs WHERE role IN ('epc', 'childEPC', 'inputEPC', 'outputEPC',
		'parentID', 'epcClass', 'childEPCClass', 'inputEPCClass', 'outputEPCClass') ORDER BY uri`))(t)
	for rows.Next() {
		var id string
		must(0, rows.Scan(&id))(t)
		want = append(want, id)
	}
	must(0, rows.Err())(t)
	rows.Close()
	if len(want) < 4 || !slices.Contains(want, "https://id.gs1.org/01/00614141000036/10/L1") {
		t.Fatalf("the world's classes: %v", want)
	}
	for _, perPage := range []int{1, 2, 3, 1000} {
		var all []string
		for after, pages := "", 0; ; pages++ {
			page, next := must2(w.s.EPCISValues(ctx, "epcs", after, perPage))(t)
			if len(page) > perPage || pages > 100 {
				t.Fatalf("perPage %d: a page of %d, page %d", perPage, len(page), pages)
			}
			all = append(all, page...)
			if next == "" {
				break
			}
			after = next
		}
		if !slices.Equal(all, want) {
			t.Errorf("epcs, %d a page = %v, want %v", perPage, all, want)
		}
	}
}

// must2 is must for two results.
func must2[A, B any](a A, b B, err error) func(t *testing.T) (A, B) {
	return func(t *testing.T) (A, B) {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return a, b
	}
}

// testEPCISDescendants: WD_bizLocation and WD_readPoint take in the
// locations below the one named (PLANT's zones) and a GLN's extensions
// (a partner's event at DC1's dock, .../414/{gln}/254/DOCK), in either
// spelling.
func testEPCISDescendants(t *testing.T, w *epcisWorld) {
	w.late(t)
	dock := strings.Replace(receivingEvent("urn:uuid:22222222-2222-4222-8222-222222222222", "L1", "1"),
		`"bizLocation":{"id":"`+dc1+`"}`, `"bizLocation":{"id":"https://id.gs1.org/414/0614141000012/254/DOCK"}`, 1)
	must(w.s.Capture(ctx, epcisDoc(t, dock), epcis.CaptureOptions{KeepUnknown: true}))(t)
	w.ids["dock"] = "urn:uuid:22222222-2222-4222-8222-222222222222"
	w.seq = append(w.seq, "dock")
	for _, c := range []struct {
		name   string
		params map[string][]string
		want   []string
	}{
		{"SiteTakesItsZones", p("WD_bizLocation", "urn:lotledger:location:PLANT"), []string{"r1", "r2", "prod"}},
		{"EQIsTheSiteAlone", p("EQ_bizLocation", "urn:lotledger:location:PLANT"), []string{}},
		{"AZoneAlone", p("WD_bizLocation", "urn:lotledger:location:PLANT-FG"), []string{}},
		{"GLNTakesItsExtensions", p("WD_bizLocation", dc1), []string{"r3", "late", "dock"}},
		{"AnExtensionAlone", p("WD_bizLocation", "urn:epc:id:sgln:0614141.00001.DOCK"), []string{"dock"}},
		{"UnknownMatchesItself", p("WD_bizLocation", "https://id.gs1.org/414/9521234000006"), []string{}},
		{"ReadPoint", p("WD_readPoint", "urn:lotledger:location:PLANT"), []string{"r1", "r2", "prod"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got, _ := w.query(lotledger.EPCISQuery{Params: c.params}); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

// testEPCISOrder: orderBy eventTime and recordTime, each way, page by page;
// eventCountLimit across pages; maxEventCount; and the controls' errors.
// The late receipt makes event time order differ from ledger order.
func testEPCISOrder(t *testing.T, w *epcisWorld) {
	w.late(t)
	byTime := []string{"late", "r1", "r2", "r3", "ship", "prod", "hold"}
	reversed := func(in []string) []string {
		out := slices.Clone(in)
		slices.Reverse(out)
		return out
	}
	ctl := func(kv ...string) map[string][]string {
		m := map[string][]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = []string{kv[i+1]}
		}
		return m
	}
	for _, c := range []struct {
		name   string
		params map[string][]string
		want   []string
	}{
		{"EventTimeDefaultsToDescending", ctl("orderBy", "eventTime"), reversed(byTime)},
		{"EventTimeAscending", ctl("orderBy", "eventTime", "orderDirection", "ASC"), byTime},
		// Every event was recorded at the suite's one instant: ledger order
		// breaks the tie.
		{"RecordTimeAscending", ctl("orderBy", "recordTime", "orderDirection", "ASC"), w.seq},
		{"RecordTimeDescending", ctl("orderBy", "recordTime", "orderDirection", "DESC"), reversed(w.seq)},
		{"DirectionWithoutOrderIsLedgerOrder", ctl("orderDirection", "DESC"), w.seq},
		{"WithAFilter", map[string][]string{"orderBy": {"eventTime"}, "EQ_action": {"ADD"}}, []string{"r3", "r2", "r1", "late"}},
		{"MostRecentShipment", ctl("orderBy", "eventTime", "EQ_bizStep", "shipping", "eventCountLimit", "1"), []string{"ship"}},
		{"FirstThree", ctl("orderBy", "eventTime", "orderDirection", "ASC", "eventCountLimit", "3"), byTime[:3]},
		{"MaxEventCountNotExceeded", ctl("maxEventCount", "7"), w.seq},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, per := range []int{1, 2, 1000} {
				if got := w.allPages(c.params, per); !reflect.DeepEqual(got, c.want) {
					t.Errorf("perPage %d: got %v, want %v", per, got, c.want)
				}
			}
		})
	}
	t.Run("MaxEventCountExceeded", func(t *testing.T) {
		_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: ctl("maxEventCount", "6")})
		wantError(t, err, lotledger.ETOOLARGE, "maxEventCount")
	})
	t.Run("Errors", func(t *testing.T) {
		_, res := w.query(lotledger.EPCISQuery{Params: ctl("orderBy", "eventTime"), PerPage: 2})
		for _, c := range []struct {
			q     lotledger.EPCISQuery
			field string
		}{
			{lotledger.EPCISQuery{Params: ctl("orderBy", "quantity")}, "orderBy"},
			{lotledger.EPCISQuery{Params: p("orderBy", "eventTime", "recordTime")}, "orderBy"},
			{lotledger.EPCISQuery{Params: ctl("orderBy", "eventTime", "orderDirection", "down")}, "orderDirection"},
			{lotledger.EPCISQuery{Params: ctl("orderBy", "eventTime", "eventCountLimit", "0")}, "eventCountLimit"},
			{lotledger.EPCISQuery{Params: ctl("orderBy", "eventTime", "eventCountLimit", "many")}, "eventCountLimit"},
			{lotledger.EPCISQuery{Params: ctl("eventCountLimit", "1")}, "eventCountLimit"},
			{lotledger.EPCISQuery{Params: ctl("orderBy", "eventTime", "eventCountLimit", "1", "maxEventCount", "1")}, "eventCountLimit"},
			{lotledger.EPCISQuery{Params: ctl("maxEventCount", "-1")}, "maxEventCount"},
			// A token continues only the order it was issued for.
			{lotledger.EPCISQuery{Params: ctl("orderBy", "eventTime", "orderDirection", "ASC"), NextPageToken: res.NextPageToken}, "nextPageToken"},
			{lotledger.EPCISQuery{NextPageToken: res.NextPageToken}, "nextPageToken"},
		} {
			_, err := w.s.QueryEPCIS(ctx, c.q)
			wantError(t, err, lotledger.EINVALID, c.field)
		}
	})
}

// epcisCases are the filter checks, by name: parameters and the events
// they must find, in ledger order.
var epcisCases = []struct {
	name   string
	params map[string][]string
	want   []string
}{
	{"All", nil, []string{"r1", "r2", "r3", "ship", "prod", "hold"}},
	{"EventType", p("eventType", "TransformationEvent", "AggregationEvent"), []string{"prod"}},
	{"ActionADD", p("EQ_action", "ADD"), []string{"r1", "r2", "r3"}},
	{"ActionOBSERVE", p("EQ_action", "OBSERVE"), []string{"ship", "hold"}},
	{"BizStepBare", p("EQ_bizStep", "shipping"), []string{"ship"}},
	{"BizStepWebURI", p("EQ_bizStep", "https://ref.gs1.org/cbv/BizStep-receiving"), []string{"r1", "r2", "r3"}},
	{"DispositionList", p("EQ_disposition", "non_sellable_other", "https://ref.gs1.org/cbv/Disp-active"), []string{"prod", "hold"}},
	{"ReadPointURN", p("EQ_readPoint", "urn:epc:id:sgln:0614141.00001.0"), []string{"r3", "ship"}},
	{"BizLocationDigitalLink", p("EQ_bizLocation", "https://id.gs1.org/414/0614141000012"), []string{"r3"}},
	{"BizLocationLotledgerURN", p("EQ_bizLocation", "urn:lotledger:location:PLANT-RAW"), []string{"r1", "r2", "prod"}},
	{"EPCClassDigitalLink", p("MATCH_epcClass", "https://id.gs1.org/01/00614141000036/10/L1"), []string{"r3", "ship", "hold"}},
	{"EPCClassURN", p("MATCH_epcClass", "urn:epc:class:lgtin:0614141.000003.L1"), []string{"r3", "ship", "hold"}},
	{"EPCClassPattern", p("MATCH_epcClass", "urn:epc:idpat:sgtin:0614141.000003.*"), []string{"r3", "ship", "hold"}},
	{"AnyEPCClassPattern", p("MATCH_anyEPCClass", "urn:epc:idpat:sgtin:0614141.000003.*"), []string{"r3", "ship", "prod", "hold"}},
	{"AnyEPCClassCompanyPattern", p("MATCH_anyEPCClass", "urn:epc:idpat:sgtin:0614141.*.*"), []string{"r3", "ship", "prod", "hold"}},
	{"AnyEPCClassPrefix", p("MATCH_anyEPCClass", "urn:lotledger:class:PEANUT:*"), []string{"r1", "prod"}},
	{"PrefixIsCaseSensitive", p("MATCH_anyEPCClass", "urn:lotledger:class:peanut:*"), []string{}},
	{"PrefixWildcardsAreLiteral", p("MATCH_anyEPCClass", "urn:lotledger:class:PEANUT:_*", "urn:lotledger:class:PEANUT:?*", "urn:lotledger:class:PEANUT:%*"), []string{}},
	{"InputEPCClass", p("MATCH_inputEPCClass", "urn:lotledger:class:SALT:S1"), []string{"prod"}},
	{"OutputEPCClass", p("MATCH_outputEPCClass", "https://id.gs1.org/01/00614141000036/10/PB-A"), []string{"prod"}},
	{"EPCNone", p("MATCH_epc", "urn:epc:id:sgtin:0614141.000003.1"), []string{}},
	{"AnyEPCPrefixNone", p("MATCH_anyEPC", "https://id.gs1.org/00/*"), []string{}},
	{"BizTransaction", p("EQ_bizTransaction_desadv", "urn:lotledger:ref:ASN-1"), []string{"ship"}},
	{"BizTransactionList", p("EQ_bizTransaction_po", "urn:lotledger:ref:PO-1", "urn:lotledger:ref:PO-2"), []string{"r1", "r3"}},
	{"BizTransactionTypeURI", p("EQ_bizTransaction_https://ref.gs1.org/cbv/BTT-prodorder", "urn:lotledger:ref:MO-1"), []string{"prod"}},
	{"Destination", p("EQ_destination_owning_party", "urn:lotledger:party:STORE1"), []string{"ship"}},
	{"GEEventTime", p("GE_eventTime", "2026-03-04T08:00:00Z"), []string{"ship", "prod", "hold"}},
	{"LTEventTimeOffset", p("LT_eventTime", "2026-03-02T08:00:00+01:00"), []string{"r1"}},
	{"EventTimeRange", map[string][]string{"GE_eventTime": {"2026-03-02T07:00:00Z"}, "LT_eventTime": {"2026-03-04T08:00:00Z"}}, []string{"r2", "r3"}},
	{"GERecordTime", p("GE_recordTime", "2026-03-10T12:00:00Z"), []string{"r1", "r2", "r3", "ship", "prod", "hold"}},
	{"GERecordTimeNanosecondLater", p("GE_recordTime", "2026-03-10T12:00:00.000000001Z"), []string{}},
	{"LTRecordTimeNanosecondLater", p("LT_recordTime", "2026-03-10T14:00:00.000000001+02:00"), []string{"r1", "r2", "r3", "ship", "prod", "hold"}},
	{"LTRecordTime", p("LT_recordTime", "2026-03-10T12:00:00Z"), []string{}},
	{"Combined", map[string][]string{"EQ_bizStep": {"receiving"}, "MATCH_anyEPCClass": {"urn:epc:idpat:sgtin:0614141.000003.*"}}, []string{"r3"}},
	{"ErrorDeclarationNone", p("EXISTS_errorDeclaration", ""), []string{}},
}

func p(name string, values ...string) map[string][]string { return map[string][]string{name: values} }

func testEPCISFilters(t *testing.T, w *epcisWorld) {
	for _, c := range epcisCases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := w.query(lotledger.EPCISQuery{Params: c.params})
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
	t.Run("EventIDs", func(t *testing.T) {
		got, _ := w.query(lotledger.EPCISQuery{Params: p("EQ_eventID", w.ids["prod"], w.ids["ship"])})
		if want := []string{"ship", "prod"}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}

// testEPCISPaging follows nextPageToken through every page size and checks
// that the pages add up to the whole answer, in order, with no token after
// the last page.
func testEPCISPaging(t *testing.T, w *epcisWorld) {
	for _, per := range []int{1, 2, 3, 4, 6, 7} {
		var all []string
		q := lotledger.EPCISQuery{PerPage: per}
		for pages := 1; ; pages++ {
			got, res := w.query(q)
			if len(got) > per || (res.NextPageToken != "" && len(got) != per) {
				t.Fatalf("perPage %d page %d: %d events, token %q", per, pages, len(got), res.NextPageToken)
			}
			all = append(all, got...)
			if res.NextPageToken == "" {
				break
			}
			if !res.NextPageExpires.After(res.Time) {
				t.Errorf("token expires %v, not after %v", res.NextPageExpires, res.Time)
			}
			q.NextPageToken = res.NextPageToken
		}
		if !reflect.DeepEqual(all, w.seq) {
			t.Errorf("perPage %d: pages hold %v, want %v", per, all, w.seq)
		}
	}
	t.Run("FilterKeptAcrossPages", func(t *testing.T) {
		first, res := w.query(lotledger.EPCISQuery{Params: p("EQ_action", "ADD"), PerPage: 2})
		second, res2 := w.query(lotledger.EPCISQuery{Params: p("EQ_action", "ADD"), PerPage: 2, NextPageToken: res.NextPageToken})
		if got := append(first, second...); !reflect.DeepEqual(got, []string{"r1", "r2", "r3"}) || res2.NextPageToken != "" {
			t.Errorf("got %v, last token %q", got, res2.NextPageToken)
		}
	})
	t.Run("DefaultAndCap", func(t *testing.T) {
		if got, _ := w.query(lotledger.EPCISQuery{PerPage: 1_000_000}); len(got) != len(w.seq) {
			t.Errorf("a huge perPage got %d events", len(got))
		}
	})
}

func testEPCISBadParameters(t *testing.T, w *epcisWorld) {
	for _, c := range []struct {
		q     lotledger.EPCISQuery
		field string
	}{
		{lotledger.EPCISQuery{Params: p("EQ_colour", "red")}, "EQ_colour"},
		{lotledger.EPCISQuery{Params: p("EQ_action", "ADD", "MOVE")}, "EQ_action"},
		{lotledger.EPCISQuery{Params: p("GE_eventTime", "yesterday")}, "GE_eventTime"},
		{lotledger.EPCISQuery{Params: p("LT_recordTime", "2026-03-10T12:00:00")}, "LT_recordTime"},
		{lotledger.EPCISQuery{Params: p("GE_eventTime", "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z")}, "GE_eventTime"},
		{lotledger.EPCISQuery{Params: p("MATCH_epc", "urn:epc:idpat:sgtin:*.000003.*")}, "MATCH_epc"},
		{lotledger.EPCISQuery{Params: p("MATCH_anyEPC", "*")}, "MATCH_anyEPC"},
		{lotledger.EPCISQuery{Params: p("EQ_bizStep", "")}, "EQ_bizStep"},
		{lotledger.EPCISQuery{Params: p("EQ_bizTransaction_", "x")}, "EQ_bizTransaction_"},
		{lotledger.EPCISQuery{PerPage: -1}, "perPage"},
		{lotledger.EPCISQuery{NextPageToken: "not-a-token"}, "nextPageToken"},
	} {
		_, err := w.s.QueryEPCIS(ctx, c.q)
		wantError(t, err, lotledger.EINVALID, c.field)
	}
}

// epcisSnapshotQueries read the EPCIS index.
var epcisSnapshotQueries = []string{
	`SELECT seq, event_type, event_time, action, biz_step, disposition, read_point, biz_location, event_hash, error_declared FROM epcis_events`,
	`SELECT seq, role, uri FROM epcis_refs`,
	`SELECT seq, n, uom, quantity FROM epcis_quantities`,
	`SELECT seq, n, type, device_id, uom, value, min_value, max_value FROM epcis_sensors`,
}

// testEPCISRebuild: every event is indexed, and Rebuild writes the same
// index again.
func testEPCISRebuild(t *testing.T, w *epcisWorld) {
	var events, indexed int
	db := w.s.DB()
	if err := db.QueryRow(`SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM epcis_events)`).Scan(&events, &indexed); err != nil {
		t.Fatal(err)
	}
	if events != len(w.seq) || indexed != events {
		t.Fatalf("%d events, %d indexed, want %d", events, indexed, len(w.seq))
	}
	live := snapshot(t, db, epcisSnapshotQueries)
	if err := w.s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := snapshot(t, db, epcisSnapshotQueries); rebuilt != live {
		t.Fatalf("rebuilt index differs\nlive:\n%s\nrebuilt:\n%s", live, rebuilt)
	}
}

// testEPCISByID: one event by eventID and by its CBV 2.0 hash, the hash
// also as EQ_eventID; an unknown id is not found.
func testEPCISByID(t *testing.T, w *epcisWorld) {
	doc := must(w.s.EPCISEvent(ctx, w.ids["ship"]))(t)
	if got := w.names([]json.RawMessage{doc}); got[0] != "ship" {
		t.Fatalf("EPCISEvent(ship) = %v", got)
	}
	hash, err := epcis.EventHash(doc)
	if err != nil {
		t.Fatal(err)
	}
	if byHash := must(w.s.EPCISEvent(ctx, hash))(t); string(byHash) != string(doc) {
		t.Errorf("by hash: %s", byHash)
	}
	if got, _ := w.query(lotledger.EPCISQuery{Params: p("EQ_eventID", hash)}); !reflect.DeepEqual(got, []string{"ship"}) {
		t.Errorf("EQ_eventID hash: got %v", got)
	}
	var missing int
	if err := w.s.DB().QueryRow(`SELECT COUNT(*) FROM epcis_events WHERE event_hash = ''`).Scan(&missing); err != nil || missing != 0 {
		t.Errorf("%d events left without a hash (%v)", missing, err)
	}
	_, err = w.s.EPCISEvent(ctx, "urn:uuid:00000000-0000-4000-8000-000000000000")
	wantError(t, err, lotledger.ENOTFOUND, "eventID")
	_, err = w.s.EPCISEvent(ctx, "ni:///sha-256;00?ver=CBV2.0")
	wantError(t, err, lotledger.ENOTFOUND, "eventID")
}
