package http_test

import (
	"strings"
	"testing"

	"lotledger"
	lhttp "lotledger/http"
)

func TestProblem_BadBodies(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	for _, tc := range []struct {
		name, path, body string
		status           int
		code, field      string
	}{
		{"NotJSON", "/api/v1/items", `sku=PB&name=x`, 400, "invalid", ""},
		{"TruncatedJSON", "/api/v1/items", `{"sku":"A",`, 400, "invalid", ""},
		{"NotAnObject", "/api/v1/items", `["sku"]`, 400, "invalid", ""},
		{"TrailingData", "/api/v1/items", `{"sku":"A","name":"A","uom":"EA"} {}`, 400, "invalid", ""},
		{"EmptyBody", "/api/v1/receipts", ``, 400, "invalid", ""},
		{"UnknownField", "/api/v1/items", `{"sku":"A","name":"A","uom":"EA","colour":"red"}`, 400, "invalid", "colour"},
		{"UnknownNestedField", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","qty":"1"}]}`, 400, "invalid", "lines[0].qty"},
		{"WrongTypeInt", "/api/v1/items", `{"sku":"A","name":"A","uom":"EA","shelf_life_days":"long"}`, 400, "invalid", "shelf_life_days"},
		{"WrongTypeString", "/api/v1/locations", `{"code":42,"name":"A"}`, 400, "invalid", "code"},
		{"WrongTypeArray", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":{"sku":"PB-JAR"}}`, 400, "invalid", "lines"},
		{"WrongTypeQuantity", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-JAR","lot":"L5","quantity":"1"},{"sku":"PB-JAR","lot":"L6","quantity":true}]}`, 400, "invalid", "lines[1].quantity"},
		{"BadQuantity", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-JAR","lot":"L5","quantity":"1,5"}]}`, 400, "invalid", "lines[0].quantity"},
		{"MissingName", "/api/v1/items", `{"sku":"A","uom":"EA"}`, 400, "invalid", "name"},
		{"MissingQuantity", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-JAR","lot":"L5"}]}`, 400, "invalid", "lines[0].quantity"},
		{"UnknownSKU", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"NOPE","lot":"L5","quantity":"1"}]}`, 422, "unknown_reference", "lines[0].sku"},
		{"UnknownLocation", "/api/v1/shipments", `{"from":"WH9","customer":"CUST1","lines":[{"sku":"PB-JAR","quantity":"1"}]}`, 422, "unknown_reference", "from"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			do(t, ts, "POST", tc.path, tc.body).wantProblem(t, tc.status, tc.code, tc.field)
		})
	}
	t.Run("NothingApplied", func(t *testing.T) {
		var page lotledger.Page[lotledger.Event]
		do(t, ts, "GET", "/api/v1/events", "").want(t, 200, &page)
		if len(page.Items) != 1 {
			t.Errorf("events = %d, want 1 (the seed receipt)", len(page.Items))
		}
	})
}

func TestProblem_NotJSONSaysSo(t *testing.T) {
	ts := MustServer(t)
	p := do(t, ts, "POST", "/api/v1/items", `hello`).wantProblem(t, 400, "invalid", "")
	if !strings.Contains(p.Detail, "not valid JSON") {
		t.Errorf("detail = %q", p.Detail)
	}
}

func TestProblem_OversizeBodyIs413(t *testing.T) {
	ts, _ := MustServerOpt(t, lhttp.Options{MaxBodyBytes: 1024})
	big := `{"sku":"A","name":"` + strings.Repeat("x", 2048) + `","uom":"EA"}`
	do(t, ts, "POST", "/api/v1/items", big).wantProblem(t, 413, "too_large", "")
}

func TestProblem_WrongContentTypeIs415(t *testing.T) {
	ts := MustServer(t)
	do(t, ts, "POST", "/api/v1/items", `sku=A`, "Content-Type", "application/x-www-form-urlencoded").
		wantProblem(t, 415, "unsupported_media_type", "")
	t.Run("MissingIsAccepted", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/items", `{"sku":"A","name":"A","uom":"EA"}`, "Content-Type", "").want(t, 201, nil)
	})
	t.Run("CharsetIsAccepted", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/items", `{"sku":"B","name":"B","uom":"EA"}`, "Content-Type", "application/json; charset=utf-8").want(t, 201, nil)
	})
}

func TestProblem_BadUserHeader(t *testing.T) {
	ts := MustServer(t)
	do(t, ts, "GET", "/api/v1/items", "", "X-Lotledger-User", strings.Repeat("u", 300)).
		wantProblem(t, 400, "invalid", "X-Lotledger-User")
}
