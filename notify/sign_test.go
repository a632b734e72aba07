package notify_test

import (
	"errors"
	"testing"
	"time"

	"lotledger/notify"
)

func TestVerify_AcceptsOwnSignatureRejectsTamperingAndReplay(t *testing.T) {
	now := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	body := []byte(`{"notice":"NT-1"}`)
	ts, sig := notify.Sign("secret", now, body)
	t.Run("OK", func(t *testing.T) {
		if err := notify.Verify("secret", ts, sig, body, now.Add(4*time.Minute), 0); err != nil {
			t.Fatal(err)
		}
	})
	for name, tc := range map[string]struct {
		secret, ts, sig string
		body            []byte
		now             time.Time
		want            error
	}{
		"OtherBody":     {"secret", ts, sig, []byte(`{"notice":"NT-2"}`), now, notify.ErrBadSignature},
		"OtherSecret":   {"other", ts, sig, body, now, notify.ErrBadSignature},
		"OtherTime":     {"secret", "1773144001", sig, body, now, notify.ErrBadSignature},
		"NoPrefix":      {"secret", ts, sig[len("sha256="):], body, now, notify.ErrBadSignature},
		"Replayed":      {"secret", ts, sig, body, now.Add(6 * time.Minute), notify.ErrStale},
		"FromTheFuture": {"secret", ts, sig, body, now.Add(-6 * time.Minute), notify.ErrStale},
		"NotANumber":    {"secret", "yesterday", sig, body, now, notify.ErrStale},
	} {
		t.Run(name, func(t *testing.T) {
			if err := notify.Verify(tc.secret, tc.ts, tc.sig, tc.body, tc.now, 0); !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestSigner_SecretsDifferByPartyAndKey(t *testing.T) {
	a, b := notify.NewSigner([]byte("k1")), notify.NewSigner([]byte("k2"))
	if a.PartySecret("STORE1") == a.PartySecret("STORE2") || a.PartySecret("STORE1") == b.PartySecret("STORE1") {
		t.Fatal("secrets collide")
	}
	if a.PartySecret("STORE1") != notify.NewSigner([]byte("k1")).PartySecret("STORE1") {
		t.Fatal("a party's secret is not stable")
	}
	if !a.ValidAckLink("NT-1", a.AckSignature("NT-1")) || a.ValidAckLink("NT-2", a.AckSignature("NT-1")) ||
		b.ValidAckLink("NT-1", a.AckSignature("NT-1")) || notify.NewSigner(nil).ValidAckLink("NT-1", notify.NewSigner(nil).AckSignature("NT-1")) {
		t.Fatal("ack links are not bound to notice and key")
	}
}
