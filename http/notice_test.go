package http_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lotledger"
	lhttp "lotledger/http"
	"lotledger/notify"
	"lotledger/store"
)

// noticeDesk is what cmd/lotledger gives the server: the store's notices
// and the signer's links.
type noticeDesk struct {
	*store.Store
	notify.Signer
}

var _ lhttp.Notices = noticeDesk{}

// MustNoticeServer starts the API with notices over a fresh store, recalls
// a lot that customer CUST1 (email and webhook) received, and returns the
// recall.
func MustNoticeServer(t *testing.T) (*httptest.Server, notify.Signer, *lotledger.Recall) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "ledger.db"),
		store.Options{Logger: slog.New(slog.DiscardHandler), Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	signer := notify.NewSigner([]byte("server key"))
	srv := lhttp.NewServer(st, lhttp.Options{Notices: noticeDesk{st, signer},
		Logger: slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)

	do(t, ts, "POST", "/api/v1/items", `{"sku":"PB-JAR","name":"Peanut butter 340 g","uom":"EA"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/locations", `{"code":"WH1","name":"Warehouse 1"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/parties", `{"code":"SUP1","name":"Peanut Farm","kind":"supplier"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/parties", `{"code":"CUST1","name":"Store 9","kind":"customer",
		"email":"buyer@store9.example","webhook_url":"https://store9.example/hooks"}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/receipts", `{"supplier":"SUP1","location":"WH1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"100"}]}`).want(t, 201, nil)
	do(t, ts, "POST", "/api/v1/shipments", `{"from":"WH1","customer":"CUST1","lines":[{"sku":"PB-JAR","lot":"L1","quantity":"10"}]}`).want(t, 201, nil)
	var rec lotledger.Recall
	do(t, ts, "POST", "/api/v1/recalls", `{"lots":[{"sku":"PB-JAR","lot":"L1"}],"reason":"Salmonella"}`).want(t, 201, &rec)
	if len(rec.Notices) != 2 {
		t.Fatalf("the recall queued %d notices, want email and webhook", len(rec.Notices))
	}
	return ts, signer, &rec
}

// recallNotices reads the recall's notices through the API, by channel.
func recallNotices(t *testing.T, ts *httptest.Server, id string) map[string]lotledger.Notice {
	t.Helper()
	var rec lotledger.Recall
	do(t, ts, "GET", "/api/v1/recalls/"+id, "").want(t, 200, &rec)
	out := map[string]lotledger.Notice{}
	for _, n := range rec.Notices {
		out[n.Channel] = n
	}
	return out
}

func TestAckNotice_ByAPIRecordsWhoOnce(t *testing.T) {
	ts, _, rec := MustNoticeServer(t)
	id := rec.Notices[0].ID
	var n lotledger.Notice
	do(t, ts, "POST", "/api/v1/notices/"+id+"/ack", `{"by":"alice@store9"}`).want(t, 200, &n)
	if n.ID != id || n.AckBy != "alice@store9" || !n.AcknowledgedAt.Equal(testNow) {
		t.Fatalf("acknowledged %+v", n)
	}
	do(t, ts, "POST", "/api/v1/notices/"+id+"/ack", `{"by":"bob@store9"}`).want(t, 200, &n)
	if n.AckBy != "alice@store9" {
		t.Fatalf("a second acknowledgement replaced the first: %+v", n)
	}
	t.Run("NoBodyMeansTheActingUser", func(t *testing.T) {
		other := rec.Notices[1].ID
		do(t, ts, "POST", "/api/v1/notices/"+other+"/ack", "", "X-Lotledger-User", "carol").want(t, 200, &n)
		if n.AckBy != "carol" {
			t.Fatalf("ack_by %q", n.AckBy)
		}
	})
	t.Run("UnknownNoticeIs404", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/notices/NT-none/ack", `{"by":"x"}`).wantProblem(t, 404, lotledger.ENOTFOUND, "id")
	})
	t.Run("UnknownFieldIs400", func(t *testing.T) {
		do(t, ts, "POST", "/api/v1/notices/"+id+"/ack", `{"who":"x"}`).wantProblem(t, 400, lotledger.EINVALID, "who")
	})
}

func TestAckLink_SignedLinkAcknowledgesAndThanks(t *testing.T) {
	ts, signer, rec := MustNoticeServer(t)
	id := rec.Notices[0].ID
	link := signer.AckURL(ts.URL, id)
	res := do(t, ts, "GET", strings.TrimPrefix(link, ts.URL), "")
	res.want(t, 200, nil)
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") || !strings.Contains(string(res.body), "Thank you") ||
		!strings.Contains(string(res.body), rec.ID) {
		t.Fatalf("page %s: %s", ct, res.body)
	}
	if res.header.Get("Referrer-Policy") != "no-referrer" {
		t.Error("the page lets the signed link leak as a referrer")
	}
	n := recallNotices(t, ts, rec.ID)[rec.Notices[0].Channel]
	if n.AckBy != "CUST1 (link in the notice)" || !n.Acknowledged() {
		t.Fatalf("after the link %+v", n)
	}
	do(t, ts, "GET", strings.TrimPrefix(link, ts.URL), "").want(t, 200, nil) // clicking twice is fine
}

func TestAckLink_ForgedSignatureIs403AndChangesNothing(t *testing.T) {
	ts, signer, rec := MustNoticeServer(t)
	id, other := rec.Notices[0].ID, rec.Notices[1].ID
	for name, path := range map[string]string{
		"Missing":        "/ack/" + id,
		"Wrong":          "/ack/" + id + "?sig=" + strings.Repeat("0", 64),
		"OtherNotices":   "/ack/" + id + "?sig=" + signer.AckSignature(other),
		"OtherServerKey": "/ack/" + id + "?sig=" + notify.NewSigner([]byte("another key")).AckSignature(id),
	} {
		t.Run(name, func(t *testing.T) {
			do(t, ts, "GET", path, "").wantProblem(t, 403, lotledger.EFORBIDDEN, "sig")
		})
	}
	for _, n := range recallNotices(t, ts, rec.ID) {
		if n.Acknowledged() {
			t.Fatalf("a forged link acknowledged %+v", n)
		}
	}
}

func TestRecall_ListsNoticesWithDeliveryAndAcknowledgement(t *testing.T) {
	ts, _, rec := MustNoticeServer(t)
	do(t, ts, "POST", "/api/v1/notices/"+rec.Notices[0].ID+"/ack", `{"by":"alice"}`).want(t, 200, nil)
	got := recallNotices(t, ts, rec.ID)
	email, webhook := got[lotledger.ChannelEmail], got[lotledger.ChannelWebhook]
	if email.Customer != "CUST1" || email.Address != "buyer@store9.example" || email.State != lotledger.NoticePending ||
		webhook.Address != "https://store9.example/hooks" || webhook.State != lotledger.NoticePending {
		t.Fatalf("notices %+v", got)
	}
	if acked := got[rec.Notices[0].Channel]; acked.AckBy != "alice" || got[rec.Notices[1].Channel].Acknowledged() {
		t.Fatalf("acknowledgements %+v", got)
	}
}

func TestNotices_WithoutNoticesAre501(t *testing.T) {
	ts := MustServer(t)
	do(t, ts, "POST", "/api/v1/notices/NT-1/ack", `{"by":"x"}`).wantProblem(t, 501, "not_implemented", "")
	do(t, ts, "GET", "/ack/NT-1?sig=x", "").wantProblem(t, 501, "not_implemented", "")
}
