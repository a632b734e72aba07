package epcis

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func masterDoc(header string) string {
	return `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://example.com/ns/"}],
		"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-10T08:00:00Z","epcisHeader":` + header + `,"epcisBody":{"eventList":[]}}`
}

func TestDecodeDocument_MasterData(t *testing.T) {
	body := masterDoc(`{"epcisMasterData":{"vocabularyList":[
		{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
			{"id":"urn:epc:id:sgln:0614141.00777.0","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"North DC"},
				{"id":"cbvmda:sst","attribute":201.50},{"id":"ex:address","attribute":{ "ex:city" : "Oslo" }},{"id":"ex:none"}],
			 "children":["urn:epc:id:sgln:0614141.00777.1"]}]},
		{"type":"urn:epcglobal:epcis:vtype:BusinessStep","vocabularyElementList":[{"id":"https://ref.gs1.org/cbv/BizStep-receiving"}]}]}}`)
	if err := Validate([]byte(body)); err != nil {
		t.Fatal(err)
	}
	doc, err := DecodeDocument([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.MasterData) != 2 {
		t.Fatalf("%d elements, want 2", len(doc.MasterData))
	}
	loc, step := doc.MasterData[0], doc.MasterData[1]
	if loc.ID != "https://id.gs1.org/414/0614141007776" || loc.Written != "urn:epc:id:sgln:0614141.00777.0" ||
		!slices.Equal(loc.Children, []string{"https://id.gs1.org/414/0614141007776/254/1"}) {
		t.Errorf("location %+v", loc)
	}
	if step.ID != "receiving" {
		t.Errorf("business step id %q, want the bare CBV term", step.ID)
	}
	want := []VocabularyAttribute{
		{IRI: "urn:epcglobal:cbv:mda:name", Value: []byte(`"North DC"`), Key: "s:North DC"},
		{IRI: "urn:epcglobal:cbv:mda:sst", Value: []byte(`201.50`), Key: "n:201.5"},
		{IRI: "https://example.com/ns/address", Alias: "ex:address", Value: []byte(`{"ex:city":"Oslo"}`)},
	}
	if len(loc.Attributes) != len(want) {
		t.Fatalf("attributes %+v, want %d (an attribute without a value is none)", loc.Attributes, len(want))
	}
	for i, a := range loc.Attributes {
		if a.IRI != want[i].IRI || a.Alias != want[i].Alias || string(a.Value) != string(want[i].Value) || a.Key != want[i].Key {
			t.Errorf("attribute %d = %+v, want %+v", i, a, want[i])
		}
	}
	if got := AttributeKeys("201.5"); !slices.Contains(got, "n:201.5") || !slices.Contains(got, "s:201.5") {
		t.Errorf("AttributeKeys(201.5) = %v", got)
	}
}

func TestDecodeDocument_MasterDataErrorsNameThePointer(t *testing.T) {
	for _, c := range []struct{ header, pointer string }{
		{`{"epcisMasterData":{"vocabularyList":[{"vocabularyElementList":[]}]}}`, "/epcisHeader/epcisMasterData/vocabularyList/0/type"},
		{`{"epcisMasterData":{"vocabularyList":[{"type":"urn:x","vocabularyElementList":[{"attributes":[]}]}]}}`,
			"/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/id"},
		{`{"epcisMasterData":{"vocabularyList":[{"type":"urn:x","vocabularyElementList":[{"id":"urn:y","attributes":[{"attribute":1}]}]}]}}`,
			"/epcisHeader/epcisMasterData/vocabularyList/0/vocabularyElementList/0/attributes/0/id"},
		{`{"epcisMasterData":{"vocabularyList":{}}}`, "/epcisHeader"},
	} {
		_, err := DecodeDocument([]byte(masterDoc(c.header)))
		var de *DecodeError
		if !errors.As(err, &de) || de.Pointer != c.pointer {
			t.Errorf("%s: %v, want a decode error at %s", c.header, err, c.pointer)
		}
	}
	if doc, err := DecodeDocument([]byte(strings.Replace(masterDoc(`{}`), `"epcisHeader":{},`, ``, 1))); err != nil || doc.MasterData != nil {
		t.Errorf("no header: %v, %v", doc, err)
	}
}
