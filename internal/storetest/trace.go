package storetest

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"lotledger"
)

func testTrace(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PEANUT", "P1", "PLANT-RAW", "1000", "2026-12-01")
	w.receive("SALT", "S1", "PLANT-RAW", "100", "")
	produce := func(out string, inputs ...lotledger.Line) {
		t.Helper()
		must(w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW", Reference: "WO-" + out, Inputs: inputs,
			Outputs: []lotledger.OutputLine{{SKU: "PB16", Lot: out, Quantity: "100"}}}))(t)
	}
	// A diamond: P1 goes into A and B, both into C.
	produce("A", lotledger.Line{SKU: "PEANUT", Lot: "P1", Quantity: "100"}, lotledger.Line{SKU: "SALT", Lot: "S1", Quantity: "1"})
	produce("B", lotledger.Line{SKU: "PEANUT", Lot: "P1", Quantity: "100"})
	produce("C", lotledger.Line{SKU: "PB16", Lot: "A", Quantity: "50"}, lotledger.Line{SKU: "PB16", Lot: "B", Quantity: "50"})
	must(w.s.Transfer(ctx, lotledger.Transfer{From: "PLANT-RAW", To: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "C", Quantity: "60"}}}))(t)
	must(w.s.Ship(ctx, lotledger.Shipment{From: "PLANT-RAW", Customer: "STORE1", Reference: "ASN-9", Lines: []lotledger.Line{{SKU: "PB16", Lot: "C", Quantity: "30"}}}))(t)
	must(w.s.Return(ctx, lotledger.Return{Customer: "STORE1", Location: "PLANT-RAW", Lines: []lotledger.Line{{SKU: "PB16", Lot: "C", Quantity: "2"}}}))(t)

	t.Run("ForwardFindsEveryLotAndCustomer", func(t *testing.T) {
		tr := must(w.s.Trace(ctx, lotledger.TraceRequest{SKU: "PEANUT", Lot: "P1", Direction: "forward"}))(t)
		lv := map[string]int{}
		for _, l := range tr.Lots {
			lv[l.Code] = l.Level
		}
		if len(tr.Lots) != 4 || lv["A"] != 1 || lv["B"] != 1 || lv["C"] != 2 {
			t.Fatalf("lots %v", lv)
		}
		if len(tr.Links) != 4 || len(tr.Shipments) != 2 || tr.Shipments[0].Customer != "STORE1" || tr.Shipments[0].Quantity != lotledger.Units(30) ||
			tr.Shipments[0].Reference != "ASN-9" || tr.Shipments[1].Quantity != lotledger.Units(-2) {
			t.Fatalf("links %+v shipments %+v", tr.Links, tr.Shipments)
		}
		for _, l := range tr.Lots {
			if l.Code == "C" && (l.Made != lotledger.Units(100) || l.OnHand != lotledger.Units(12+60)) {
				t.Fatalf("lot C made %s on hand %s stock %+v", l.Made, l.OnHand, l.Stock)
			}
		}
	})
	t.Run("BackwardFindsSuppliers", func(t *testing.T) {
		tr := must(w.s.Trace(ctx, lotledger.TraceRequest{SKU: "PB16", Lot: "C", Direction: "backward"}))(t)
		if len(tr.Lots) != 5 || len(tr.Suppliers) != 2 || tr.Suppliers[0].Party != "FARM" {
			t.Fatalf("lots %d suppliers %+v", len(tr.Lots), tr.Suppliers)
		}
	})
	t.Run("DepthLimit", func(t *testing.T) {
		tr := must(w.s.Trace(ctx, lotledger.TraceRequest{SKU: "PEANUT", Lot: "P1", Direction: "forward", Depth: 1}))(t)
		if len(tr.Lots) != 3 {
			t.Fatalf("%d lots", len(tr.Lots))
		}
	})
	t.Run("FollowsLaterProduction", func(t *testing.T) {
		produce("D", lotledger.Line{SKU: "PB16", Lot: "C", Quantity: "10"})
		tr := must(w.s.Trace(ctx, lotledger.TraceRequest{SKU: "PEANUT", Lot: "P1", Direction: "forward"}))(t)
		if len(tr.Lots) != 5 || tr.Lots[4].Code != "D" || tr.Lots[4].Level != 3 {
			t.Fatalf("the index did not catch up: %d lots", len(tr.Lots))
		}
	})
	t.Run("BadInput", func(t *testing.T) {
		_, err := w.s.Trace(ctx, lotledger.TraceRequest{SKU: "PB16", Lot: "C", Direction: "sideways"})
		wantError(t, err, lotledger.EINVALID, "direction")
		_, err = w.s.Trace(ctx, lotledger.TraceRequest{SKU: "PB16", Lot: "NOPE"})
		wantError(t, err, lotledger.ENOTFOUND, "lot")
	})
}

// testTraceProperty builds random supply chains, with diamonds and re-work
// loops, and requires the index's answer (every lot reached, at its nearest
// level) to equal a straightforward recursive SQL query's.
func testTraceProperty(t *testing.T, open Opener) {
	w := newWorld(t, open)
	rng := rand.New(rand.NewPCG(21, 4))
	var lots []lotledger.LotRef
	for i := range 12 {
		res := must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT-RAW",
			Lines: []lotledger.ReceiptLine{{SKU: "PEANUT", Lot: fmt.Sprint("R", i), Quantity: "100000"}}}))(t)
		lots = append(lots, lotledger.LotRef{SKU: "PEANUT", Lot: res.Lots[0].Lot})
	}
	for i := range 150 {
		var inputs []lotledger.Line
		used := map[lotledger.LotRef]bool{}
		for range 1 + rng.IntN(3) {
			in := lots[rng.IntN(len(lots))]
			if !used[in] {
				used[in] = true
				inputs = append(inputs, lotledger.Line{SKU: in.SKU, Lot: in.Lot, Quantity: "1"})
			}
		}
		out := lotledger.LotRef{SKU: "PB16", Lot: fmt.Sprint("O", i)}
		if rng.IntN(5) == 0 { // re-work into an existing lot: loops become possible
			if cand := lots[rng.IntN(len(lots))]; cand.SKU == "PB16" && !used[cand] {
				out = cand
			}
		}
		if _, err := w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW", Inputs: inputs,
			Outputs: []lotledger.OutputLine{{SKU: out.SKU, Lot: out.Lot, Quantity: "1000"}}}); err != nil {
			t.Fatal(err)
		}
		if out.Lot == fmt.Sprint("O", i) {
			lots = append(lots, out)
		}
	}
	checked := 0
	for _, l := range lots {
		for _, dir := range []string{"forward", "backward"} {
			depth := rng.IntN(4) // 0 = all levels
			tr := must(w.s.Trace(ctx, lotledger.TraceRequest{SKU: l.SKU, Lot: l.Lot, Direction: dir, Depth: depth}))(t)
			got := map[int64]int{}
			for _, tl := range tr.Lots {
				got[tl.ID] = max(tl.Level, -tl.Level)
			}
			want := recursiveTrace(t, w, tr.Lots[0].ID, dir, depth, len(lots))
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("%s %s depth %d: index %v, SQL %v", l.Lot, dir, depth, got, want)
			}
			checked++
		}
	}
	t.Logf("%d traces over %d lots equal to the recursive SQL answer", checked, len(lots))
}

// recursiveTrace is the reference answer: every lot reachable through
// lot_edges, at its nearest level, by a recursive query.
func recursiveTrace(t *testing.T, w *world, root int64, dir string, depth, lots int) map[int64]int {
	from, to := "parent_id", "child_id"
	if dir == "backward" {
		from, to = to, from
	}
	if depth == 0 {
		depth = lots // no simple path is longer
	}
	rows, err := w.s.DB().Query(`WITH RECURSIVE r(id, d) AS (
			SELECT CAST($1 AS BIGINT), 0
			UNION
			SELECT e.`+to+`, r.d + 1 FROM lot_edges e JOIN r ON e.`+from+` = r.id WHERE r.d < $2)
		SELECT id, MIN(d) FROM r GROUP BY id`, root, depth)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var d int
		if err := rows.Scan(&id, &d); err != nil {
			t.Fatal(err)
		}
		out[id] = d
	}
	return out
}
