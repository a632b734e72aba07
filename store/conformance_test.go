package store_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"lotledger"
	"lotledger/epcis"
	"lotledger/store"
)

// TestCapture_GS1Examples captures every JSON-LD example GS1 publishes for
// EPCIS 2.0, each into a new ledger, queries every event back (GET
// /epcis/events runs the same QueryEPCIS)
// and compares it with the original after JSON-LD normalisation. The
// examples name identifiers no ledger knows, so they are kept unapplied
// (KeepUnknown): this proves that capture stores and returns every kind of
// EPCIS event faithfully.
func TestCapture_GS1Examples(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "testdata", "epcis", "JSON")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("GS1 examples not found at %s: %v", dir, err)
	}
	var files []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".jsonld") || err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	ctx := lotledger.WithUser(context.Background(), "conformance")
	docs, events, same, fieldQueries := 0, 0, 0, 0
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if epcis.Validate(body) != nil {
			continue // not an EPCIS document (a context or schema file)
		}
		doc, err := epcis.DecodeDocument(body)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		s := openSQLite(t, func() time.Time { return recordedAt })
		job, err := s.Capture(ctx, doc, store.CaptureOptions{KeepUnknown: true})
		if err != nil {
			t.Errorf("%s: capture: %v", f, err)
			continue
		}
		docs++
		events += job.Stored
		same += compareStored(t, s, f, doc, job)
		fieldQueries += checkFieldQueries(t, s, f, doc)
	}
	t.Logf("GS1 EPCIS 2.0 examples: %d documents captured, %d events stored, %d read back identical after normalisation", docs, events, same)
	t.Logf("GS1 EPCIS 2.0 examples: %d queries on the extension fields of their ILMD, events, error declarations and sensor data found their events", fieldQueries)
	if fieldQueries == 0 {
		t.Error("no example has an ILMD or extension field to query")
	}
	if docs < 47 || same != events {
		t.Fatalf("want all 47 documents captured and every event identical; got %d documents, %d/%d events", docs, same, events)
	}
}

// recordedAt is when the conformance ledgers record: every event queried
// back carries it as its recordTime, the repository's, in place of any the
// document gave (EPCIS 2.0: a capture's recordTime is ignored, a query's
// answer carries the repository's).
var recordedAt = time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)

// compareStored queries the captured events back through the EPCIS query
// interface and compares each with the original event of the document,
// recordTime aside: that is the ledger's.
func compareStored(t *testing.T, s *store.Store, file string, doc *epcis.DecodedDocument, job *epcis.CaptureJob) int {
	t.Helper()
	res, err := s.QueryEPCIS(context.Background(), lotledger.EPCISQuery{Params: map[string][]string{}, PerPage: lotledger.EPCISMaxPerPage})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Events) != job.Stored {
		t.Errorf("%s: %d events stored, %d queried back", file, job.Stored, len(res.Events))
	}
	same, i := 0, 0
	for _, stored := range res.Events {
		for i < len(doc.Events) && duplicateInDoc(doc, i) {
			i++
		}
		if i >= len(doc.Events) {
			break
		}
		want, err1 := epcis.Normalize(doc.Events[i].Raw, doc.Context)
		got, err2 := epcis.Normalize(json.RawMessage(stored))
		if err1 == nil && err2 == nil {
			rt, _ := got["recordTime"].(string)
			if at, err := time.Parse(time.RFC3339Nano, rt); err != nil || !at.Equal(recordedAt) {
				t.Errorf("%s event %d: recordTime %q; want the ledger's, %s", file, i, rt, recordedAt.Format(time.RFC3339))
			}
			delete(want, "recordTime")
			delete(got, "recordTime")
		}
		switch {
		case err1 != nil || err2 != nil:
			t.Errorf("%s event %d: normalise: %v %v", file, i, err1, err2)
		case !reflect.DeepEqual(stripContext(want), stripContext(got)):
			t.Errorf("%s event %d differs after capture:\nwant %v\n got %v", file, i, want, got)
		default:
			same++
		}
		i++
	}
	return same
}

// checkFieldQueries asks, for every top-level extension property of the
// document's events (one whose name has a colon) in each part a parameter
// can name (the ILMD, the event itself, its error declaration, its sensor
// elements, their metadata and reports, its readPoint and bizLocation),
// EXISTS_{part}{name}, and for each plain string value EQ_ as well, with the
// name as the example wrote it, and checks that the event is found. It
// returns how many queries it asked.
func checkFieldQueries(t *testing.T, s *store.Store, file string, doc *epcis.DecodedDocument) int {
	t.Helper()
	n := 0
	ask := func(i int, name, value string) {
		res, err := s.QueryEPCIS(context.Background(), lotledger.EPCISQuery{Params: map[string][]string{name: {value}}, PerPage: lotledger.EPCISMaxPerPage})
		if err != nil {
			t.Errorf("%s event %d: %s=%s: %v", file, i, name, value, err)
			return
		}
		n++
		want, _ := epcis.Normalize(doc.Events[i].Raw, doc.Context)
		delete(want, "recordTime")
		for _, ev := range res.Events {
			got, _ := epcis.Normalize(ev)
			delete(got, "recordTime")
			if reflect.DeepEqual(stripContext(got), stripContext(want)) {
				return
			}
		}
		t.Errorf("%s event %d: %s=%s did not find it among %d events", file, i, name, value, len(res.Events))
	}
	for i := range doc.Events {
		for _, part := range eventParts(t, &doc.Events[i]) {
			for name, raw := range part.members {
				if !strings.Contains(name, ":") || strings.HasPrefix(name, "@") {
					continue
				}
				ask(i, "EXISTS_"+part.param+name, "")
				var v string
				if json.Unmarshal(raw, &v) == nil && !strings.ContainsAny(v, "|") {
					ask(i, "EQ_"+part.param+name, v)
				}
			}
		}
	}
	return n
}

type eventPart struct {
	param   string // the part's name in a parameter: "ILMD_", "SENSORREPORT_", ...
	members map[string]json.RawMessage
}

// eventParts lists the parts of ev whose extension properties the query
// parameters on fields name, read from the event's JSON.
func eventParts(t *testing.T, ev *epcis.Event) []eventPart {
	var raw struct {
		ILMD             map[string]json.RawMessage   `json:"ilmd"`
		ErrorDeclaration map[string]json.RawMessage   `json:"errorDeclaration"`
		ReadPoint        map[string]json.RawMessage   `json:"readPoint"`
		BizLocation      map[string]json.RawMessage   `json:"bizLocation"`
		SensorElements   []map[string]json.RawMessage `json:"sensorElementList"`
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(ev.Raw, &raw); err != nil || json.Unmarshal(ev.Raw, &all) != nil {
		t.Fatalf("event %s: %v", ev.Raw, err)
	}
	parts := []eventPart{{"ILMD_", raw.ILMD}, {"", all}, {"ERROR_DECLARATION_", raw.ErrorDeclaration},
		{"readPoint_", raw.ReadPoint}, {"bizLocation_", raw.BizLocation}}
	for _, el := range raw.SensorElements {
		parts = append(parts, eventPart{"SENSORELEMENT_", el})
		var meta map[string]json.RawMessage
		var reports []map[string]json.RawMessage
		json.Unmarshal(el["sensorMetadata"], &meta)
		json.Unmarshal(el["sensorReport"], &reports)
		parts = append(parts, eventPart{"SENSORMETADATA_", meta})
		for _, r := range reports {
			parts = append(parts, eventPart{"SENSORREPORT_", r})
		}
	}
	return parts
}

// duplicateInDoc reports whether event i repeats an eventID seen earlier in
// the document (capture stores it once).
func duplicateInDoc(doc *epcis.DecodedDocument, i int) bool {
	id := doc.Events[i].EventID
	if id == "" {
		return false
	}
	for _, e := range doc.Events[:i] {
		if e.EventID == id {
			return true
		}
	}
	return false
}

func stripContext(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if k != "@context" {
			out[k] = v
		}
	}
	return out
}
