package http_test

import (
	"encoding/json"
	"net/http/httptest"
	"reflect"
	"sort"
	"strings"
	"testing"

	"lotledger"
	lhttp "lotledger/http"
)

// MustOpenAPI fetches and parses the served OpenAPI document.
func MustOpenAPI(t *testing.T) (map[string]any, *lhttp.Server) {
	t.Helper()
	srv := lhttp.NewServer(nil, lhttp.Options{}) // the document needs no ledger
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	res := do(t, ts, "GET", "/api/openapi.json", "")
	var doc map[string]any
	res.want(t, 200, &doc)
	return doc, srv
}

func TestOpenAPI_IsVersion31(t *testing.T) {
	doc, _ := MustOpenAPI(t)
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", doc["openapi"])
	}
}

func TestOpenAPI_CoversEveryRoute(t *testing.T) {
	doc, srv := MustOpenAPI(t)
	var routes, documented []string
	for _, pattern := range srv.Routes() {
		method, path, ok := strings.Cut(pattern, " ")
		if !ok {
			t.Errorf("route %q has no method", pattern)
			continue
		}
		routes = append(routes, method+" "+path)
	}
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	sort.Strings(routes)
	sort.Strings(documented)
	if !reflect.DeepEqual(routes, documented) {
		t.Errorf("routes and document differ\nroutes:     %v\ndocumented: %v\nmissing from document: %v\nnot routed: %v",
			routes, documented, minus(routes, documented), minus(documented, routes))
	}
}

func minus(a, b []string) []string {
	in := map[string]bool{}
	for _, s := range b {
		in[s] = true
	}
	var out []string
	for _, s := range a {
		if !in[s] {
			out = append(out, s)
		}
	}
	return out
}

func TestOpenAPI_EveryRefResolves(t *testing.T) {
	doc, _ := MustOpenAPI(t)
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if ref, ok := v["$ref"].(string); ok {
				if resolve(doc, ref) == nil {
					t.Errorf("$ref %s does not resolve", ref)
				}
			}
			for _, e := range v {
				walk(e)
			}
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(doc)
}

func resolve(doc map[string]any, ref string) any {
	var cur any = doc
	for _, k := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

// TestOpenAPI_SchemasMatchGoTypes checks the component schemas against the
// JSON field names of the Go types the handlers read and write.
func TestOpenAPI_SchemasMatchGoTypes(t *testing.T) {
	doc, _ := MustOpenAPI(t)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for name, v := range map[string]any{
		"Item": lotledger.Item{}, "Location": lotledger.Location{}, "Party": lotledger.Party{},
		"Receipt": lotledger.Receipt{}, "ReceiptLine": lotledger.ReceiptLine{}, "Shipment": lotledger.Shipment{},
		"Transfer": lotledger.Transfer{}, "Production": lotledger.Production{}, "OutputLine": lotledger.OutputLine{},
		"Adjustment": lotledger.Adjustment{}, "Disposal": lotledger.Disposal{}, "Return": lotledger.Return{},
		"Line": lotledger.Line{}, "Result": lotledger.Result{}, "Event": lotledger.Event{}, "Move": lotledger.Move{},
		"Lot": lotledger.Lot{}, "LotDetail": lotledger.LotDetail{}, "StockRow": lotledger.StockRow{},
		"ItemPage": lotledger.Page[lotledger.Item]{}, "Problem": lhttp.Problem{},
	} {
		s, ok := schemas[name].(map[string]any)
		if !ok {
			t.Errorf("no component schema %s", name)
			continue
		}
		var got []string
		for k := range s["properties"].(map[string]any) {
			got = append(got, k)
		}
		sort.Strings(got)
		if want := jsonNames(t, v); !reflect.DeepEqual(got, want) {
			t.Errorf("schema %s has %v, Go type encodes %v", name, got, want)
		}
	}
	problem := schemas["Problem"].(map[string]any)["properties"].(map[string]any)
	for _, f := range []string{"type", "title", "status", "detail", "code", "field", "instance"} {
		if problem[f] == nil {
			t.Errorf("Problem schema lacks %s", f)
		}
	}
	user := resolve(doc, "#/components/parameters/User").(map[string]any)
	if user["name"] != "X-Lotledger-User" || user["in"] != "header" {
		t.Errorf("User parameter = %v", user)
	}
}

// jsonNames lists the keys encoding/json writes for a fully populated v,
// found by encoding a value whose every field is set.
func jsonNames(t *testing.T, v any) []string {
	t.Helper()
	rv := reflect.New(reflect.TypeOf(v)).Elem()
	fill(rv)
	b, err := json.Marshal(rv.Interface())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// fill sets every field of a struct to a non-zero value so omitempty keeps it.
func fill(v reflect.Value) {
	switch v.Kind() {
	case reflect.Struct:
		if v.Type().String() == "time.Time" {
			v.Set(reflect.ValueOf(lotledgerEpoch))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Field(i).CanSet() {
				fill(v.Field(i))
			}
		}
	case reflect.String:
		v.SetString("x")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(1)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem())
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0))
	}
}

var lotledgerEpoch = testNow
