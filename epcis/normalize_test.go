package epcis

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The compact form of an event and a form with IRIs, CURIEs, web-URI CBV
// values, another time zone and other number spellings normalise to the
// same thing.
func TestNormalize_CompactAndExpandedFormsAreEqual(t *testing.T) {
	compact := `{"type":"ObjectEvent","eventTime":"2025-03-01T10:00:00.500+01:00","eventTimeZoneOffset":"+01:00",
		"action":"ADD","bizStep":"commissioning","disposition":"active",
		"quantityList":[{"epcClass":"https://id.gs1.org/01/04012345123456/10/L1","quantity":12.5,"uom":"KGM"}],
		"bizTransactionList":[{"type":"po","bizTransaction":"urn:x:po:1"}],
		"sourceList":[{"type":"owning_party","source":"https://id.gs1.org/417/4012345002256"}],
		"ilmd":{"cbvmda:lotNumber":"L1"},"example:note":"n"}`
	expanded := `{"@context":[{"ex":"https://example.org/ns/"}],"type":"https://ref.gs1.org/epcis/ObjectEvent",
		"https://ref.gs1.org/epcis/eventTime":"2025-03-01T09:00:00.5Z","eventTimeZoneOffset":"+01:00",
		"action":"ADD","bizStep":"https://ref.gs1.org/cbv/BizStep-commissioning","disposition":"cbv:Disp-active",
		"quantityList":[{"epcClass":"https://id.gs1.org/01/04012345123456/10/L1","quantity":1.250e1,"uom":"KGM"}],
		"bizTransactionList":[{"type":"https://ref.gs1.org/cbv/BTT-po","bizTransaction":"urn:x:po:1"}],
		"sourceList":[{"type":"urn:epcglobal:cbv:sdt:owning_party","source":"https://id.gs1.org/417/4012345002256"}],
		"ilmd":{"urn:epcglobal:cbv:mda:lotNumber":"L1"},"ex:note":"n"}`
	ctx := json.RawMessage(`{"example":"https://example.org/ns/"}`)
	a, err := Normalize(json.RawMessage(compact), ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Normalize(json.RawMessage(expanded))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("normalised forms differ:\n compact  %v\n expanded %v", a, b)
	}
	if a["eventTime"] != "2025-03-01T09:00:00.5Z" || a["eventTimeZoneOffset"] != "+01:00" {
		t.Errorf("time not normalised to UTC with the offset kept: %v %v", a["eventTime"], a["eventTimeZoneOffset"])
	}
}

func TestNormalize_DifferentQuantitiesDiffer(t *testing.T) {
	a, _ := Normalize(json.RawMessage(`{"quantity":0.1}`))
	b, _ := Normalize(json.RawMessage(`{"quantity":0.10000000000000001}`))
	if reflect.DeepEqual(a, b) {
		t.Error("quantities that float64 cannot tell apart compared equal")
	}
}

func TestCanonicalDecimal(t *testing.T) {
	cases := map[string]string{
		"200": "200", "200.0": "200", "2e2": "200", "1.250e1": "12.5", "-0.0": "0", "0.050": "0.05",
		"1E-3": "0.001", "-12.5": "-12.5", "0": "0", "10": "10", "1.5e+1": "15",
	}
	for in, want := range cases {
		if got, ok := canonicalDecimal(in); !ok || got != want {
			t.Errorf("canonicalDecimal(%s) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"", "-", "01", "1.", ".5", "1e", "1e+", "12 kg", `"12"`, "1e999999999", "NaN"} {
		if got, ok := canonicalDecimal(bad); ok {
			t.Errorf("canonicalDecimal(%q) = %q, want not ok", bad, got)
		}
	}
}

func TestDecodeDocument_TypedFields(t *testing.T) {
	doc, err := DecodeDocument([]byte(validDoc))
	if err != nil {
		t.Fatal(err)
	}
	ev := doc.Events[0]
	if ev.Type != "ObjectEvent" || ev.Action != "OBSERVE" || ev.BizStep != "receiving" ||
		ev.EventTimeZoneOffset != "+01:00" || ev.EventTime.UTC().Hour() != 9 {
		t.Errorf("got %+v", ev)
	}
	want := []QuantityElement{{EPCClass: "https://id.gs1.org/01/04012345123456/10/L1", Quantity: "12.5", UOM: "KGM"}}
	if !reflect.DeepEqual(ev.QuantityList, want) {
		t.Errorf("quantityList = %+v, want %+v", ev.QuantityList, want)
	}
}
