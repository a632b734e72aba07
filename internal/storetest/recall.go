package storetest

import (
	"testing"

	"lotledger"
)

func testRecall(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PEANUT", "P1", "PLANT-RAW", "1000", "2026-12-01")
	w.receive("PEANUT", "P2", "PLANT-RAW", "1000", "2026-12-01")
	produce := func(out string, inputs ...lotledger.Line) {
		t.Helper()
		must(w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW", Inputs: inputs,
			Outputs: []lotledger.OutputLine{{SKU: "PB16", Lot: out, Quantity: "100"}}}))(t)
	}
	produce("A", lotledger.Line{SKU: "PEANUT", Lot: "P1", Quantity: "100"})
	produce("B", lotledger.Line{SKU: "PEANUT", Lot: "P1", Quantity: "100"}, lotledger.Line{SKU: "PEANUT", Lot: "P2", Quantity: "10"})
	produce("C", lotledger.Line{SKU: "PB16", Lot: "A", Quantity: "50"}, lotledger.Line{SKU: "PB16", Lot: "B", Quantity: "50"})
	produce("CLEAN", lotledger.Line{SKU: "PEANUT", Lot: "P2", Quantity: "100"})
	must(w.s.Ship(ctx, lotledger.Shipment{From: "PLANT-RAW", Customer: "STORE1", Reference: "SO-1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "C", Quantity: "30"}}}))(t)
	must(w.s.Ship(ctx, lotledger.Shipment{From: "PLANT-RAW", Customer: "STORE2", Reference: "SO-2", Lines: []lotledger.Line{{SKU: "PB16", Lot: "A", Quantity: "5"}}}))(t)
	must(w.s.Transfer(ctx, lotledger.Transfer{From: "PLANT-RAW", To: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "C", Quantity: "20"}}}))(t)

	t.Run("MockChangesNothing", func(t *testing.T) {
		before := Snapshot(t, w.s.DB())
		rec := must(w.s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "PEANUT", Lot: "P1"}}, Reason: "drill", Mock: true}))(t)
		if !rec.Mock || rec.Status != "closed" || rec.Totals.Lots != 4 || len(rec.Events) != 0 {
			t.Fatalf("mock %+v", rec)
		}
		if Snapshot(t, w.s.DB()) != before {
			t.Fatal("a mock recall changed the ledger")
		}
	})
	var id string
	t.Run("RecallsEveryLotMadeFromTheSeed", func(t *testing.T) {
		rec := must(w.s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "PEANUT", Lot: "P1"}}, Reason: "Salmonella in raw peanuts"}))(t)
		id = rec.ID
		got := map[string]int{}
		for _, l := range rec.Lots {
			got[l.Lot] = l.Level
		}
		if len(got) != 4 || got["P1"] != 0 || got["A"] != 1 || got["B"] != 1 || got["C"] != 2 {
			t.Fatalf("scope %v (P2 and CLEAN must stay out)", got)
		}
		if len(rec.Events) != 4 || rec.Totals.Customers != 2 || len(rec.Customers) != 2 || rec.Customers[0].Customer != "STORE1" ||
			rec.Customers[0].Quantity != lotledger.Units(30) || rec.Customers[0].References[0] != "SO-1" {
			t.Fatalf("events %v customers %+v", rec.Events, rec.Customers)
		}
		if len(rec.InTransit) != 1 || rec.InTransit[0].Quantity != lotledger.Units(20) {
			t.Fatalf("in transit %+v", rec.InTransit)
		}
		for _, l := range []string{"A", "B", "C"} {
			if d := must(w.s.Lot(ctx, "PB16", l))(t); d.Status != lotledger.StatusRecalled {
				t.Fatalf("lot %s is %s", l, d.Status)
			}
		}
		if d := must(w.s.Lot(ctx, "PB16", "CLEAN"))(t); d.Status != lotledger.StatusReleased {
			t.Fatalf("an unrelated lot was recalled: %s", d.Status)
		}
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "PLANT-RAW", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "C", Quantity: "1"}}})
		wantError(t, err, lotledger.EBLOCKED, "lines[0].lot")
	})
	t.Run("OverlappingRecallReferencesTheOpenOne", func(t *testing.T) {
		rec := must(w.s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "PB16", Lot: "C"}}, Reason: "also"}))(t)
		if len(rec.Related) != 1 || rec.Related[0] != id || len(rec.Events) != 0 {
			t.Fatalf("related %v events %v", rec.Related, rec.Events)
		}
	})
	t.Run("DrillsAreListed", func(t *testing.T) {
		drills := must(w.s.Recalls(ctx, lotledger.RecallFilter{Mock: "true"}))(t)
		all := must(w.s.Recalls(ctx, lotledger.RecallFilter{}))(t)
		if len(drills.Items) != 1 || !drills.Items[0].Mock || drills.Items[0].Totals.Lots != 4 || len(all.Items) != 3 {
			t.Fatalf("drills %+v, all %d", drills.Items, len(all.Items))
		}
	})
	t.Run("ScopeIsKept", func(t *testing.T) {
		rec := must(w.s.Recall(ctx, id))(t)
		if rec.Status != "open" || rec.Totals.Lots != 4 || rec.Lots[0].StatusBefore != lotledger.StatusReleased {
			t.Fatalf("recall %+v", rec)
		}
		_, err := w.s.Recall(ctx, "RC-nope")
		wantError(t, err, lotledger.ENOTFOUND, "id")
	})
	t.Run("RecoveryEffectivenessAndMassBalance", func(t *testing.T) {
		rec := must(w.s.RecordRecovery(ctx, id, lotledger.RecoveryRequest{Customer: "STORE1", SKU: "PB16", Lot: "C", Quantity: "10", Kind: "returned"}))(t)
		// EA in scope: 165 held (A 45, B 50, C 70 with 20 in transit) + 35 at customers; 175 accounted for.
		if len(rec.Recoveries) != 1 || rec.Effectiveness["EA"] != 0.875 || rec.Effectiveness["KGM"] != 1 {
			t.Fatalf("recoveries %+v effectiveness %v", rec.Recoveries, rec.Effectiveness)
		}
		for _, b := range rec.Balance {
			if b.Difference != 0 {
				t.Fatalf("mass balance of %s does not close: %+v", b.Lot.Lot, b)
			}
			if b.Lot.Lot == "C" && (b.Made != lotledger.Units(100) || b.Shipped != lotledger.Units(30) || b.OnHand != lotledger.Units(70)) {
				t.Fatalf("lot C: %+v", b)
			}
			if b.Lot.Lot == "P1" && (b.Made != lotledger.Units(1000) || b.Consumed != lotledger.Units(200)) {
				t.Fatalf("lot P1: %+v", b)
			}
		}
		_, err := w.s.RecordRecovery(ctx, id, lotledger.RecoveryRequest{Customer: "STORE1", SKU: "PB16", Lot: "C", Quantity: "21", Kind: "destroyed"})
		wantError(t, err, lotledger.EINVALID, "quantity")
		_, err = w.s.RecordRecovery(ctx, id, lotledger.RecoveryRequest{Customer: "STORE2", SKU: "PB16", Lot: "C", Quantity: "1", Kind: "destroyed"})
		wantError(t, err, lotledger.EINVALID, "customer")
		_, err = w.s.RecordRecovery(ctx, id, lotledger.RecoveryRequest{Customer: "STORE1", SKU: "PB16", Lot: "C", Quantity: "1", Kind: "lost"})
		wantError(t, err, lotledger.EINVALID, "kind")
	})
	t.Run("ConsumerSeesTheRecall", func(t *testing.T) {
		p := must(w.s.PublicLot(ctx, "614141000036", "C"))(t)
		if !p.Recalled || p.Reason != "Salmonella in raw peanuts" || p.RecallID != id || p.Product != "Peanut butter 16 oz" {
			t.Fatalf("public lot %+v", p)
		}
		if p := must(w.s.PublicLot(ctx, "00614141000036", "CLEAN"))(t); p.Recalled || p.Reason != "" {
			t.Fatalf("clean lot %+v", p)
		}
		_, err := w.s.PublicLot(ctx, "00614141000036", "NOPE")
		wantError(t, err, lotledger.ENOTFOUND, "lot")
	})
	t.Run("BadInput", func(t *testing.T) {
		_, err := w.s.StartRecall(ctx, lotledger.RecallRequest{Reason: "x"})
		wantError(t, err, lotledger.EINVALID, "lots")
		_, err = w.s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "PEANUT", Lot: "P1"}}})
		wantError(t, err, lotledger.EINVALID, "reason")
		_, err = w.s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "PEANUT", Lot: "NOPE"}}, Reason: "x"})
		wantError(t, err, lotledger.EUNKNOWN, "lots[0].lot")
	})
	t.Run("ClosedRecallCannotChange", func(t *testing.T) {
		_, err := w.s.CloseRecall(ctx, id, "")
		wantError(t, err, lotledger.EINVALID, "reason")
		rec := must(w.s.CloseRecall(ctx, id, "all customers accounted for"))(t)
		if rec.Status != "closed" || rec.Closed == nil || rec.Closed.By != "tester" {
			t.Fatalf("closed %+v", rec.Closed)
		}
		_, err = w.s.RecordRecovery(ctx, id, lotledger.RecoveryRequest{Customer: "STORE1", SKU: "PB16", Lot: "C", Quantity: "1", Kind: "destroyed"})
		wantError(t, err, lotledger.ECONFLICT, "id")
		_, err = w.s.CloseRecall(ctx, id, "again")
		wantError(t, err, lotledger.ECONFLICT, "id")
	})
	t.Run("LedgerStaysConsistent", func(t *testing.T) {
		if rep := must(w.s.Verify(ctx))(t); !rep.OK {
			t.Fatalf("verify %+v", rep)
		}
	})
}
