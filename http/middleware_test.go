package http

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRecover_PanicBecomes500ProblemWithoutDetails(t *testing.T) {
	s := NewServer(nil, Options{})
	h := s.middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("secret database path /var/lib/x.db")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Code != "internal" || p.Detail != "internal error" || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("problem = %+v", p)
	}
}

func TestProblemStatus_MapsEveryCode(t *testing.T) {
	for code, want := range map[string]int{
		"invalid": 400, "unauthorized": 401, "forbidden": 403, "not_found": 404, "method_not_allowed": 405,
		"conflict": 409, "insufficient_stock": 409, "lot_blocked": 409, "too_large": 413,
		"unsupported_media_type": 415, "unknown_reference": 422, "internal": 500, "something_new": 500,
	} {
		if got, _ := problemStatus(code); got != want {
			t.Errorf("problemStatus(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestDecodeJSON_FieldPaths(t *testing.T) {
	type line struct {
		SKU string `json:"sku"`
		N   int    `json:"n"`
	}
	type body struct {
		Name  string `json:"name"`
		Lines []line `json:"lines"`
	}
	for _, tc := range []struct{ in, field string }{
		{`{"lines":[{"sku":"a"},{"sku":1}]}`, "lines[1].sku"},
		{`{"lines":[{"n":"1"}]}`, "lines[0].n"},
		{`{"lines":[{"n":1.5}]}`, "lines[0].n"},
		{`{"lines":[{"x":1}]}`, "lines[0].x"},
		{`{"name":["a"]}`, "name"},
	} {
		var b body
		err := decodeJSON([]byte(tc.in), &b)
		e, ok := err.(interface{ Error() string })
		if !ok || err == nil {
			t.Errorf("%s: no error", tc.in)
			continue
		}
		if got := fieldOf(err); got != tc.field {
			t.Errorf("%s: field = %q, want %q (%v)", tc.in, got, tc.field, e)
		}
	}
}

func fieldOf(err error) string {
	if p := problemOf(err); p.Code == "invalid" {
		return p.Field
	}
	return "?"
}
