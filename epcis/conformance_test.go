package epcis

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// gs1Examples returns the paths of GS1's JSON-LD examples, sorted.
func gs1Examples(t *testing.T) []string {
	t.Helper()
	root := filepath.Join(epcisTestData(t), "JSON")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".jsonld") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	return files
}

// rawEvents returns the events of a document, found independently of
// DecodeDocument, with the document's @context.
func rawEvents(t *testing.T, doc []byte) (ctx json.RawMessage, events []json.RawMessage) {
	t.Helper()
	var d struct {
		Context json.RawMessage `json:"@context"`
		Body    struct {
			EventList    []json.RawMessage `json:"eventList"`
			QueryResults struct {
				ResultsBody struct {
					EventList []json.RawMessage `json:"eventList"`
				} `json:"resultsBody"`
			} `json:"queryResults"`
		} `json:"epcisBody"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	return d.Context, append(d.Body.EventList, d.Body.QueryResults.ResultsBody.EventList...)
}

// GS1's 47 examples: every one validates, decodes, and its decoded events
// are the original events after normalisation; the typed fields agree with
// the normalised JSON.
func TestConformance_GS1ExamplesValidateDecodeAndRoundTrip(t *testing.T) {
	files := gs1Examples(t)
	v := mustValidator(t)
	var valid, decoded, events, roundTripped int
	for _, f := range files {
		name, _ := filepath.Rel(filepath.Join(epcisTestData(t), "JSON"), f)
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Validate(b); err != nil {
			t.Errorf("%s: %v", name, err)
		} else {
			valid++
		}
		doc, err := DecodeDocument(b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		decoded++
		ctx, originals := rawEvents(t, b)
		if len(doc.Events) != len(originals) {
			t.Errorf("%s: decoded %d events, document has %d", name, len(doc.Events), len(originals))
			continue
		}
		for i := range originals {
			events++
			if checkRoundTrip(t, name, i, ctx, originals[i], &doc.Events[i]) {
				roundTripped++
			}
		}
	}
	t.Logf("GS1 JSON-LD examples: %d files, %d valid, %d decoded; %d events, %d round-tripped",
		len(files), valid, decoded, events, roundTripped)
	if len(files) != 47 {
		t.Errorf("found %d JSON-LD examples, want the 47 of the GS1 snapshot", len(files))
	}
}

// checkRoundTrip compares a decoded event with the original one.
func checkRoundTrip(t *testing.T, name string, i int, ctx, original json.RawMessage, ev *Event) bool {
	t.Helper()
	want, err := Normalize(original, ctx)
	if err != nil {
		t.Errorf("%s event %d: %v", name, i, err)
		return false
	}
	got, err := Normalize(ev.Raw, ctx)
	if err != nil {
		t.Errorf("%s event %d: %v", name, i, err)
		return false
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s event %d: decoded event differs from the original after normalisation", name, i)
		return false
	}
	if diff := typedVersusNormalized(ev, want); diff != "" {
		t.Errorf("%s event %d: typed field %s", name, i, diff)
		return false
	}
	return true
}

// typedVersusNormalized cross-checks the typed decoder against Normalize:
// two independent readings of the same event must agree.
func typedVersusNormalized(ev *Event, n map[string]any) string {
	checks := []struct {
		field, got string
	}{
		{"type", ev.Type}, {"action", ev.Action}, {"bizStep", ev.BizStep},
		{"disposition", ev.Disposition}, {"eventTimeZoneOffset", ev.EventTimeZoneOffset},
		{"eventTime", utcTime(ev.EventTime.Format("2006-01-02T15:04:05.999999999Z07:00"))},
	}
	for _, c := range checks {
		if want, _ := n[c.field].(string); want != c.got {
			return c.field + ": got " + c.got + ", want " + want
		}
	}
	return quantitiesAgree(ev.QuantityList, n["quantityList"]) + quantitiesAgree(ev.OutputQuantityList, n["outputQuantityList"])
}

func quantitiesAgree(got []QuantityElement, n any) string {
	list, _ := n.([]any)
	if len(list) != len(got) {
		return "quantity list length differs"
	}
	for i, e := range list {
		q, _ := e.(map[string]any)["quantity"].(json.Number)
		if string(q) != got[i].Quantity {
			return "quantity " + got[i].Quantity + " != " + string(q)
		}
	}
	return ""
}

func mustValidator(t testing.TB) *Validator {
	t.Helper()
	v, err := NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The schema test folder holds five event instances, all valid, and two
// user schemas whose $ref chain (sch2 → sch1 → format uri) must resolve.
func TestConformance_SchemaTestFolder(t *testing.T) {
	dir := filepath.Join(epcisTestData(t), "JSON-Schema", "test")
	instances, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	v := mustValidator(t)
	passed := 0
	for _, f := range instances {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Validate(b); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		if _, err := DecodeEvent(b); err != nil {
			t.Errorf("%s: %v", filepath.Base(f), err)
			continue
		}
		passed++
	}
	userSchemas := checkUserSchemas(t, filepath.Join(dir, "schemas"))
	t.Logf("JSON-Schema/test: %d of %d instances valid and decoded; user schemas: %d of 2 checks as expected",
		passed, len(instances), userSchemas)
	if len(instances) != 5 {
		t.Errorf("found %d schema test instances, want 5", len(instances))
	}
}

// checkUserSchemas compiles sch2.json, whose definition def3 refers to
// sch1.json's def2 → def1 (a string in URI format), and checks that a URI
// passes and a non-URI fails. Both files reuse one $id, so each is loaded
// under its own file URL.
func checkUserSchemas(t *testing.T, dir string) int {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	base := "https://example.org/test/"
	for _, n := range []string{"sch1.json", "sch2.json"} {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Skipf("user schemas missing: %v", err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		delete(doc.(map[string]any), "$id")
		if err := c.AddResource(base+n, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile(base + "sch2.json#/definitions/def3")
	if err != nil {
		t.Fatalf("compile user schema: %v", err)
	}
	ok := 0
	if s.Validate("https://example.org/x") == nil {
		ok++
	} else {
		t.Error("a URI fails the user schema")
	}
	if s.Validate("not a uri") != nil {
		ok++
	} else {
		t.Error("a non-URI passes the user schema")
	}
	return ok
}
