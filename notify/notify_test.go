package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lotledger"
	"lotledger/notify"
	"lotledger/store"
)

// Compile-time check: the store is the outbox the Deliverer reads.
var _ notify.Outbox = (*store.Store)(nil)

var key = []byte("test server key")

var ctx = lotledger.WithUser(context.Background(), "tester")

// clock is a settable clock shared by the store and the Deliverer.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// MustOpen opens the SQLite store at path, closed when the test ends.
func MustOpen(t *testing.T, path string, c *clock) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), path, store.Options{Now: c.Now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// MustRecall makes a small supply chain in which customer STORE1 (with the
// given email and webhook) received two lots of peanut butter and STORE2
// nothing, and recalls the peanuts they were made from.
func MustRecall(t *testing.T, s *store.Store, email, webhook string) *lotledger.Recall {
	t.Helper()
	check := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	check(s.CreateItem(ctx, lotledger.Item{SKU: "PEANUT", Name: "Raw peanuts", UOM: "KGM"}))
	check(s.CreateItem(ctx, lotledger.Item{SKU: "PB16", Name: "Peanut butter 16 oz", UOM: "EA"}))
	check(s.CreateLocation(ctx, lotledger.Location{Code: "PLANT", Name: "Plant"}))
	check(s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Peanut farm", Kind: lotledger.PartySupplier}))
	check(s.CreateParty(ctx, lotledger.Party{Code: "STORE1", Name: "Store 1", Kind: lotledger.PartyCustomer, Email: email, WebhookURL: webhook}))
	check(s.CreateParty(ctx, lotledger.Party{Code: "STORE2", Name: "Store 2", Kind: lotledger.PartyCustomer, Email: "s2@example.com"}))
	check(s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT",
		Lines: []lotledger.ReceiptLine{{SKU: "PEANUT", Lot: "P1", Quantity: "100", Expires: "2026-12-01"}}}))
	for _, lot := range []string{"PB-A", "PB-B"} {
		check(s.Produce(ctx, lotledger.Production{Location: "PLANT", Inputs: []lotledger.Line{{SKU: "PEANUT", Lot: "P1", Quantity: "10"}},
			Outputs: []lotledger.OutputLine{{SKU: "PB16", Lot: lot, Quantity: "50"}}}))
		check(s.Ship(ctx, lotledger.Shipment{From: "PLANT", Customer: "STORE1", Reference: "SO-" + lot,
			Lines: []lotledger.Line{{SKU: "PB16", Lot: lot, Quantity: "12"}}}))
	}
	rec, err := s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "PEANUT", Lot: "P1"}}, Reason: "Salmonella"})
	if err != nil {
		t.Fatalf("start recall: %v", err)
	}
	return rec
}

// hook is a webhook receiver that verifies every request as a customer
// would, and answers with the statuses it is given, then 200.
type hook struct {
	t       *testing.T
	clock   *clock
	secret  string
	mu      sync.Mutex
	answers []int
	bodies  [][]byte
	got     chan struct{}
}

func newHook(t *testing.T, c *clock, answers ...int) (*hook, *httptest.Server) {
	h := &hook{t: t, clock: c, secret: notify.NewSigner(key).PartySecret("STORE1"), answers: answers, got: make(chan struct{}, 16)}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return h, ts
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	err := notify.Verify(h.secret, r.Header.Get(notify.HeaderTimestamp), r.Header.Get(notify.HeaderSignature), body, h.clock.Now(), 0)
	if err != nil {
		h.t.Errorf("webhook does not verify: %v", err)
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	h.mu.Lock()
	status := http.StatusOK
	if len(h.answers) > 0 {
		status, h.answers = h.answers[0], h.answers[1:]
	}
	if status == http.StatusOK {
		h.bodies = append(h.bodies, body)
	}
	h.mu.Unlock()
	w.WriteHeader(status)
	h.got <- struct{}{}
}

func (h *hook) received() [][]byte {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.bodies
}

// notice returns the recall's notice to STORE1 over channel.
func notice(t *testing.T, s *store.Store, recall, channel string) lotledger.Notice {
	t.Helper()
	ns, err := s.RecallNotices(ctx, recall)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		if n.Customer == "STORE1" && n.Channel == channel {
			return n
		}
	}
	t.Fatalf("no %s notice to STORE1 in %+v", channel, ns)
	return lotledger.Notice{}
}

func deliverDue(t *testing.T, d *notify.Deliverer, want int) {
	t.Helper()
	got, err := d.DeliverDue(ctx)
	if err != nil {
		t.Fatalf("deliver: %v", err)
	}
	if got != want {
		t.Fatalf("delivered %d notices, want %d", got, want)
	}
}

func TestWebhook_SignedBodyVerifiesAndListsWhatTheCustomerReceived(t *testing.T) {
	c := newClock()
	h, ts := newHook(t, c)
	s := MustOpen(t, filepath.Join(t.TempDir(), "l.db"), c)
	rec := MustRecall(t, s, "", ts.URL+"/recalls?token=abc")
	d := notify.New(s, notify.Config{Key: key, BaseURL: "https://ledger.example.com", Now: c.Now})

	deliverDue(t, d, 1)

	bodies := h.received()
	if len(bodies) != 1 {
		t.Fatalf("webhook got %d bodies", len(bodies))
	}
	var got lotledger.NoticeContent
	if err := json.Unmarshal(bodies[0], &got); err != nil {
		t.Fatal(err)
	}
	n := notice(t, s, rec.ID, lotledger.ChannelWebhook)
	if got.Notice != n.ID || got.Recall != rec.ID || got.Customer != "STORE1" || len(got.Lines) != 2 ||
		got.Lines[0].Lot != "PB-A" || got.Lines[0].Quantity != lotledger.Units(12) || got.Lines[0].References[0] != "SO-PB-A" ||
		got.Action == "" || !strings.HasPrefix(got.AckURL, "https://ledger.example.com/ack/"+n.ID+"?sig=") {
		t.Fatalf("webhook body %s", bodies[0])
	}
	if n.State != lotledger.NoticeDelivered || !n.DeliveredAt.Equal(c.Now()) || n.Attempts != 0 {
		t.Fatalf("notice after delivery %+v", n)
	}
	deliverDue(t, d, 0) // nothing is sent twice
}

func TestWebhook_FailureIsRetriedWithBackoffThenDelivered(t *testing.T) {
	c := newClock()
	h, ts := newHook(t, c, http.StatusInternalServerError, http.StatusInternalServerError)
	s := MustOpen(t, filepath.Join(t.TempDir(), "l.db"), c)
	rec := MustRecall(t, s, "", ts.URL)
	d := notify.New(s, notify.Config{Key: key, Now: c.Now})

	deliverDue(t, d, 0)
	n := notice(t, s, rec.ID, lotledger.ChannelWebhook)
	if n.State != lotledger.NoticePending || n.Attempts != 1 || !strings.Contains(n.LastError, "500") ||
		!n.NextAttemptAt.Equal(c.Now().Add(30*time.Second)) {
		t.Fatalf("after one failure %+v", n)
	}
	c.Advance(29 * time.Second)
	deliverDue(t, d, 0) // not due yet: no request
	if len(h.got) != 1 {
		t.Fatalf("webhook called %d times before the backoff ended", len(h.got))
	}
	c.Advance(time.Second)
	deliverDue(t, d, 0) // second failure: the wait doubles
	if n = notice(t, s, rec.ID, lotledger.ChannelWebhook); n.Attempts != 2 || !n.NextAttemptAt.Equal(c.Now().Add(time.Minute)) {
		t.Fatalf("after two failures %+v", n)
	}
	c.Advance(time.Minute)
	deliverDue(t, d, 1)
	if n = notice(t, s, rec.ID, lotledger.ChannelWebhook); n.State != lotledger.NoticeDelivered || n.LastError != "" {
		t.Fatalf("after delivery %+v", n)
	}
}

func TestOutbox_NoticeSurvivesARestart(t *testing.T) {
	c := newClock()
	h, ts := newHook(t, c)
	path := filepath.Join(t.TempDir(), "l.db")
	first := MustOpen(t, path, c)
	rec := MustRecall(t, first, "", ts.URL)
	if err := first.Close(); err != nil { // the process stops before any delivery
		t.Fatal(err)
	}

	s := MustOpen(t, path, c)
	d := notify.New(s, notify.Config{Key: key, Now: c.Now, Interval: 10 * time.Millisecond})
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- d.Run(runCtx) }()
	deadline := time.Now().Add(10 * time.Second)
	for notice(t, s, rec.ID, lotledger.ChannelWebhook).State != lotledger.NoticeDelivered {
		if time.Now().After(deadline) {
			t.Fatal("the notice was not delivered after the restart")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if len(h.received()) != 1 {
		t.Fatalf("webhook got %d notices, want 1", len(h.received()))
	}
}

func TestDeliverer_WithoutSMTPEmailStaysPendingAndWebhooksGo(t *testing.T) {
	c := newClock()
	_, ts := newHook(t, c)
	s := MustOpen(t, filepath.Join(t.TempDir(), "l.db"), c)
	rec := MustRecall(t, s, "buyer@store1.example", ts.URL)
	d := notify.New(s, notify.Config{Key: key, Now: c.Now})
	if _, why := d.Channels(); !strings.Contains(why, "SMTP") {
		t.Fatalf("why = %q", why)
	}
	deliverDue(t, d, 1)
	if n := notice(t, s, rec.ID, lotledger.ChannelEmail); n.State != lotledger.NoticePending || n.Attempts != 0 {
		t.Fatalf("email notice %+v", n)
	}
}

func TestDeliverer_WithoutKeyDeliversNothing(t *testing.T) {
	c := newClock()
	h, ts := newHook(t, c)
	s := MustOpen(t, filepath.Join(t.TempDir(), "l.db"), c)
	MustRecall(t, s, "", ts.URL)
	d := notify.New(s, notify.Config{Now: c.Now})
	deliverDue(t, d, 0)
	if len(h.got) != 0 {
		t.Fatal("a notice was sent unsigned")
	}
}

func TestBackoff_DoublesFrom30sToOneHour(t *testing.T) {
	for attempts, want := range map[int]time.Duration{0: 30 * time.Second, 1: time.Minute, 3: 4 * time.Minute, 6: 32 * time.Minute, 7: time.Hour, 40: time.Hour} {
		if got := notify.Backoff(attempts); got != want {
			t.Errorf("Backoff(%d) = %s, want %s", attempts, got, want)
		}
	}
}
