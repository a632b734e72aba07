package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"lotledger/epcis"
)

// startServer runs `lotledger serve` through Main on a temp database and
// returns its base URL; the server stops when the test ends.
func startServer(t *testing.T, db string, extra ...string) string {
	t.Helper()
	base, stop := runServer(t, db, io.Discard, extra...)
	t.Cleanup(stop)
	return base
}

// runServer runs `lotledger serve`, logging to stderr, and returns its base
// URL and the function that stops it and waits until it has.
func runServer(t *testing.T, db string, stderr io.Writer, extra ...string) (string, func()) {
	t.Helper()
	m := NewMain()
	m.Stdout, m.Stderr = io.Discard, stderr
	m.ready = make(chan string, 1)
	if err := m.ParseFlags(append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, extra...)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	var base string
	select {
	case addr := <-m.ready:
		base = "http://" + addr
	case err := <-done:
		t.Fatalf("server stopped before listening: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start")
	}
	return base, func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
		m.Close()
	}
}

func call(t *testing.T, method, url, body string, want int) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Lotledger-User", "e2e")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, want, b)
	}
	var v map[string]any
	json.Unmarshal(b, &v)
	return v
}

// runCLI runs one CLI command through Main and returns its output.
func runCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	m := NewMain()
	var out bytes.Buffer
	m.Stdin, m.Stdout, m.Stderr = strings.NewReader(stdin), &out, io.Discard
	if err := m.ParseFlags(args); err != nil {
		return "", err
	}
	defer m.Close()
	err := m.Run(context.Background())
	return out.String(), err
}

func TestMain_ServeDrivesTheLedgerOverHTTP(t *testing.T) {
	db := filepath.Join(t.TempDir(), "e2e.db")
	base := startServer(t, db)
	call(t, "GET", base+"/healthz", "", 200)
	call(t, "POST", base+"/api/v1/items", `{"sku":"PB16","name":"Peanut butter","uom":"EA","gtin":"00614141000036","shelf_life_days":365}`, 201)
	call(t, "POST", base+"/api/v1/locations", `{"code":"DC1","name":"DC 1"}`, 201)
	call(t, "POST", base+"/api/v1/parties", `{"code":"FARM","name":"Farm","kind":"supplier"}`, 201)
	call(t, "POST", base+"/api/v1/parties", `{"code":"S1","name":"Store","kind":"customer"}`, 201)
	rec := call(t, "POST", base+"/api/v1/receipts", `{"id":"r-1","supplier":"FARM","location":"DC1","time":"2026-03-01T08:00:00-05:00","lines":[{"sku":"PB16","lot":"L1","quantity":"100","expires":"2027-01-31"}]}`, 201)
	if rec["user"] != "e2e" {
		t.Fatalf("event user %v, want e2e", rec["user"])
	}
	call(t, "POST", base+"/api/v1/shipments", `{"from":"DC1","customer":"S1","lines":[{"sku":"PB16","quantity":"40"}]}`, 201)
	p := call(t, "POST", base+"/api/v1/shipments", `{"from":"DC1","customer":"S1","lines":[{"sku":"PB16","lot":"L1","quantity":"61"}]}`, 409)
	if p["code"] != "insufficient_stock" || p["field"] != "lines[0].quantity" {
		t.Fatalf("problem %v", p)
	}
	lot := call(t, "GET", base+"/api/v1/lots/PB16/L1", "", 200)
	if lot["on_hand"] != "60" {
		t.Fatalf("on hand %v", lot["on_hand"])
	}
	call(t, "GET", base+"/api/openapi.json", "", 200)

	out, err := runCLI(t, "", "verify", "--db", db)
	if err != nil || !strings.Contains(out, "2 events") {
		t.Fatalf("verify: %q %v", out, err)
	}
}

func TestMain_DemoLoadsAndVerifies(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	base := startServer(t, db, "--demo")
	held := call(t, "GET", base+"/api/v1/lots?status=hold", "", 200)
	if items, _ := held["items"].([]any); len(items) == 0 {
		t.Fatalf("demo has no held lot: %v", held)
	}
	stock := call(t, "GET", base+"/api/v1/stock?limit=5", "", 200)
	if items, _ := stock["items"].([]any); len(items) != 5 {
		t.Fatalf("demo stock: %v", stock)
	}
	out, err := runCLI(t, "", "verify", "--db", db)
	if err != nil || !strings.Contains(out, "ledger intact") {
		t.Fatalf("verify: %q %v", out, err)
	}
}

func TestMain_CLIRecordsAndReads(t *testing.T) {
	db := filepath.Join(t.TempDir(), "cli.db")
	for _, c := range []struct{ cmd, body string }{
		{"item", `{"sku":"SALT","name":"Salt","uom":"KGM"}`},
		{"location", `{"code":"PLANT","name":"Plant"}`},
		{"party", `{"code":"MINE","name":"Salt mine","kind":"supplier"}`},
		{"receive", `{"supplier":"MINE","location":"PLANT","lines":[{"sku":"SALT","lot":"S-1","quantity":"25.5"}]}`},
	} {
		if _, err := runCLI(t, c.body, c.cmd, "--db", db); err != nil {
			t.Fatalf("%s: %v", c.cmd, err)
		}
	}
	out, err := runCLI(t, "", "stock", "--db", db, "--sku", "SALT")
	if err != nil || !strings.Contains(out, "S-1") || !strings.Contains(out, "25.5") {
		t.Fatalf("stock: %q %v", out, err)
	}
	_, err = runCLI(t, `{"supplier":"MINE","location":"PLANT","lines":[{"sku":"SALT","quantity":"1.23456"}]}`, "receive", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "lines[0].quantity") {
		t.Fatalf("bad quantity: %v", err)
	}
	if _, err := runCLI(t, "", "rebuild", "--db", db); err != nil {
		t.Fatal(err)
	}
	out, err = runCLI(t, "", "lots", "--db", db)
	if err != nil || !strings.Contains(out, "25.5") {
		t.Fatalf("lots after rebuild: %q %v", out, err)
	}
}

func TestMain_ExportThenImportRoundTrips(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src.db")
	for _, c := range []struct{ cmd, body string }{
		{"item", `{"sku":"PB16","name":"Peanut butter","uom":"EA","gtin":"00614141000036"}`},
		{"location", `{"code":"DC1","name":"DC 1","gln":"0614141000012"}`},
		{"party", `{"code":"FARM","name":"Farm","kind":"supplier"}`},
		{"receive", `{"supplier":"FARM","location":"DC1","lines":[{"sku":"PB16","lot":"L1","quantity":"40","expires":"2027-01-31"}]}`},
	} {
		if _, err := runCLI(t, c.body, c.cmd, "--db", src); err != nil {
			t.Fatalf("%s: %v", c.cmd, err)
		}
	}
	doc, err := runCLI(t, "", "export", "--db", src)
	if err != nil || !strings.Contains(doc, `"EPCISDocument"`) {
		t.Fatalf("export: %v %s", err, doc)
	}
	// A second ledger with the same master data takes the document in.
	dst := filepath.Join(t.TempDir(), "dst.db")
	for _, c := range []struct{ cmd, body string }{
		{"item", `{"sku":"PB16","name":"Peanut butter","uom":"EA","gtin":"00614141000036"}`},
		{"location", `{"code":"DC1","name":"DC 1","gln":"0614141000012"}`},
	} {
		if _, err := runCLI(t, c.body, c.cmd, "--db", dst); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runCLI(t, doc, "import", "--db", dst, "--create-lots")
	if err != nil || !strings.Contains(out, `"lotledger:applied": 1`) {
		t.Fatalf("import: %v %s", err, out)
	}
	stock, _ := runCLI(t, "", "stock", "--db", dst)
	if !strings.Contains(stock, "L1") || !strings.Contains(stock, "40") {
		t.Fatalf("stock after import: %s", stock)
	}
}

// TestMain_ExportCarriesTheMasterDataItsEventsName captures a partner's
// document with master data, exports the ledger and imports the export into
// a second ledger, where the master data answers the same queries.
func TestMain_ExportCarriesTheMasterDataItsEventsName(t *testing.T) {
	world := []struct{ cmd, body string }{
		{"item", `{"sku":"PB16","name":"Peanut butter","uom":"EA","gtin":"00614141000036"}`},
		{"location", `{"code":"DC1","name":"DC 1","gln":"0614141000012"}`},
		{"location", `{"code":"DC2","name":"Second DC"}`},
		{"party", `{"code":"FARM","name":"Farm","kind":"supplier"}`},
	}
	ledger := func() string {
		db := filepath.Join(t.TempDir(), "ledger.db")
		for _, c := range world {
			if _, err := runCLI(t, c.body, c.cmd, "--db", db); err != nil {
				t.Fatalf("%s: %v", c.cmd, err)
			}
		}
		return db
	}
	src := ledger()
	partner := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://example.com/ns/"}],"type":"EPCISDocument","schemaVersion":"2.0",
		"creationDate":"2026-03-10T08:00:00Z","epcisHeader":{"epcisMasterData":{"vocabularyList":[
		{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
			{"id":"urn:epc:id:sgln:0614141.00001.0","attributes":[{"id":"cbvmda:name","attribute":"North DC"},{"id":"cbvmda:sst","attribute":201},
				{"id":"ex:address","attribute":{"ex:city":"Oslo"}}],
			 "children":["urn:epc:id:sgln:0614141.00001.7"]},
			{"id":"urn:epc:id:sgln:0614141.00002.0","attributes":[{"id":"cbvmda:name","attribute":"South DC"}]}]},
		{"type":"urn:epcglobal:epcis:vtype:BusinessStep","vocabularyElementList":[
			{"id":"urn:epcglobal:cbv:bizstep:receiving","attributes":[{"id":"cbvmda:name","attribute":"Goods in"}]}]}]}},
		"epcisBody":{"eventList":[{"type":"ObjectEvent","eventTime":"2026-03-10T08:00:00Z","eventTimeZoneOffset":"+00:00","action":"ADD",
			"bizStep":"receiving","bizLocation":{"id":"https://id.gs1.org/414/0614141000012"},
			"quantityList":[{"epcClass":"https://id.gs1.org/01/00614141000036/10/L1","quantity":10}]}]}}`
	if _, err := runCLI(t, partner, "import", "--db", src, "--create-lots"); err != nil {
		t.Fatal(err)
	}
	// A receipt at a location of lotledger's own, which no document described.
	if _, err := runCLI(t, `{"supplier":"FARM","location":"DC2","lines":[{"sku":"PB16","lot":"L2","quantity":"4"}]}`, "receive", "--db", src); err != nil {
		t.Fatal(err)
	}
	doc, err := runCLI(t, "", "export", "--db", src)
	if err != nil {
		t.Fatal(err)
	}
	if err := epcis.Validate([]byte(doc)); err != nil {
		t.Fatalf("export does not validate: %v\n%s", err, doc)
	}
	exported, err := epcis.DecodeDocument([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, el := range exported.MasterData {
		ids = append(ids, el.ID)
	}
	// South DC is named by no event, so it stays out; DC2, the item of
	// both lots and the supplier are lotledger's own.
	if want := []string{"https://id.gs1.org/414/0614141000012", "urn:lotledger:location:DC2", "receiving", "https://id.gs1.org/01/00614141000036",
		"urn:lotledger:party:FARM"}; !slices.Equal(ids, want) {
		t.Fatalf("exported master data of %q, want %q:\n%s", ids, want, doc)
	}
	// The export's context has no ex: prefix, so the address is written
	// with the IRIs the partner's prefix stood for.
	if !strings.Contains(doc, `{"id":"https://example.com/ns/address","attribute":{"https://example.com/ns/city":"Oslo"}}`) ||
		!strings.Contains(doc, `{"id":"cbvmda:descriptionShort","attribute":"Peanut butter"}`) || !strings.Contains(doc, `{"id":"cbvmda:name","attribute":"Farm"}`) {
		t.Errorf("exported attributes:\n%s", doc)
	}
	if north := exported.MasterData[0]; len(north.Attributes) != 3 || north.Written != "urn:epc:id:sgln:0614141.00001.0" ||
		!slices.Equal(north.Children, []string{"https://id.gs1.org/414/0614141000012/254/7"}) {
		t.Errorf("North DC exported as %+v", north)
	}
	if plain, err := runCLI(t, "", "export", "--db", src, "--master-data=false"); err != nil || strings.Contains(plain, "epcisHeader") {
		t.Errorf("--master-data=false: %v\n%s", err, plain)
	}

	dst := ledger()
	if _, err := runCLI(t, doc, "import", "--db", dst, "--create-lots"); err != nil {
		t.Fatal(err)
	}
	if dc2 := exported.MasterData[1]; len(dc2.Attributes) != 1 || string(dc2.Attributes[0].Value) != `"Second DC"` {
		t.Errorf("DC2 exported as %+v", dc2)
	}
	for q, lot := range map[string]string{"EQ_ATTR_bizLocation_cbvmda:name=North DC": "/10/L1", "EQ_ATTR_bizLocation_cbvmda:sst=201": "/10/L1",
		"EQ_ATTR_bizStep_cbvmda:name=Goods in": "/10/L1", "EQ_ATTR_bizLocation_cbvmda:name=Second DC": "/10/L2",
		"HASATTR_bizLocation=https://example.com/ns/address": "/10/L1", "EQ_ATTR_epcClass_cbvmda:descriptionShort=Peanut butter": "/10/L2"} {
		out, err := runCLI(t, "", "export", "--db", dst, "--query", q)
		if err != nil || !strings.Contains(out, lot) {
			t.Errorf("%s in the second ledger: %v\n%s", q, err, out)
		}
	}
}

func TestMain_TraceFollowsProductionToCustomers(t *testing.T) {
	db := cliChain(t)
	out, err := runCLI(t, "", "trace", "--db", db, "--direction", "forward", "PEANUT", "P1")
	if err != nil || !strings.Contains(out, "2 lots, 1 suppliers, 1 shipments") || !strings.Contains(out, "Store one") || !strings.Contains(out, "SO-1") {
		t.Fatalf("trace: %v\n%s", err, out)
	}
}

func TestMain_ScopeNamesLotsCustomersAndStock(t *testing.T) {
	db := cliChain(t)
	out, err := runCLI(t, "", "scope", "--db", db, "PEANUT", "P1")
	if err != nil || !strings.Contains(out, "2 lots, 1 suppliers, 1 customer lines, 2 stock rows") || !strings.Contains(out, "S1        PB B1  12") ||
		!strings.Contains(out, "PLANT     PB B1      68") {
		t.Fatalf("scope: %v\n%s", err, out)
	}
	if _, err := runCLI(t, "", "scope", "--db", db, "--direction", "sideways", "PEANUT", "P1"); err == nil || !strings.Contains(err.Error(), "direction") {
		t.Fatalf("a bad direction: %v", err)
	}
}

func TestMain_RecallHoldsTheScope(t *testing.T) {
	db := cliChain(t)
	out, err := runCLI(t, "", "recall", "--db", db, "--reason", "supplier notice", "PEANUT", "P1")
	if err != nil || !strings.Contains(out, "2 lots, 1 customers") {
		t.Fatalf("recall: %v\n%s", err, out)
	}
	lots, _ := runCLI(t, "", "lots", "--db", db, "--status", "recalled")
	if !strings.Contains(lots, "P1") || !strings.Contains(lots, "B1") {
		t.Fatalf("recalled lots: %s", lots)
	}
}

// cliChain records through the CLI a small chain: peanut lot P1 made into
// peanut butter B1, 12 jars of which went to store S1 (reference SO-1).
func cliChain(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "chain.db")
	for _, c := range []struct{ cmd, body string }{
		{"item", `{"sku":"PEANUT","name":"Peanuts","uom":"KGM"}`},
		{"item", `{"sku":"PB","name":"Peanut butter","uom":"EA"}`},
		{"location", `{"code":"PLANT","name":"Plant"}`},
		{"party", `{"code":"FARM","name":"Farm","kind":"supplier"}`},
		{"party", `{"code":"S1","name":"Store one","kind":"customer"}`},
		{"receive", `{"supplier":"FARM","location":"PLANT","lines":[{"sku":"PEANUT","lot":"P1","quantity":"100"}]}`},
		{"produce", `{"location":"PLANT","inputs":[{"sku":"PEANUT","lot":"P1","quantity":"50"}],"outputs":[{"sku":"PB","lot":"B1","quantity":"80"}]}`},
		{"ship", `{"from":"PLANT","customer":"S1","reference":"SO-1","lines":[{"sku":"PB","lot":"B1","quantity":"12"}]}`},
	} {
		if _, err := runCLI(t, c.body, c.cmd, "--db", db); err != nil {
			t.Fatalf("%s: %v", c.cmd, err)
		}
	}
	return db
}

// TestMain_ServeSavesTheScopeSummary stops a server that has built its scope
// summary and starts another on the same database: the second starts from
// the snapshot the first saved as it stopped.
func TestMain_ServeSavesTheScopeSummary(t *testing.T) {
	db := filepath.Join(t.TempDir(), "demo.db")
	var first, second bytes.Buffer
	base, stop := runServer(t, db, &first, "--demo")
	call(t, "GET", base+"/api/v1/lots?limit=1", "", 200)
	stop()
	if !strings.Contains(first.String(), `"from_snapshot":false`) || !strings.Contains(first.String(), `"msg":"scope snapshot saved"`) {
		t.Fatalf("first server's log:\n%s", first.String())
	}
	_, stop = runServer(t, db, &second)
	stop()
	if !strings.Contains(second.String(), `"from_snapshot":true,"events_followed":0`) {
		t.Fatalf("second server's log:\n%s", second.String())
	}
}

// TestMain_ExportStreamsEveryPage exports a generated ledger of more events
// than a page holds, whole and with a limit that ends inside a page.
func TestMain_ExportStreamsEveryPage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "gen.db")
	if _, err := runCLI(t, "", "gen", "--events", "2500", "--db", db); err != nil {
		t.Fatal(err)
	}
	count := func(args ...string) int {
		t.Helper()
		out, err := runCLI(t, "", append([]string{"export", "--db", db}, args...)...)
		if err != nil {
			t.Fatalf("export %v: %v", args, err)
		}
		var doc struct {
			Type string `json:"type"`
			Body struct {
				Events []json.RawMessage `json:"eventList"`
			} `json:"epcisBody"`
		}
		if err := json.Unmarshal([]byte(out), &doc); err != nil || doc.Type != "EPCISDocument" {
			t.Fatalf("export %v: not an EPCISDocument (%v): %.200s", args, err, out)
		}
		return len(doc.Body.Events)
	}
	if n := count(); n < 2500 {
		t.Errorf("export wrote %d events; want every one of at least 2500", n)
	}
	if n := count("--limit", "1500"); n != 1500 {
		t.Errorf("export --limit 1500 wrote %d events", n)
	}
	if _, err := runCLI(t, "", "export", "--db", db, "--since", "yesterday"); err == nil {
		t.Error("export --since yesterday was accepted")
	}
	// A query selects what is exported, as GET /epcis/events would, in its
	// order: the latest three shipments.
	shipping := count("--query", "EQ_bizStep=shipping")
	if shipping == 0 || shipping >= 2500 {
		t.Errorf("export --query EQ_bizStep=shipping wrote %d events", shipping)
	}
	if n := count("--query", "EQ_bizStep=shipping&orderBy=eventTime&eventCountLimit=3"); n != 3 {
		t.Errorf("the latest three shipments: %d events", n)
	}
	for _, q := range []string{"EQ_colour=red", "perPage=5", "%zz", "GE_recordTime=2026-01-01T00:00:00Z"} {
		if _, err := runCLI(t, "", "export", "--db", db, "--query", q, "--since", "2026-01-01T00:00:00Z"); err == nil {
			t.Errorf("export --query %q was accepted", q)
		}
	}
}

func TestMain_ServeReportsSubscriptionsToPartners(t *testing.T) {
	got := make(chan []byte, 4)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- b
	}))
	defer hook.Close()
	base := startServer(t, filepath.Join(t.TempDir(), "sub.db"))
	call(t, "POST", base+"/api/v1/items", `{"sku":"PB16","name":"Peanut butter","uom":"EA"}`, 201)
	call(t, "POST", base+"/api/v1/locations", `{"code":"DC1","name":"DC 1"}`, 201)
	call(t, "POST", base+"/api/v1/parties", `{"code":"FARM","name":"Farm","kind":"supplier"}`, 201)
	call(t, "POST", base+"/epcis/queries", `{"name":"receipts","query":{"EQ_bizStep":["receiving"]}}`, 201)
	call(t, "POST", base+"/epcis/queries/receipts/subscriptions", `{"dest":"`+hook.URL+`","stream":true}`, 201)
	rec := call(t, "POST", base+"/api/v1/receipts", `{"supplier":"FARM","location":"DC1","lines":[{"sku":"PB16","lot":"L1","quantity":"10"}]}`, 201)
	select {
	case b := <-got:
		if !strings.Contains(string(b), `"queryName":"receipts"`) || !strings.Contains(string(b), rec["id"].(string)) {
			t.Fatalf("report = %s", b)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("no report within 30 s of the receipt")
	}
}
