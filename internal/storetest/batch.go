package storetest

import (
	"errors"
	"testing"

	"lotledger"
	"lotledger/store"
)

// testBatch: commands in one batch see each other's effects (including rows
// the store buffers until commit), and a failing batch leaves nothing.
func testBatch(t *testing.T, open Opener) {
	w := newWorld(t, open)
	var transferID string
	err := w.s.Batch(ctx, func(b *store.Batch) error {
		rec := lotledger.Receipt{ID: "po-1", Supplier: "FARM", Location: "PLANT-FG", Lines: []lotledger.ReceiptLine{{SKU: "PB16", Lot: "B1", Quantity: "100", Expires: "2026-12-31"}}}
		first, err := b.Receive(rec)
		if err != nil {
			return err
		}
		again, err := b.Receive(rec)
		if err != nil {
			return err
		}
		if !again.Replayed || again.Seq != first.Seq {
			t.Errorf("retry in the same batch: %+v", again)
		}
		tr, err := b.Transfer(lotledger.Transfer{From: "PLANT-FG", To: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Quantity: "60"}}})
		if err != nil {
			return err
		}
		transferID = tr.ID
		if _, err := b.ArriveTransfer(lotledger.Arrival{Transfer: tr.ID}); err != nil {
			return err
		}
		if _, err := b.Ship(lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Quantity: "20"}}}); err != nil {
			return err
		}
		if _, err := b.Return(lotledger.Return{Customer: "STORE1", Location: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "B1", Quantity: "5"}}}); err != nil {
			return err
		}
		_, err = b.ChangeLotStatus(lotledger.StatusChange{SKU: "PB16", Lot: "B1", Status: "hold", Reason: "batch test"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.onHand("PB16", "B1", "DC1"); got != lotledger.Units(45) {
		t.Fatalf("DC1 holds %s, want 45", got)
	}
	d := must(w.s.Lot(ctx, "PB16", "B1"))(t)
	if d.Status != "hold" || len(d.Events) != 6 {
		t.Fatalf("status %s, %d events", d.Status, len(d.Events))
	}
	if _, err := w.s.ArriveTransfer(ctx, lotledger.Arrival{Transfer: transferID}); lotledger.ErrorCode(err) != lotledger.ECONFLICT {
		t.Fatalf("second arrival: %v", err)
	}

	t.Run("FailingBatchLeavesNothing", func(t *testing.T) {
		before := Snapshot(t, w.s.DB())
		boom := errors.New("stop")
		err := w.s.Batch(ctx, func(b *store.Batch) error {
			if _, err := b.Receive(lotledger.Receipt{Supplier: "FARM", Location: "DC1", Lines: []lotledger.ReceiptLine{{SKU: "PB16", Quantity: "7"}}}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v", err)
		}
		if Snapshot(t, w.s.DB()) != before {
			t.Fatal("a failed batch changed the database")
		}
		if rep := must(w.s.Verify(ctx))(t); !rep.OK {
			t.Fatalf("verify: %+v", rep)
		}
	})

	t.Run("FailedCommandAbortsTheBatch", func(t *testing.T) {
		before := Snapshot(t, w.s.DB())
		var after error
		err := w.s.Batch(ctx, func(b *store.Batch) error {
			// The caller ignores the refusal and goes on: the batch must not commit.
			b.Ship(lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "B1", Quantity: "1000"}}})
			_, after = b.Receive(lotledger.Receipt{Supplier: "FARM", Location: "DC1", Lines: []lotledger.ReceiptLine{{SKU: "PB16", Quantity: "7"}}})
			return nil
		})
		if lotledger.ErrorCode(err) != lotledger.EBLOCKED || after == nil {
			t.Fatalf("batch error %v, later command %v", err, after)
		}
		if Snapshot(t, w.s.DB()) != before {
			t.Fatal("a batch with a failed command changed the database")
		}
	})
}
