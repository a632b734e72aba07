package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lotledger"
	lhttp "lotledger/http"
	"lotledger/store"
)

// testNow is the fixed clock of every test store.
var testNow = time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)

// MustServer starts the API over a fresh SQLite store in a temp dir.
func MustServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts, _ := MustServerOpt(t, lhttp.Options{})
	return ts
}

// MustServerOpt is MustServer with options; it also returns the server.
func MustServerOpt(t *testing.T, opt lhttp.Options) (*httptest.Server, *lhttp.Server) {
	t.Helper()
	return mustServe(t, mustStore(t), opt)
}

// mustStore opens a fresh SQLite store in a temp dir, on the test clock.
func mustStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ledger.db"),
		store.Options{Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// mustServe starts the API over st with opt; warnings go to the test log.
func mustServe(t *testing.T, st *store.Store, opt lhttp.Options) (*httptest.Server, *lhttp.Server) {
	t.Helper()
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	srv := lhttp.NewServer(st, opt)
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, srv
}

// response is what a test request got back.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request; a non-empty body is sent as application/json unless
// the headers say otherwise.
func do(t *testing.T, ts *httptest.Server, method, path, body string, headers ...string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// want checks the status and decodes the body into v (when v is not nil).
func (r response) want(t *testing.T, status int, v any) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body: %s", r.status, status, r.body)
	}
	if v != nil {
		if err := json.Unmarshal(r.body, v); err != nil {
			t.Fatalf("decode %s: %v", r.body, err)
		}
	}
}

// problem is the problem+json body as a client reads it.
type problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Code     string `json:"code"`
	Field    string `json:"field"`
	Instance string `json:"instance"`
}

// wantProblem checks a problem+json answer's status, code and field.
func (r response) wantProblem(t *testing.T, status int, code, field string) problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type = %q, want application/problem+json; body: %s", ct, r.body)
	}
	var p problem
	r.want(t, status, &p)
	if p.Code != code || p.Field != field || p.Status != status {
		t.Fatalf("problem = code %q field %q status %d, want %q %q %d; detail: %s", p.Code, p.Field, p.Status, code, field, status, p.Detail)
	}
	wantType := "urn:lotledger:problem:" + code
	if strings.HasPrefix(p.Instance, "/epcis/") && strings.HasPrefix(p.Type, "epcisException:") {
		wantType = p.Type // the EPCIS binding's exception names; the tests of each route check which
	}
	if p.Type != wantType || p.Title == "" || p.Detail == "" {
		t.Errorf("problem type/title/detail = %q/%q/%q", p.Type, p.Title, p.Detail)
	}
	return p
}

// seed creates an item, a site with a bin, a second site, a supplier, a
// customer, and receives 100 jars of lot L1 at WH1.
func seed(t *testing.T, ts *httptest.Server) lotledger.Result {
	t.Helper()
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-JAR","name":"Peanut butter 340 g","uom":"EA","shelf_life_days":365}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/items", `{"sku":"PEANUTS","name":"Raw peanuts","uom":"KGM"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/locations", `{"code":"WH1","name":"Warehouse 1"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/locations", `{"code":"WH1-A","name":"Aisle A","parent":"WH1"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/locations", `{"code":"WH2","name":"Warehouse 2"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/parties", `{"code":"SUP1","name":"Peanut Farm","kind":"supplier"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/parties", `{"code":"CUST1","name":"Store 9","kind":"customer"}`).want(t, 201, nil)
	var res lotledger.Result
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[
		{"sku":"PB-JAR","lot":"L1","quantity":"100","expires":"2026-06-01"},
		{"sku":"PEANUTS","lot":"P1","supplier_lot":"FARM-77","quantity":"500.5"}]}`).want(t, 201, &res)
	return res
}

// stockAt returns the quantity of a lot at a location, 0 when it has none.
func stockAt(t *testing.T, ts *httptest.Server, sku, lot, loc string) lotledger.Quantity {
	t.Helper()
	var page lotledger.Page[lotledger.StockRow]
	do(t, ts, "GET", "/api/v1/stock?sku="+sku+"&lot="+lot+"&location="+loc, "").want(t, 200, &page)
	var q lotledger.Quantity
	for _, r := range page.Items {
		q += r.Quantity
	}
	return q
}

func TestHealthz_OK(t *testing.T) {
	ts := MustServer(t)
	var got map[string]string
	do(t, ts, "GET", "/healthz", "").want(t, 200, &got)
	if got["status"] != "ok" {
		t.Errorf("got %v", got)
	}
}

func TestRouting_UnknownPathIs404Problem(t *testing.T) {
	ts := MustServer(t)
	p := do(t, ts, "GET", "/api/v1/nothing-here", "").wantProblem(t, 404, "not_found", "")
	if p.Instance != "/api/v1/nothing-here" {
		t.Errorf("instance = %q", p.Instance)
	}
}

func TestRouting_WrongMethodIs405ProblemWithAllow(t *testing.T) {
	ts := MustServer(t)
	res := do(t, ts, "DELETE", "/api/v1/items", "")
	res.wantProblem(t, 405, "method_not_allowed", "")
	allow := res.header.Get("Allow")
	if !strings.Contains(allow, "GET") || !strings.Contains(allow, "POST") {
		t.Errorf("Allow = %q, want GET and POST", allow)
	}
}

func TestRequestID_EchoedOrGenerated(t *testing.T) {
	ts := MustServer(t)
	if got := do(t, ts, "GET", "/healthz", "", "X-Request-Id", "abc-123").header.Get("X-Request-Id"); got != "abc-123" {
		t.Errorf("echoed id = %q", got)
	}
	if got := do(t, ts, "GET", "/healthz", "").header.Get("X-Request-Id"); len(got) < 16 {
		t.Errorf("generated id = %q", got)
	}
}

func TestRequestLog_NamesRouteUserAndStatus(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&syncWriter{w: &buf}, nil))
	ts, _ := MustServerOpt(t, lhttp.Options{Logger: log})
	do(t, ts, "GET", "/api/v1/items/NOPE", "", "X-Lotledger-User", "qa@example.com")
	ts.Close() // waits for the handler, and so the log line
	var line map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var m map[string]any
		if json.Unmarshal(l, &m) == nil && m["msg"] == "http request" {
			line = m
		}
	}
	if line == nil {
		t.Fatalf("no request log line in %s", buf.String())
	}
	for k, want := range map[string]any{
		"method": "GET", "path": "/api/v1/items/NOPE", "route": "GET /api/v1/items/{sku}",
		"status": float64(404), "user": "qa@example.com", "code": "not_found",
	} {
		if line[k] != want {
			t.Errorf("log %s = %v, want %v", k, line[k], want)
		}
	}
	if line["request_id"] == "" || line["duration"] == nil || line["bytes"] == nil {
		t.Errorf("log line lacks request_id, duration or bytes: %v", line)
	}
}

func TestMetrics_CountsRequestsByRoutePattern(t *testing.T) {
	ts := MustServer(t)
	seed(t, ts)
	do(t, ts, "GET", "/api/v1/items/PB-JAR", "").want(t, 200, nil)
	res := do(t, ts, "GET", "/metrics", "")
	res.want(t, 200, nil)
	body := string(res.body)
	for _, want := range []string{
		`lotledger_http_requests_total{method="GET",route="GET /api/v1/items/{sku}",status="2xx"} 1`,
		`lotledger_http_requests_total{method="POST",route="POST /api/v1/items",status="2xx"} 2`,
		`lotledger_http_request_duration_seconds_bucket{method="GET",route="GET /api/v1/items/{sku}",status="2xx"`,
		`lotledger_events_recorded_total{kind="receive"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, `route="/api/v1/items/PB-JAR"`) {
		t.Error("metrics are labelled with a raw path")
	}
}

func TestDocs_ServesHTMLThatLoadsTheDocument(t *testing.T) {
	ts := MustServer(t)
	res := do(t, ts, "GET", "/api/docs", "")
	res.want(t, 200, nil)
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type = %q", ct)
	}
	body := string(res.body)
	if !strings.Contains(body, "/api/openapi.json") || !strings.Contains(body, "<script>") {
		t.Error("docs page does not fetch the OpenAPI document")
	}
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Error("docs page refers to another site; it must work offline")
	}
}

func TestServe_ShutsDownWhenContextEnds(t *testing.T) {
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ledger.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- lhttp.NewServer(st, lhttp.Options{}).Serve(ctx, ln) }()

	res, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("healthz = %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve = %v, want nil after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
}

// syncWriter lets the server's goroutines and the test share a buffer.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(b)
}

// tWriter sends the server's warnings and errors to the test log, shown
// when a test fails.
type tWriter struct{ t *testing.T }

func (w tWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}
