package epcis

import (
	"encoding/json"
	"testing"
)

func TestDigitalLinks_WritesEPCURNsAsDigitalLinks(t *testing.T) {
	in := `{"type":"ObjectEvent", "epcList": [ "urn:epc:id:sgtin:0614141.107346.2017","https://id.gs1.org/01/00614141000036/21/9"],
	"quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":2}],
	"readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0"},"parentID":"urn:epc:id:sscc:0614141.1234567890",
	"urn:epc:id:sgtin:0614141.107346.1":"a key stays","example:note":"urn:epc:id:sg\u0074in:0614141.107346.3",
	"pattern":"urn:epc:idpat:sgtin:0614141.107346.*","other":"urn:epc:id:unknown:1"}`
	want := `{"type":"ObjectEvent", "epcList": [ "https://id.gs1.org/01/10614141073464/21/2017","https://id.gs1.org/01/00614141000036/21/9"],
	"quantityList":[{"epcClass":"https://id.gs1.org/01/04012345123456/10/998877","quantity":2}],
	"readPoint":{"id":"https://id.gs1.org/414/0614141007776"},"parentID":"https://id.gs1.org/00/106141412345678908",
	"urn:epc:id:sgtin:0614141.107346.1":"a key stays","example:note":"urn:epc:id:sg\u0074in:0614141.107346.3",
	"pattern":"urn:epc:idpat:sgtin:0614141.107346.*","other":"urn:epc:id:unknown:1"}`
	if got := string(DigitalLinks([]byte(in))); got != want {
		t.Errorf("DigitalLinks =\n%s\nwant\n%s", got, want)
	}
	plain := []byte(`{"epcList":["https://id.gs1.org/01/00614141000036/21/9"]}`)
	if got := DigitalLinks(plain); &got[0] != &plain[0] {
		t.Error("an event without EPC URNs was copied")
	}
}

// FuzzDigitalLinks: valid JSON stays valid, and a second pass changes
// nothing.
func FuzzDigitalLinks(f *testing.F) {
	f.Add([]byte(`{"epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"a":"urn:epc:class:lgtin:4012345.012345.998877"}`))
	f.Add([]byte(`["urn:epc:id:sgln:0614141.00777.0", "urn:epc:id:sscc:0614141.1234567890" ,{"urn:epc:id:x":1}]`))
	f.Add([]byte(`"urn:epc:id:sgtin:0614141.107346.\"2017"`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return
		}
		once := DigitalLinks(b)
		if !json.Valid(once) {
			t.Fatalf("%s became invalid JSON: %s", b, once)
		}
		if twice := DigitalLinks(once); string(twice) != string(once) {
			t.Fatalf("second pass changed %s to %s", once, twice)
		}
	})
}

// BenchmarkDigitalLinks: one event of a partner that writes EPC URNs (an
// instance, a lot, a location), and one that already writes Digital Links.
func BenchmarkDigitalLinks(b *testing.B) {
	urns := []byte(`{"type":"ObjectEvent","eventTime":"2025-06-01T07:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE",
		"epcList":["urn:epc:id:sgtin:0614141.107346.2017"],"quantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":2}],
		"bizStep":"receiving","readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0"},"recordTime":"2025-06-02T09:30:00.000Z"}`)
	dls := DigitalLinks(urns)
	for _, c := range []struct {
		name  string
		event []byte
	}{{"URNs", urns}, {"DigitalLinks", dls}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				DigitalLinks(c.event)
			}
		})
	}
}
