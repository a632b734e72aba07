package epcis

import (
	"encoding/json"
	"testing"
)

// TestIndexFields lists ILMD and extension properties by IRI, nested ones
// under the INNER_ places, times in their comparable form, and a property
// with a prefix only its document defines also under its name as written.
// TestIndexFields_Parts: the extension properties of an event's error
// declaration, sensor elements, their metadata and reports, readPoint and
// bizLocation, each at its own place; EPCIS's own members are not fields.
func TestIndexFields_Parts(t *testing.T) {
	ev, err := DecodeEvent([]byte(`{"@context":{"ex":"https://ns.example.com/"},"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00Z",
	 "eventTimeZoneOffset":"+00:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.2018"],
	 "readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0","https://ns.example.com/dock":"D4"},
	 "bizLocation":{"id":"urn:epc:id:sgln:0614141.00777.0","https://ns.example.com/zone":{"https://ns.example.com/row":3}},
	 "errorDeclaration":{"declarationTime":"2026-03-02T08:00:00Z","reason":"incorrect_data","https://ns.example.com/ticket":"T-1"},
	 "sensorElementList":[{"sensorMetadata":{"time":"2026-03-01T08:00:00Z","bizRules":"https://example.com/r","https://ns.example.com/cal":"2026-01-15"},
	   "sensorReport":[{"type":"Temperature","value":4.5,"uom":"CEL","https://ns.example.com/probe":"P1"},
	     {"type":"Temperature","value":5,"uom":"CEL","https://ns.example.com/probe":"P2"}],
	   "https://ns.example.com/battery":81}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ns := "https://ns.example.com/"
	want := map[string]string{
		FieldKey(FieldReadPoint, ns+"dock", false):          `["D4"]`,
		FieldKey(FieldBizLocation, ns+"zone", false):        `[]`,
		FieldKey(FieldInnerBizLocation, ns+"row", false):    `[3]`,
		FieldKey(FieldErrorDeclaration, ns+"ticket", false): `["T-1"]`,
		FieldKey(FieldSensorMetadata, ns+"cal", false):      `["2026-01-15"]`,
		FieldKey(FieldSensorMetadata, ns+"cal", true):       `["2026-01-15"]`,
		FieldKey(FieldSensorReport, ns+"probe", false):      `["P1","P2"]`,
		FieldKey(FieldSensorElement, ns+"battery", false):   `[81]`,
	}
	got := IndexFields(&ev)
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(got), &m); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	if len(m) != len(want) {
		t.Errorf("%d keys, want %d: %s", len(m), len(want), got)
	}
	for k, w := range want {
		if string(m[k]) != w {
			t.Errorf("%s: %s, want %s", k, m[k], w)
		}
	}
	if fields := Fields(&ev); len(fields[FieldKey(FieldSensorReport, ns+"probe", false)]) != 2 {
		t.Errorf("Fields: %v", fields)
	}
}

func TestIndexFields(t *testing.T) {
	doc := []byte(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"example":"https://ns.example.com/epcis/"}],
	"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-01T08:00:00Z","epcisBody":{"eventList":[
	{"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00Z","eventTimeZoneOffset":"+00:00","action":"ADD","epcList":["urn:epc:id:sgtin:0614141.107346.2018"],
	 "ilmd":{"cbvmda:itemExpirationDate":"2027-03-01","cbvmda:lotNumber":"L1","example:grading":{"example:grade":"A","example:score":92.5}},
	 "example:temperature":4,"example:checked":true,"example:packedAt":"2026-03-01T10:00:00+02:00",
	 "urn:custom:field":{"@value":"x"},"example:tags":["a","b","a"]}]}}`)
	d, err := DecodeDocument(doc)
	if err != nil {
		t.Fatal(err)
	}
	got := IndexFields(&d.Events[0], d.Context)
	var m map[string][]any
	if err := json.Unmarshal([]byte(got), &m); err != nil {
		t.Fatalf("%s: %v", got, err)
	}
	ns := "https://ns.example.com/epcis/"
	want := map[string]string{
		FieldKey(FieldILMD, "urn:epcglobal:cbv:mda:itemExpirationDate", false): `["2027-03-01"]`,
		FieldKey(FieldILMD, "urn:epcglobal:cbv:mda:itemExpirationDate", true):  `["2027-03-01"]`,
		FieldKey(FieldILMD, "urn:epcglobal:cbv:mda:lotNumber", false):          `["L1"]`,
		FieldKey(FieldILMD, ns+"grading", false):                               `[]`,
		FieldKey(FieldILMD, "example:grading", false):                          `[]`,
		FieldKey(FieldInnerILMD, ns+"grade", false):                            `["A"]`,
		FieldKey(FieldInnerILMD, "example:grade", false):                       `["A"]`,
		FieldKey(FieldInnerILMD, ns+"score", false):                            `[92.5]`,
		FieldKey(FieldInnerILMD, "example:score", false):                       `[92.5]`,
		FieldKey(FieldExtension, ns+"temperature", false):                      `[4]`,
		FieldKey(FieldExtension, "example:temperature", false):                 `[4]`,
		FieldKey(FieldExtension, ns+"checked", false):                          `["true"]`,
		FieldKey(FieldExtension, "example:checked", false):                     `["true"]`,
		FieldKey(FieldExtension, ns+"packedAt", false):                         `["2026-03-01T10:00:00+02:00"]`,
		FieldKey(FieldExtension, "example:packedAt", false):                    `["2026-03-01T10:00:00+02:00"]`,
		FieldKey(FieldExtension, ns+"packedAt", true):                          `["2026-03-01T08:00:00.000000000Z"]`,
		FieldKey(FieldExtension, "example:packedAt", true):                     `["2026-03-01T08:00:00.000000000Z"]`,
		FieldKey(FieldExtension, "urn:custom:field", false):                    `["x"]`,
		FieldKey(FieldExtension, ns+"tags", false):                             `["a","b"]`,
		FieldKey(FieldExtension, "example:tags", false):                        `["a","b"]`,
	}
	if len(m) != len(want) {
		t.Errorf("%d keys, want %d: %s", len(m), len(want), got)
	}
	for k, w := range want {
		v, ok := m[k]
		b, _ := json.Marshal(v)
		if !ok || string(b) != w {
			t.Errorf("%s: %s (present %v), want %s", k, b, ok, w)
		}
	}
	// The same event read back from the ledger, its context carried on it
	// (as capture stores it), gives the same text.
	stored, err := DecodeEvent([]byte(`{"@context":` + string(d.Context) + `,` + string(d.Events[0].Raw[1:])))
	if err != nil {
		t.Fatal(err)
	}
	if again := IndexFields(&stored); again != got {
		t.Errorf("stored event: %s\nwant %s", again, got)
	}
	if f := IndexFields(&Event{}); f != "" {
		t.Errorf("an event without fields: %q", f)
	}
}

func TestFieldTime(t *testing.T) {
	for in, want := range map[string]string{
		"2027-03-01":                "2027-03-01",
		"2027-02-30":                "",
		"2026-03-01T10:00:00+02:00": "2026-03-01T08:00:00.000000000Z",
		"2026-03-01T08:00:00.5Z":    "2026-03-01T08:00:00.500000000Z",
		"2026-03-01T08:00:00":       "",
		"L1":                        "",
		"12345678901":               "",
	} {
		got, ok := FieldTime(in)
		if got != want || ok != (want != "") {
			t.Errorf("FieldTime(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestExpandFieldName(t *testing.T) {
	for in, want := range map[string]string{
		"cbvmda:itemExpirationDate":       "urn:epcglobal:cbv:mda:itemExpirationDate",
		"lotledger:supplierLot":           Namespace + "supplierLot",
		"https://ns.example.com/x#y":      "https://ns.example.com/x#y",
		"urn:epcglobal:cbv:mda#lotNumber": "urn:epcglobal:cbv:mda:lotNumber",
		"example:myField":                 "",
	} {
		got, known := ExpandFieldName(in)
		if known != (want != "") || (known && got != want) {
			t.Errorf("ExpandFieldName(%q) = %q, %v; want %q", in, got, known, want)
		}
	}
}
