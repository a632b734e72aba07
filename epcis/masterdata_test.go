package epcis

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

func masterDoc(header string) string {
	return `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://example.com/ns/"}],
		"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-10T08:00:00Z","epcisHeader":` + header + `,"epcisBody":{"eventList":[]}}`
}

func TestDecodeDocument_MasterData(t *testing.T) {
	body := masterDoc(`{"epcisMasterData":{"vocabularyList":[
		{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
			{"id":"urn:epc:id:sgln:0614141.00777.0","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"North DC"},
				{"id":"cbvmda:sst","attribute":201.50},{"id":"ex:address","attribute":{ "ex:city" : "Oslo", "lines": [{"ex:no": 1.50, "cbvmda:x": "<y>"}] }},{"id":"ex:none"}],
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
		// Member names of the document's own prefixes are expanded: an
		// export's context does not define them.
		{IRI: "https://example.com/ns/address", Alias: "ex:address",
			Value: []byte(`{"https://example.com/ns/city":"Oslo","lines":[{"cbvmda:x":"<y>","https://example.com/ns/no":1.50}]}`)},
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

func TestDocumentWriter_CloseWithMasterDataRoundTrips(t *testing.T) {
	in, err := DecodeDocument([]byte(masterDoc(`{"epcisMasterData":{"vocabularyList":[
		{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
			{"id":"urn:epc:id:sgln:0614141.00777.0","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"North \"DC\""},
				{"id":"cbvmda:sst","attribute":201.50},{"id":"ex:address","attribute":{"city":"Oslo"}}],
			 "children":["urn:epc:id:sgln:0614141.00777.1"]}]},
		{"type":"urn:epcglobal:epcis:vtype:BusinessStep","vocabularyElementList":[{"id":"https://ref.gs1.org/cbv/BizStep-receiving",
			"attributes":[{"id":"cbvmda:name","attribute":"Receiving"}]}]},
		{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[{"id":"https://id.gs1.org/414/0614141000012"}]}]}}`)))
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	d := NewDocumentWriter(&out, time.Date(2026, 3, 10, 8, 0, 0, 0, time.UTC))
	if err := d.Event([]byte(`{"type":"ObjectEvent","eventTime":"2026-03-10T08:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE","epcList":[]}`)); err != nil {
		t.Fatal(err)
	}
	if err := d.CloseWith(in.MasterData); err != nil {
		t.Fatal(err)
	}
	body := []byte(out.String())
	if err := Validate(body); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	if !strings.Contains(out.String(), `"id":"cbvmda:name","attribute":"North \"DC\""`) ||
		!strings.Contains(out.String(), `"id":"https://example.com/ns/address","attribute":{"city":"Oslo"}`) {
		t.Errorf("attribute names: %s", body)
	}
	back, err := DecodeDocument(body)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Events) != 1 {
		t.Errorf("%d events, want 1", len(back.Events))
	}
	// One vocabulary per type: the second BusinessLocation joins the first.
	want := []VocabularyElement{in.MasterData[0], in.MasterData[2], in.MasterData[1]}
	want[0].Attributes[2].Alias = "" // written as its IRI
	if len(back.MasterData) != len(want) {
		t.Fatalf("%d elements back, want %d: %s", len(back.MasterData), len(want), body)
	}
	for i, el := range back.MasterData {
		w := want[i]
		if el.Type != w.Type || el.ID != w.ID || el.Written != w.Written || !slices.Equal(el.Children, w.Children) || len(el.Attributes) != len(w.Attributes) {
			t.Errorf("element %d = %+v, want %+v", i, el, w)
			continue
		}
		for j, a := range el.Attributes {
			if a.IRI != w.Attributes[j].IRI || a.Alias != w.Attributes[j].Alias || string(a.Value) != string(w.Attributes[j].Value) || a.Key != w.Attributes[j].Key {
				t.Errorf("element %d attribute %d = %+v, want %+v", i, j, a, w.Attributes[j])
			}
		}
	}
	var plain strings.Builder
	d = NewDocumentWriter(&plain, time.Now())
	if err := d.CloseWith(nil); err != nil || strings.Contains(plain.String(), "epcisHeader") {
		t.Errorf("no master data: %v, %s", err, plain.String())
	}
}

func TestItemClass(t *testing.T) {
	for id, want := range map[string]string{
		"https://id.gs1.org/01/00614141000036/10/L1":    "https://id.gs1.org/01/00614141000036",
		"https://id.gs1.org/01/00614141000036/21/S%2F1": "https://id.gs1.org/01/00614141000036",
		"https://id.gs1.org/01/00614141000036":          "",
		"https://id.gs1.org/01/00614141000036/10/":      "",
		"https://id.gs1.org/414/0614141000012/254/1":    "",
		"urn:lotledger:class:PB%3A16:L%3A1":             "urn:lotledger:class:PB%3A16",
		"urn:lotledger:class:SALT":                      "",
		"urn:lotledger:location:DC1":                    "",
	} {
		if got := ItemClass(id); got != want {
			t.Errorf("ItemClass(%s) = %q, want %q", id, got, want)
		}
		if want != "" && !slices.ContainsFunc(ItemMembers(want), func(p string) bool { return strings.HasPrefix(id, p) }) {
			t.Errorf("ItemMembers(%s) = %q, none begins %s", want, ItemMembers(want), id)
		}
	}
}

func TestItemMembers(t *testing.T) {
	for _, id := range []string{"https://id.gs1.org/01/00614141000036/10/L1", "https://id.gs1.org/01/0061414100003", "urn:lotledger:class:SALT:S1",
		"urn:lotledger:class:", "urn:lotledger:location:DC1", "https://id.gs1.org/414/0614141000012"} {
		if m := ItemMembers(id); m != nil {
			t.Errorf("ItemMembers(%s) = %q: not a trade item's class", id, m)
		}
	}
	if got := ItemClassIDs("614141000036", "PB 16"); !slices.Equal(got, []string{"urn:lotledger:class:PB%2016", "https://id.gs1.org/01/00614141000036"}) {
		t.Errorf("ItemClassIDs = %q", got)
	}
}

func TestEvent_VocabularyIDsNameEveryDescribableValue(t *testing.T) {
	ev, err := DecodeEvent([]byte(`{"type":"TransformationEvent","eventTime":"2026-03-10T08:00:00Z","eventTimeZoneOffset":"+00:00",
		"bizStep":"urn:epcglobal:cbv:bizstep:commissioning","disposition":"https://ref.gs1.org/cbv/Disp-active",
		"readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0"},"bizLocation":{"id":"https://id.gs1.org/414/0614141000012"},
		"inputEPCList":["urn:epc:id:sgtin:0614141.107346.2017"],"outputEPCList":["https://id.gs1.org/01/00614141107346/21/2018"],
		"inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:4012345.012345.998877","quantity":2}],
		"outputQuantityList":[{"epcClass":"https://id.gs1.org/01/04012345123456/10/A1","quantity":1}],
		"sourceList":[{"type":"owning_party","source":"urn:epc:id:pgln:0614141.00000"}],
		"destinationList":[{"type":"location","destination":"https://id.gs1.org/414/0614141000029"}],
		"persistentDisposition":{"set":["completeness_verified"],"unset":["https://ref.gs1.org/cbv/Disp-needs_replacement"]}}`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	ev.VocabularyIDs(func(id string) { got = append(got, id) })
	slices.Sort(got)
	want := []string{
		"active", "commissioning", "completeness_verified",
		// Each instance and lot with the trade item it is of.
		"https://id.gs1.org/01/00614141107346", "https://id.gs1.org/01/00614141107346/21/2018",
		"https://id.gs1.org/01/04012345123456", "https://id.gs1.org/01/04012345123456",
		"https://id.gs1.org/01/04012345123456/10/998877", "https://id.gs1.org/01/04012345123456/10/A1",
		"https://id.gs1.org/01/10614141073464", "https://id.gs1.org/01/10614141073464/21/2017",
		"https://id.gs1.org/414/0614141000012", "https://id.gs1.org/414/0614141000029", "https://id.gs1.org/414/0614141007776",
		"https://id.gs1.org/417/0614141000005", "needs_replacement",
	}
	if !slices.Equal(got, want) {
		t.Errorf("VocabularyIDs:\n got %q\nwant %q", got, want)
	}
}
