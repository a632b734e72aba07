package storetest

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"lotledger"
	"lotledger/store"
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

// op is one recorded command of a random history: cmd is the command value;
// for an arrival, transfer is the index of the op whose transfer it ends.
type op struct {
	cmd      any
	transfer int
}

// recorder is what both a Store (through storeRecorder) and a Batch offer.
type recorder interface {
	Receive(lotledger.Receipt) (*lotledger.Result, error)
	Ship(lotledger.Shipment) (*lotledger.Result, error)
	Transfer(lotledger.Transfer) (*lotledger.Result, error)
	ArriveTransfer(lotledger.Arrival) (*lotledger.Result, error)
	Produce(lotledger.Production) (*lotledger.Result, error)
	Adjust(lotledger.Adjustment) (*lotledger.Result, error)
	ChangeLotStatus(lotledger.StatusChange) (*lotledger.Result, error)
}

type storeRecorder struct{ s *store.Store }

func (r storeRecorder) Receive(c lotledger.Receipt) (*lotledger.Result, error) {
	return r.s.Receive(ctx, c)
}
func (r storeRecorder) Ship(c lotledger.Shipment) (*lotledger.Result, error) { return r.s.Ship(ctx, c) }
func (r storeRecorder) Transfer(c lotledger.Transfer) (*lotledger.Result, error) {
	return r.s.Transfer(ctx, c)
}
func (r storeRecorder) ArriveTransfer(c lotledger.Arrival) (*lotledger.Result, error) {
	return r.s.ArriveTransfer(ctx, c)
}
func (r storeRecorder) Produce(c lotledger.Production) (*lotledger.Result, error) {
	return r.s.Produce(ctx, c)
}
func (r storeRecorder) Adjust(c lotledger.Adjustment) (*lotledger.Result, error) {
	return r.s.Adjust(ctx, c)
}
func (r storeRecorder) ChangeLotStatus(c lotledger.StatusChange) (*lotledger.Result, error) {
	return r.s.ChangeLotStatus(ctx, c)
}

// apply runs o through r; ids holds the event ids of earlier ops by index.
func apply(r recorder, o op, ids map[int]string) (*lotledger.Result, error) {
	switch c := o.cmd.(type) {
	case lotledger.Receipt:
		return r.Receive(c)
	case lotledger.Shipment:
		return r.Ship(c)
	case lotledger.Transfer:
		return r.Transfer(c)
	case lotledger.Arrival:
		c.Transfer = ids[o.transfer]
		return r.ArriveTransfer(c)
	case lotledger.Production:
		return r.Produce(c)
	case lotledger.Adjustment:
		return r.Adjust(c)
	case lotledger.StatusChange:
		return r.ChangeLotStatus(c)
	}
	panic(fmt.Sprintf("unknown command %T", o.cmd))
}

// randomHistory records n random commands on s one transaction each (many
// are refused: too little stock, blocked lots) and returns the accepted ones.
func randomHistory(t *testing.T, s *store.Store, n int, seed uint64) []op {
	rng := rand.New(rand.NewPCG(seed, 11))
	locs := []string{"PLANT-RAW", "PLANT-FG", "DC1"}
	var lots []lotledger.LotRef
	var transfers []int
	pick := func() lotledger.LotRef { return lots[rng.IntN(len(lots))] }
	ids := map[int]string{}
	var accepted []op
	for range n {
		loc := locs[rng.IntN(len(locs))]
		qty := lotledger.Amount(fmt.Sprint(1 + rng.IntN(40)))
		var o op
		switch k := rng.IntN(11); {
		case k < 3 || len(lots) == 0:
			sku := []string{"PEANUT", "SALT", "PB16"}[rng.IntN(3)]
			exp := fmt.Sprintf("2026-%02d-%02d", 3+rng.IntN(9), 1+rng.IntN(28))
			o.cmd = lotledger.Receipt{Supplier: "FARM", Location: loc, Lines: []lotledger.ReceiptLine{{SKU: sku, Quantity: qty + "00", Expires: exp}}}
		case k < 5:
			o.cmd = lotledger.Shipment{From: loc, Customer: "STORE1", Lines: []lotledger.Line{{SKU: pick().SKU, Quantity: qty}}}
		case k < 6:
			o.cmd = lotledger.Transfer{From: loc, To: locs[rng.IntN(len(locs))], Lines: []lotledger.Line{{SKU: pick().SKU, Quantity: qty}}}
		case k < 7 && len(transfers) > 0:
			o = op{cmd: lotledger.Arrival{}, transfer: transfers[rng.IntN(len(transfers))]}
		case k < 9:
			o.cmd = lotledger.Production{Location: loc,
				Inputs:  []lotledger.Line{{SKU: "PEANUT", Quantity: qty}, {SKU: "SALT", Quantity: "1"}},
				Outputs: []lotledger.OutputLine{{SKU: "PB16", Quantity: qty + "0"}}}
		case k < 10:
			l := pick()
			o.cmd = lotledger.Adjustment{Location: loc, Reason: "count", Lines: []lotledger.Line{{SKU: l.SKU, Lot: l.Lot, Quantity: "-" + qty}}}
		default:
			l := pick()
			st := []string{"hold", "released", "quarantine"}[rng.IntN(3)]
			o.cmd = lotledger.StatusChange{SKU: l.SKU, Lot: l.Lot, Status: st, Reason: "qa"}
		}
		res, err := apply(storeRecorder{s}, o, ids)
		if err != nil {
			if lotledger.ErrorCode(err) == lotledger.EINTERNAL {
				t.Fatalf("command %d (%T): %v", len(accepted), o.cmd, err)
			}
			continue
		}
		idx := len(accepted)
		accepted = append(accepted, o)
		ids[idx] = res.ID
		if _, ok := o.cmd.(lotledger.Transfer); ok && res.To != res.Moves[len(res.Moves)-1].Location {
			transfers = append(transfers, idx)
		}
		for _, nl := range res.Lots {
			lots = append(lots, lotledger.LotRef{SKU: nl.SKU, Lot: nl.Lot})
		}
	}
	return accepted
}

// testRebuildProperty runs a few thousand random commands, then rebuilds the
// projections from the ledger and requires them to be identical to the live
// ones.
func testRebuildProperty(t *testing.T, open Opener) {
	n := 2500
	if testing.Short() {
		n = 400
	}
	w := newWorld(t, open)
	accepted := randomHistory(t, w.s, n, 7)
	live := Snapshot(t, w.s.DB())
	if err := w.s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if rebuilt := Snapshot(t, w.s.DB()); rebuilt != live {
		t.Fatalf("rebuild differs from live projections after %d events", len(accepted))
	}
	if rep := must(w.s.Verify(ctx))(t); !rep.OK {
		t.Fatalf("verify after rebuild: %+v", rep)
	}
	t.Logf("%d of %d random commands accepted; rebuild identical", len(accepted), n)
}

// testBatchEquivalence replays a random history in batches of random sizes
// on a second store and requires the same projections as one command per
// transaction: batching changes how rows are written, never what.
func testBatchEquivalence(t *testing.T, open Opener) {
	n := 1500
	if testing.Short() {
		n = 300
	}
	single := newWorld(t, open)
	history := randomHistory(t, single.s, n, 3)
	batched := newWorld(t, open)
	rng := rand.New(rand.NewPCG(5, 5))
	ids := map[int]string{}
	for start := 0; start < len(history); {
		end := min(len(history), start+1+rng.IntN(200))
		err := batched.s.Batch(ctx, func(b *store.Batch) error {
			for i := start; i < end; i++ {
				res, err := apply(b, history[i], ids)
				if err != nil {
					return fmt.Errorf("command %d (%T): %w", i, history[i].cmd, err)
				}
				ids[i] = res.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		start = end
	}
	want, got := SnapshotWithoutIDs(t, single.s.DB()), SnapshotWithoutIDs(t, batched.s.DB())
	if got != want {
		t.Fatalf("batched projections differ from single-command ones after %d events", len(history))
	}
	t.Logf("%d events in batches: projections identical", len(history))
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
