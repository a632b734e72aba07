package storetest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"lotledger"
)

// testConcurrency: 64 goroutines ship from one lot at once; the lot is never
// oversold and what is left equals what was received less what was accepted.
func testConcurrency(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PB16", "HOT", "DC1", "100", "2026-12-31")
	var wg sync.WaitGroup
	var mu sync.Mutex
	accepted, refused := lotledger.Quantity(0), 0
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			qty := fmt.Sprint(1 + g%3)
			_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "HOT", Quantity: lotledger.Amount(qty)}}})
			mu.Lock()
			defer mu.Unlock()
			switch lotledger.ErrorCode(err) {
			case "":
				accepted += lotledger.MustQuantity(qty)
			case lotledger.EINSUFFICIENT:
				refused++
			default:
				t.Errorf("shipment %d: %v", g, err)
			}
		}()
	}
	wg.Wait()
	left := w.onHand("PB16", "HOT", "DC1")
	if left < 0 || left+accepted != lotledger.Units(100) {
		t.Fatalf("left %s + accepted %s != 100", left, accepted)
	}
	if refused == 0 {
		t.Fatalf("64 shipments of 1-3 from 100 all succeeded: %s shipped", accepted)
	}

	t.Run("LotCodesUniqueUnderConcurrency", func(t *testing.T) {
		codes := make(chan string, 32)
		var wg sync.WaitGroup
		for range 32 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1", Lines: []lotledger.ReceiptLine{{SKU: "PB16", Quantity: "1"}}})
				if err != nil {
					t.Error(err)
					return
				}
				codes <- res.Lots[0].Lot
			}()
		}
		wg.Wait()
		close(codes)
		seen := map[string]bool{}
		for c := range codes {
			if seen[c] {
				t.Fatalf("code %s assigned twice", c)
			}
			seen[c] = true
		}
		if len(seen) != 32 {
			t.Fatalf("got %d codes", len(seen))
		}
	})
}

// testLedger: the hash chain verifies, and a byte changed in a stored event
// is found and named.
func testLedger(t *testing.T, open Opener) {
	w := newWorld(t, open)
	for i := range 5 {
		w.receive("PB16", fmt.Sprint("V", i), "DC1", "10", "2026-12-31")
	}
	rep := must(w.s.Verify(ctx))(t)
	if !rep.OK || rep.Events != 5 {
		t.Fatalf("fresh ledger does not verify: %+v", rep)
	}
	t.Run("EveryEventHasEPCIS", func(t *testing.T) {
		var n int
		if err := w.s.DB().QueryRow(`SELECT COUNT(*) FROM events WHERE epcis LIKE '%ObjectEvent%'`).Scan(&n); err != nil || n != 5 {
			t.Fatalf("got %d, %v", n, err)
		}
	})
	t.Run("ChangedByteDetected", func(t *testing.T) {
		// One byte: the quantity 10 received in event 3 becomes 11.
		res, err := w.s.DB().Exec(`UPDATE events SET detail = REPLACE(detail, '"quantity":"10"', '"quantity":"11"') WHERE seq = 3`)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			t.Fatalf("tampered with %d events", n)
		}
		rep := must(w.s.Verify(ctx))(t)
		if rep.OK || rep.BrokenSeq != 3 {
			t.Fatalf("tampering not found: %+v", rep)
		}
		w.s.DB().Exec(`UPDATE events SET detail = REPLACE(detail, '"quantity":"11"', '"quantity":"10"') WHERE seq = 3`)
		if rep := must(w.s.Verify(ctx))(t); !rep.OK {
			t.Fatalf("restored ledger does not verify: %+v", rep)
		}
	})
	t.Run("ChangedEPCISDetected", func(t *testing.T) {
		if _, err := w.s.DB().Exec(`UPDATE events SET epcis = epcis || ' ' WHERE seq = 2`); err != nil {
			t.Fatal(err)
		}
		rep := must(w.s.Verify(ctx))(t)
		if rep.OK || rep.BrokenSeq != 2 || rep.Problem == "" {
			t.Fatalf("tampering not found: %+v", rep)
		}
	})
}

// testRebuildProperty runs a few thousand random commands (some of them
// refused), then rebuilds the projections from the ledger and requires them
// to be identical to the live ones.
func testRebuildProperty(t *testing.T, open Opener) {
	n := 2500
	if testing.Short() {
		n = 400
	}
	w := newWorld(t, open)
	rng := rand.New(rand.NewPCG(7, 11))
	locs := []string{"PLANT-RAW", "PLANT-FG", "DC1"}
	var lots []lotledger.LotRef
	pick := func() lotledger.LotRef { return lots[rng.IntN(len(lots))] }
	accepted := 0
	for i := 0; i < n; i++ {
		var res *lotledger.Result
		var err error
		loc := locs[rng.IntN(len(locs))]
		qty := lotledger.Amount(fmt.Sprint(1 + rng.IntN(40)))
		switch k := rng.IntN(10); {
		case k < 3 || len(lots) == 0:
			sku := []string{"PEANUT", "SALT", "PB16"}[rng.IntN(3)]
			exp := fmt.Sprintf("2026-%02d-%02d", 3+rng.IntN(9), 1+rng.IntN(28))
			res, err = w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: loc, Lines: []lotledger.ReceiptLine{{SKU: sku, Quantity: qty + "00", Expires: exp}}})
		case k < 5:
			l := pick()
			res, err = w.s.Ship(ctx, lotledger.Shipment{From: loc, Customer: "STORE1", Lines: []lotledger.Line{{SKU: l.SKU, Quantity: qty}}})
		case k < 6:
			res, err = w.s.Transfer(ctx, lotledger.Transfer{From: loc, To: locs[rng.IntN(len(locs))], Lines: []lotledger.Line{{SKU: pick().SKU, Quantity: qty}}})
			if err == nil && rng.IntN(2) == 0 {
				_, _ = w.s.ArriveTransfer(ctx, lotledger.Arrival{Transfer: res.ID})
			}
		case k < 8:
			res, err = w.s.Produce(ctx, lotledger.Production{Location: loc,
				Inputs:  []lotledger.Line{{SKU: "PEANUT", Quantity: qty}, {SKU: "SALT", Quantity: "1"}},
				Outputs: []lotledger.OutputLine{{SKU: "PB16", Quantity: qty + "0"}}})
		case k < 9:
			l := pick()
			res, err = w.s.Adjust(ctx, lotledger.Adjustment{Location: loc, Reason: "count", Lines: []lotledger.Line{{SKU: l.SKU, Lot: l.Lot, Quantity: "-" + qty}}})
		default:
			l := pick()
			st := []string{"hold", "released", "quarantine"}[rng.IntN(3)]
			res, err = w.s.ChangeLotStatus(ctx, lotledger.StatusChange{SKU: l.SKU, Lot: l.Lot, Status: st, Reason: "qa"})
		}
		if err != nil {
			if lotledger.ErrorCode(err) == lotledger.EINTERNAL {
				t.Fatalf("command %d: %v", i, err)
			}
			continue
		}
		accepted++
		for _, nl := range res.Lots {
			lots = append(lots, lotledger.LotRef{SKU: nl.SKU, Lot: nl.Lot})
		}
	}
	live := Snapshot(t, w.s.DB())
	if err := w.s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := Snapshot(t, w.s.DB()); rebuilt != live {
		t.Fatalf("rebuild differs from live projections after %d events", accepted)
	}
	if rep := must(w.s.Verify(ctx))(t); !rep.OK {
		t.Fatalf("verify after rebuild: %+v", rep)
	}
	t.Logf("%d of %d random commands accepted; rebuild identical", accepted, n)
}

// testTruncation: removing the last events is found through the ledger head.
func testTruncation(t *testing.T, open Opener) {
	w := newWorld(t, open)
	for i := range 3 {
		w.receive("PB16", fmt.Sprint("T", i), "DC1", "10", "2026-12-31")
	}
	for _, q := range []string{`DELETE FROM movements WHERE seq = 3`, `DELETE FROM stock WHERE lot_id = 3`, `DELETE FROM lots WHERE created_seq = 3`, `DELETE FROM events WHERE seq = 3`} {
		if _, err := w.s.DB().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	rep := must(w.s.Verify(ctx))(t)
	if rep.OK || rep.BrokenSeq != 3 {
		t.Fatalf("a removed last event was not found: %+v", rep)
	}
}
