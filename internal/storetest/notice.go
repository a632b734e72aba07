package storetest

import (
	"errors"
	"testing"
	"time"

	"lotledger"
)

// testNotices checks the outbox of recall notices: queued with the recall,
// one per customer and channel, due and retried, delivered, acknowledged.
func testNotices(t *testing.T, open Opener) {
	w := newWorld(t, open)
	must(w.s.CreateParty(ctx, lotledger.Party{Code: "STORE3", Name: "Store 3", Kind: lotledger.PartyCustomer,
		Email: "s3@example.com", WebhookURL: "https://store3.example.com/hooks/recall"}))(t)
	w.receive("PEANUT", "P1", "PLANT-RAW", "1000", "2026-12-01")
	must(w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW", Inputs: []lotledger.Line{{SKU: "PEANUT", Lot: "P1", Quantity: "10"}},
		Outputs: []lotledger.OutputLine{{SKU: "PB16", Lot: "A", Quantity: "100"}}}))(t)
	for _, c := range []string{"STORE1", "STORE2", "STORE3"} {
		must(w.s.Ship(ctx, lotledger.Shipment{From: "PLANT-RAW", Customer: c, Reference: "SO-" + c,
			Lines: []lotledger.Line{{SKU: "PB16", Lot: "A", Quantity: "10"}}}))(t)
	}
	must(w.s.Ship(ctx, lotledger.Shipment{From: "PLANT-RAW", Customer: "STORE3", Reference: "SO-RAW",
		Lines: []lotledger.Line{{SKU: "PEANUT", Lot: "P1", Quantity: "5"}}}))(t)

	t.Run("MockRecallQueuesNothing", func(t *testing.T) {
		rec := must(w.s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "PEANUT", Lot: "P1"}}, Reason: "drill", Mock: true}))(t)
		if got := must(w.s.RecallNotices(ctx, rec.ID))(t); len(got) != 0 {
			t.Fatalf("a mock recall queued %d notices", len(got))
		}
	})
	rec := must(w.s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "PEANUT", Lot: "P1"}}, Reason: "Salmonella"}))(t)
	now := fixedNow()
	byKey := map[string]lotledger.Notice{}

	t.Run("OnePerCustomerAndChannelInTheRecallsTransaction", func(t *testing.T) {
		got := must(w.s.RecallNotices(ctx, rec.ID))(t)
		for _, n := range got {
			byKey[n.Customer+"/"+n.Channel] = n
		}
		if len(got) != 3 || byKey["STORE1/email"].Address != "s1@example.com" || byKey["STORE3/email"].ID == "" ||
			byKey["STORE3/webhook"].Address != "https://store3.example.com/hooks/recall" {
			t.Fatalf("notices %+v (STORE2 has no address: none)", got)
		}
		if len(rec.Notices) != 3 {
			t.Fatalf("the recall's answer lists %d notices", len(rec.Notices))
		}
		for _, n := range got {
			if n.State != lotledger.NoticePending || n.Attempts != 0 || !n.NextAttemptAt.Equal(now) || n.Acknowledged() {
				t.Fatalf("new notice %+v", n)
			}
		}
	})
	t.Run("PendingCarriesWhatTheCustomerReceived", func(t *testing.T) {
		due := must(w.s.PendingNotices(ctx, now, 10))(t)
		if len(due) != 3 {
			t.Fatalf("%d due", len(due))
		}
		for _, n := range due {
			if n.Customer != "STORE3" {
				continue
			}
			c := n.Content
			if c == nil || c.Notice != n.ID || c.Recall != rec.ID || c.Reason != "Salmonella" || c.Name != "Store 3" || len(c.Lines) != 2 ||
				c.Lines[0].SKU != "PB16" || c.Lines[0].Quantity != lotledger.Units(10) || c.Lines[0].UOM != "EA" ||
				c.Lines[0].References[0] != "SO-STORE3" || c.Lines[1].SKU != "PEANUT" || c.Lines[1].UOM != "KGM" || c.Action == "" {
				t.Fatalf("content %+v", c)
			}
		}
		if webhooks := must(w.s.PendingNotices(ctx, now, 10, lotledger.ChannelWebhook))(t); len(webhooks) != 1 {
			t.Fatalf("%d webhooks due", len(webhooks))
		}
		if early := must(w.s.PendingNotices(ctx, now.Add(-time.Second), 10))(t); len(early) != 0 {
			t.Fatalf("%d due before they were queued", len(early))
		}
	})
	t.Run("FailedAttemptWaitsForItsNextTime", func(t *testing.T) {
		id := byKey["STORE3/webhook"].ID
		if err := w.s.MarkFailed(ctx, id, errors.New("webhook answered 500"), now.Add(30*time.Second)); err != nil {
			t.Fatal(err)
		}
		if due := must(w.s.PendingNotices(ctx, now, 10, lotledger.ChannelWebhook))(t); len(due) != 0 {
			t.Fatal("a failed notice is due again at once")
		}
		due := must(w.s.PendingNotices(ctx, now.Add(30*time.Second), 10, lotledger.ChannelWebhook))(t)
		if len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "webhook answered 500" || due[0].State != lotledger.NoticePending {
			t.Fatalf("due after backoff %+v", due)
		}
	})
	t.Run("FailedForGoodAfterMaxAttempts", func(t *testing.T) {
		id := byKey["STORE3/email"].ID
		for range lotledger.NoticeMaxAttempts {
			if err := w.s.MarkFailed(ctx, id, errors.New("mailbox full"), now); err != nil {
				t.Fatal(err)
			}
		}
		n := must(w.s.Notice(ctx, id))(t)
		if n.State != lotledger.NoticeFailed || n.Attempts != lotledger.NoticeMaxAttempts {
			t.Fatalf("after %d failures %+v", lotledger.NoticeMaxAttempts, n)
		}
		wantError(t, w.s.MarkFailed(ctx, id, errors.New("again"), now), lotledger.ENOTFOUND, "id")
	})
	t.Run("Delivered", func(t *testing.T) {
		if err := w.s.MarkDelivered(ctx, byKey["STORE1/email"].ID, now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		wantError(t, w.s.MarkDelivered(ctx, "NT-none", now), lotledger.ENOTFOUND, "id")
	})
	t.Run("AcknowledgedOnceByTheFirst", func(t *testing.T) {
		id := byKey["STORE1/email"].ID
		for _, by := range []string{"alice@store1", "bob@store1"} {
			if err := w.s.AcknowledgeNotice(ctx, id, by); err != nil {
				t.Fatal(err)
			}
		}
		n := must(w.s.Notice(ctx, id))(t)
		if n.AckBy != "alice@store1" || !n.AcknowledgedAt.Equal(now) {
			t.Fatalf("acknowledged %+v", n)
		}
		wantError(t, w.s.AcknowledgeNotice(ctx, "NT-none", "x"), lotledger.ENOTFOUND, "id")
		wantError(t, w.s.AcknowledgeNotice(ctx, id, " "), lotledger.EINVALID, "by")
	})
	t.Run("TheRecallShowsDeliveryAndAcknowledgement", func(t *testing.T) {
		got := map[string]lotledger.Notice{}
		for _, n := range must(w.s.Recall(ctx, rec.ID))(t).Notices {
			got[n.Customer+"/"+n.Channel] = n
		}
		if n := got["STORE1/email"]; n.State != lotledger.NoticeDelivered || !n.DeliveredAt.Equal(now.Add(time.Minute)) || n.AckBy != "alice@store1" {
			t.Fatalf("STORE1 %+v", n)
		}
		if n := got["STORE3/email"]; n.State != lotledger.NoticeFailed || n.LastError != "mailbox full" || n.Acknowledged() {
			t.Fatalf("STORE3 email %+v", n)
		}
		if n := got["STORE3/webhook"]; n.State != lotledger.NoticePending || n.Attempts != 1 || len(got) != 3 {
			t.Fatalf("STORE3 webhook %+v", n)
		}
	})
}
