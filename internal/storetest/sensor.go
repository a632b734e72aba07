package storetest

import (
	"slices"
	"strings"
	"testing"

	"lotledger"
	"lotledger/store"
)

// sensorEvent is an inspection of a pallet (an SSCC the ledger does not
// track) with the given sensorElementList.
func sensorEvent(id, sensors string) string {
	list := ""
	if sensors != "" {
		list = `,"sensorElementList":` + sensors
	}
	return `{"type":"ObjectEvent","eventID":"` + id + `","eventTime":"2026-03-09T10:00:00Z","eventTimeZoneOffset":"+00:00",
		"action":"OBSERVE","bizStep":"inspecting","epcList":["urn:epc:id:sscc:0614141.1234567890"]` + list + `}`
}

// testSensorQueries: the sensor parameters of the query interface, over
// reports in Celsius and Fahrenheit, from a report's own fields and its
// metadata's.
func testSensorQueries(t *testing.T, open Opener) {
	w := &epcisWorld{world: newWorld(t, open), ids: map[string]string{}}
	events := map[string]string{
		"cool": sensorEvent("urn:uuid:00000000-0000-4000-8000-000000000001", `[{"sensorMetadata":{"time":"2026-03-09T09:00:00Z","deviceID":"urn:epc:id:giai:4000001.111"},
			"sensorReport":[{"type":"Temperature","value":5,"uom":"CEL"},{"type":"AbsoluteHumidity","value":60,"uom":"A93"}]}]`),
		"range": sensorEvent("urn:uuid:00000000-0000-4000-8000-000000000002", `[{"sensorMetadata":{"startTime":"2026-03-08T00:00:00Z","endTime":"2026-03-09T00:00:00Z"},
			"sensorReport":[{"type":"gs1:Temperature","minValue":2.1,"maxValue":9.4,"uom":"CEL"},{"type":"ex:doorOpen","booleanValue":true}]}]`),
		"warm": sensorEvent("urn:uuid:00000000-0000-4000-8000-000000000003", `[{"sensorMetadata":{"time":"2026-03-09T09:30:00Z"},
			"sensorReport":[{"type":"Temperature","value":50,"uom":"FAH","deviceID":"urn:epc:id:giai:4000001.222"}]}]`),
		"none": sensorEvent("urn:uuid:00000000-0000-4000-8000-000000000004", ""),
	}
	names := []string{"cool", "range", "warm", "none"}
	var docs []string
	for _, n := range names {
		docs = append(docs, events[n])
		w.ids[n] = "urn:uuid:00000000-0000-4000-8000-00000000000" + string(rune('1'+slices.Index(names, n)))
	}
	must(w.s.Capture(ctx, epcisDoc(t, docs...), store.CaptureOptions{KeepUnknown: true}))(t)
	p := queryParams
	cases := []queryCase{
		{"Exists", p("EXISTS_sensorElementList", ""), []string{"cool", "range", "warm"}},
		{"Type", p("EQ_type", "Temperature"), []string{"cool", "range", "warm"}},
		{"TypeAsGS1Term", p("EQ_type", "https://gs1.org/voc/AbsoluteHumidity"), []string{"cool"}},
		{"OtherType", p("EQ_type", "ex:doorOpen"), []string{"range"}},
		{"AboveEightCelsius", p("GT_value_CEL", "8"), []string{"warm"}}, // 50 °F is 10 °C
		{"MaxAboveEight", p("GT_maxValue_CEL", "8"), []string{"range"}},
		{"InFahrenheit", p("GE_value_FAH", "41"), []string{"cool", "warm"}}, // 5 °C is 41 °F
		{"InKelvin", p("LT_value_KEL", "280"), []string{"cool"}},
		{"Humidity", p("GE_value_A93", "50"), []string{"cool"}},
		{"EqualValues", p("EQ_value_CEL", "5", "EQ_value_CEL", "7"), []string{"cool"}},
		{"DeviceFromMetadata", p("EQ_deviceID", "urn:epc:id:giai:4000001.111"), []string{"cool"}},
		{"DeviceOfTheReport", p("EQ_deviceID", "https://id.gs1.org/8004/4000001222"), []string{"warm"}},
		{"ReportTime", p("GE_time", "2026-03-09T09:15:00Z"), []string{"warm"}},
		{"StartTime", p("LT_startTime", "2026-03-09T00:00:00Z"), []string{"range"}},
		{"Boolean", p("EQ_booleanValue", "true"), []string{"range"}},
		{"TypeAndValue", p("EQ_type", "Temperature", "LT_value_CEL", "6"), []string{"cool"}},
	}
	check := func(t *testing.T) { w.checkQueries(t, cases) }
	check(t)
	for _, bad := range []struct{ name, value string }{
		{"GT_value_CEL", "warm"}, {"EQ_booleanValue", "maybe"}, {"GE_time", "yesterday"}, {"GT_percRank", "x"},
	} {
		_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: p(bad.name, bad.value)})
		wantError(t, err, lotledger.EINVALID, bad.name)
	}
	// Rebuild recomputes the sensor index with the rest of the EPCIS index.
	if err := w.s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("AfterRebuild", check)
}

// testPersistentDisposition: EQ_persistentDisposition_set and _unset, with
// dispositions written bare or as CBV web URIs.
func testPersistentDisposition(t *testing.T, open Opener) {
	w := &epcisWorld{world: newWorld(t, open), ids: map[string]string{
		"infer": "urn:uuid:00000000-0000-4000-8000-000000000011", "verify": "urn:uuid:00000000-0000-4000-8000-000000000012"}}
	ev := func(id, pd string) string {
		return `{"type":"ObjectEvent","eventID":"` + id + `","eventTime":"2026-03-09T10:00:00Z","eventTimeZoneOffset":"+00:00",
			"action":"OBSERVE","bizStep":"receiving","epcList":["urn:epc:id:sscc:0614141.1234567890"],"persistentDisposition":` + pd + `}`
	}
	must(w.s.Capture(ctx, epcisDoc(t, ev(w.ids["infer"], `{"set":["https://ref.gs1.org/cbv/Disp-completeness_inferred"]}`),
		ev(w.ids["verify"], `{"unset":["completeness_inferred"],"set":["completeness_verified"]}`)), store.CaptureOptions{KeepUnknown: true}))(t)
	for _, c := range []struct {
		name, value string
		want        []string
	}{
		{"EQ_persistentDisposition_set", "completeness_inferred", []string{"infer"}},
		{"EQ_persistentDisposition_set", "completeness_verified|completeness_inferred", []string{"infer", "verify"}},
		{"EQ_persistentDisposition_unset", "https://ref.gs1.org/cbv/Disp-completeness_inferred", []string{"verify"}},
		{"EQ_persistentDisposition_unset", "completeness_verified", []string{}},
	} {
		got, _ := w.query(lotledger.EPCISQuery{Params: map[string][]string{c.name: strings.Split(c.value, "|")}})
		if !slices.Equal(got, c.want) {
			t.Errorf("%s=%s: %v, want %v", c.name, c.value, got, c.want)
		}
	}
}

// queryParams makes query parameters of name, value pairs; a name given
// twice has two values.
func queryParams(kv ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], kv[i+1])
	}
	return m
}

// queryCase is a query and the names of the events it finds, in order.
type queryCase struct {
	name   string
	params map[string][]string
	want   []string
}

// checkQueries runs each case as a subtest.
func (w *epcisWorld) checkQueries(t *testing.T, cases []queryCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, _ := w.query(lotledger.EPCISQuery{Params: c.params})
			if !slices.Equal(got, c.want) {
				t.Errorf("%v = %v, want %v", c.params, got, c.want)
			}
		})
	}
}
