package http_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"lotledger"
	lhttp "lotledger/http"
)

func dialSocket(t *testing.T, ctx context.Context, ts *httptest.Server, path string) *websocket.Conn {
	t.Helper()
	conn, res, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(ts.URL, "http")+path, nil)
	if err != nil {
		t.Fatalf("dial %s: %v (%v)", path, err, res)
	}
	t.Cleanup(func() { conn.CloseNow() })
	return conn
}

func readReport(t *testing.T, ctx context.Context, conn *websocket.Conn) queryDoc {
	t.Helper()
	typ, b, err := conn.Read(ctx)
	if err != nil || typ != websocket.MessageText {
		t.Fatalf("read: %v (type %v)", err, typ)
	}
	var doc queryDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("report %s: %v", b, err)
	}
	return doc
}

func TestSocketSubscription_StreamsWhatIsRecordedWhileConnected(t *testing.T) {
	st := mustStore(t)
	ts, _ := mustServe(t, st, lhttp.Options{EPCIS: st, Queries: st, SocketPoll: 10 * time.Millisecond})
	seed(t, ts) // before the connection: not sent
	do(t, ts, "POST", "/epcis/queries", `{"name":"shipments","query":{"EQ_bizStep":["shipping"]}}`).want(t, 201, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := dialSocket(t, ctx, ts, "/epcis/queries/shipments/events") // starts at the head
	var shipped, got []string
	for range 2 {
		var r lotledger.Result
		do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"1"}]}`).want(t, 201, &r)
		shipped = append(shipped, r.ID)
	}
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH2","lines":[{"sku":"PEANUTS","lot":"P2","quantity":"5"}]}`).want(t, 201, nil)
	for len(got) < 2 {
		doc := readReport(t, ctx, conn)
		if doc.EPCISBody.QueryResults.QueryName != "shipments" || !strings.HasPrefix(doc.EPCISBody.QueryResults.SubscriptionID, "WS-") {
			t.Fatalf("report envelope: %+v", doc)
		}
		got = append(got, doc.eventIDs()...)
	}
	if !slices.Equal(got, shipped) {
		t.Fatalf("streamed %v, want the shipments %v", got, shipped)
	}
	conn.Close(websocket.StatusNormalClosure, "")
}

func TestSocketSubscription_StartsAtInitialRecordTime(t *testing.T) {
	ts, _ := mustQueriesServer(t)
	res := seed(t, ts)
	do(t, ts, "POST", "/epcis/queries", `{"name":"all","query":{}}`).want(t, 201, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn := dialSocket(t, ctx, ts, "/epcis/queries/all/events?initialRecordTime=2025-01-01T00:00:00Z")
	if ids := readReport(t, ctx, conn).eventIDs(); !slices.Equal(ids, []string{res.ID}) {
		t.Fatalf("first report %v, want the seed's receipt %s", ids, res.ID)
	}
}

func TestSocketSubscription_BadSettingsAre400BeforeTheUpgrade(t *testing.T) {
	ts, _ := mustQueriesServer(t)
	do(t, ts, "POST", "/epcis/queries", `{"name":"all","query":{}}`).want(t, 201, nil)
	for _, c := range []struct{ query, field string }{
		{"hour=25", "schedule.hour"},
		{"stream=maybe", "stream"},
		{"initialRecordTime=yesterday", "initialRecordTime"},
		{"reportIfEmpty=true", "reportIfEmpty"}, // a stream never reports empty
		{"EQ_bizStep=shipping", "EQ_bizStep"},
	} {
		do(t, ts, "GET", "/epcis/queries/all/events?"+c.query, "", "Upgrade", "websocket", "Connection", "Upgrade",
			"Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").wantProblem(t, 400, "invalid", c.field)
	}
	do(t, ts, "GET", "/epcis/queries/none/events", "", "Upgrade", "websocket").wantProblem(t, 404, "not_found", "queryName")
}

func TestSocketSubscription_ClosedWhenTheServerStops(t *testing.T) {
	st := mustStore(t)
	srv := lhttp.NewServer(st, lhttp.Options{EPCIS: st, Queries: st})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, ln) }()
	if _, err := st.SaveEPCISQuery(context.Background(), "all", map[string][]string{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, "ws://"+ln.Addr().String()+"/epcis/queries/all/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.CloseNow()
	stop()
	_, _, err = conn.Read(ctx)
	var ce websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != websocket.StatusGoingAway {
		t.Errorf("read after stop: %v, want close status going away", err)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
