package epcis

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hashVectors are event hashes of GS1 examples. The pre-hash string of the
// ObjectEvent with every field was compared character for character with
// the one the reference implementation of the algorithm gives for the same
// event (github.com/RalphTro/epcis-event-hash-generator, MIT,
// tests/examples/expected/CBV2.0/ObjectEvent_all_possible_fields.prehashes),
// and they are identical; the hash is the SHA-256 of that string.
var hashVectors = map[string]string{
	"WithFullCombinationOfFields/object_event_all_possible_fields.jsonld": "ni:///sha-256;9811bfb2672e9c3a0f6151be339d22b60db375c8b23d2740f6137cc6539f0639?ver=CBV2.0",
}

func TestEventHash_MatchesReferenceVectors(t *testing.T) {
	root := filepath.Join(epcisTestData(t), "JSON")
	for file, want := range hashVectors {
		doc := mustDecodeFile(t, filepath.Join(root, file))
		got, err := EventHash(doc.Events[0].Raw, doc.Context)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: got %s, want %s", file, got, want)
		}
	}
}

// The pre-hash string of the reference ObjectEvent begins as the
// algorithm prescribes: canonical order, UTC millisecond time, Digital Link
// identifiers, web-URI CBV values, sorted lists.
func TestPreHashString_CanonicalForm(t *testing.T) {
	doc := mustDecodeFile(t, filepath.Join(epcisTestData(t), "JSON", "WithFullCombinationOfFields", "object_event_all_possible_fields.jsonld"))
	got, err := PreHashString(doc.Events[0].Raw, doc.Context)
	if err != nil {
		t.Fatal(err)
	}
	want := "eventType=ObjectEventeventTime=2005-04-05T02:33:31.116ZeventTimeZoneOffset=-06:00" +
		"epcListepc=https://id.gs1.org/01/10614141073464/21/2018" +
		"quantityListquantityElementepcClass=https://id.gs1.org/01/04012345123456/10/998877quantity=200uom=KGM" +
		"action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-receivingdisposition=https://ref.gs1.org/cbv/Disp-in_progress" +
		"persistentDispositionset=https://ref.gs1.org/cbv/Disp-completeness_verifiedunset=https://ref.gs1.org/cbv/Disp-completeness_inferred" +
		"readPointid=https://id.gs1.org/414/0012345111112/254/400bizLocationid=https://id.gs1.org/414/0012345111112" +
		"bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pedigreebizTransaction=https://id.gs1.org/8018/061414100000102534" +
		"type=https://ref.gs1.org/cbv/BTT-pobizTransaction=https://id.gs1.org/253/06141410000121618034"
	if !strings.HasPrefix(got, want) {
		t.Errorf("pre-hash string:\n got %s\nwant %s...", got[:min(len(got), len(want)+40)], want)
	}
}

// GS1's event-hash test set (XML/WithEventHashID) holds one event written
// several ways that must share a hash: another time zone, EPCs and
// quantities shuffled, another namespace prefix, CBV URNs. The same
// variations, in JSON, give one hash here.
func TestEventHash_SameEventWrittenDifferentlyHasOneHash(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(epcisTestData(t), "XML", "WithEventHashID", "event_with_identical_hash_id_7.json"))
	if err != nil {
		t.Skipf("event hash test document missing: %v", err)
	}
	doc, err := DecodeDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	base := string(doc.Events[0].Raw)
	variants := map[string]string{
		"as GS1 wrote it (CBV URNs)": base,
		"bare CBV terms": replaceAll(base, `"urn:epcglobal:cbv:bizstep:receiving"`, `"receiving"`,
			`"urn:epcglobal:cbv:disp:in_progress"`, `"in_progress"`, `"urn:epcglobal:cbv:btt:po"`, `"po"`,
			`"urn:epcglobal:cbv:sdt:location"`, `"location"`),
		"web-URI CBV terms": replaceAll(base, `"urn:epcglobal:cbv:bizstep:receiving"`, `"https://ref.gs1.org/cbv/BizStep-receiving"`),
		"other time zone":   replaceAll(base, `"2005-04-04T20:33:31.116-06:00"`, `"2005-04-04T21:33:31.116-05:00"`),
		"EPCs shuffled": replaceAll(base, `"urn:epc:id:sgtin:0614141.107346.2016", "urn:epc:id:sgtin:0614141.107346.2017"`,
			`"urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2016"`),
		"EPCs as Digital Link": replaceAll(base, `"urn:epc:id:sgtin:0614141.107346.2016"`, `"https://example.com/01/10614141073464/21/2016?linkType=all"`),
		"trailing zeros":       replaceAll(base, `"quantity": 200.0`, `"quantity": 200`, `"meanValue": 13.2`, `"meanValue": 13.20`),
	}
	want, err := EventHash(json.RawMessage(base), doc.Context)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range variants {
		if v == base && name != "as GS1 wrote it (CBV URNs)" {
			t.Fatalf("%s: variation did not apply", name)
		}
		if got, _ := EventHash(json.RawMessage(v), doc.Context); got != want {
			t.Errorf("%s: hash %s, want %s", name, got, want)
		}
	}
	renamed := replaceAll(base, `"ext1:`, `"ext2:`)
	ctx2 := json.RawMessage(`["https://gs1.github.io/EPCIS/epcis-context.jsonld",{"ext2":"http://example.com/ext1"}]`)
	if got, _ := EventHash(json.RawMessage(renamed), ctx2); got != want {
		t.Errorf("other namespace prefix: hash %s, want %s", got, want)
	}
	changed := replaceAll(base, `"quantity": 300.0`, `"quantity": 301`)
	if got, _ := EventHash(json.RawMessage(changed), doc.Context); got == want {
		t.Error("changing a quantity did not change the hash")
	}
}

// Counts how many of GS1's examples carry an eventID that is this event's
// hash. GS1's examples use placeholder hash IDs, so no match is expected;
// the count is reported, not asserted.
func TestEventHash_GS1ExampleEventIDs(t *testing.T) {
	hashIDs, matched := 0, 0
	for _, f := range gs1Examples(t) {
		doc := mustDecodeFile(t, f)
		for _, ev := range doc.Events {
			if !strings.HasPrefix(ev.EventID, "ni:///sha-256;") {
				continue
			}
			hashIDs++
			if h, err := EventHash(ev.Raw, doc.Context); err == nil && h == ev.EventID {
				matched++
			}
		}
	}
	t.Logf("GS1 examples: %d events carry a ni:///sha-256 eventID; %d equal the computed hash", hashIDs, matched)
}

func TestEventHash_EveryGS1ExampleEventHashes(t *testing.T) {
	n := 0
	for _, f := range gs1Examples(t) {
		doc := mustDecodeFile(t, f)
		for _, ev := range doc.Events {
			h, err := EventHash(ev.Raw, doc.Context)
			if err != nil || !strings.HasPrefix(h, "ni:///sha-256;") || !strings.HasSuffix(h, "?ver=CBV2.0") {
				t.Errorf("%s: %q, %v", filepath.Base(f), h, err)
			}
			n++
		}
	}
	t.Logf("hashed %d events", n)
}

func TestCanonicalID_EPCURNsToDigitalLink(t *testing.T) {
	cases := map[string]string{
		"urn:epc:id:sgtin:0614141.107346.2017":               "https://id.gs1.org/01/10614141073464/21/2017",
		"urn:epc:class:lgtin:4012345.012345.998877":          "https://id.gs1.org/01/04012345123456/10/998877",
		"urn:epc:idpat:sgtin:4012345.066666.*":               "https://id.gs1.org/01/04012345666663",
		"urn:epc:id:sscc:0614141.1234567890":                 "https://id.gs1.org/00/106141412345678908",
		"urn:epc:id:sgln:4012345.00001.0":                    "https://id.gs1.org/414/4012345000016",
		"urn:epc:id:sgln:0012345.11111.400":                  "https://id.gs1.org/414/0012345111112/254/400",
		"urn:epc:id:pgln:4012345.00225":                      "https://id.gs1.org/417/4012345002256",
		"urn:epc:id:gdti:0614141.00001.1618034":              "https://id.gs1.org/253/06141410000121618034",
		"urn:epc:id:giai:4000001.111":                        "https://id.gs1.org/8004/4000001111",
		"https://example.com/01/04012345123456/10/L1":        "https://id.gs1.org/01/04012345123456/10/L1",
		"https://id.gs1.org/01/4012345123456/10/L1/21/S?x=1": "https://id.gs1.org/01/04012345123456/21/S",
		"https://example.com/po/12345":                       "https://example.com/po/12345",
		"urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8":      "urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8",
	}
	for in, want := range cases {
		if got := canonicalID(in); got != want {
			t.Errorf("canonicalID(%s) = %s, want %s", in, got, want)
		}
	}
}

func replaceAll(s string, pairs ...string) string {
	return strings.NewReplacer(pairs...).Replace(s)
}

func mustDecodeFile(t *testing.T, file string) *DecodedDocument {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := DecodeDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
