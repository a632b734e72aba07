package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"lotledger"
	"lotledger/store"
)

// TestScenario_PeanutButterRecall is lotledger's founding story, end to end.
// Two lots of raw peanuts arrive; contaminated lot RAW-BAD is roasted into
// two batches, one of which is filled (with clean peanuts too) into jars of
// PB-1; jars of PB-1 and of a clean lot PB-2 go to two distribution centres
// and on to stores. The recall of RAW-BAD must find exactly the lots made
// from it, hold their stock wherever it is, and name exactly the stores that
// received them.
func TestScenario_PeanutButterRecall(t *testing.T) {
	s := openSQLite(t, nil)
	ctx := lotledger.WithUser(context.Background(), "quality")
	scenarioWorld(t, s, ctx)

	rec, err := s.StartRecall(ctx, lotledger.RecallRequest{Lots: []lotledger.LotRef{{SKU: "RAW", Lot: "RAW-BAD"}}, Reason: "Salmonella found by the supplier"})
	if err != nil {
		t.Fatal(err)
	}
	var scope []string
	for _, l := range rec.Lots {
		scope = append(scope, l.Lot)
	}
	slices.Sort(scope)
	if want := []string{"PB-1", "RAW-BAD", "ROAST-1", "ROAST-2"}; !slices.Equal(scope, want) {
		t.Fatalf("scope %v, want %v", scope, want)
	}
	var stores []string
	for _, c := range rec.Customers {
		stores = append(stores, fmt.Sprintf("%s:%s:%s", c.Customer, c.Lot.Lot, c.Quantity))
	}
	if want := []string{"STORE-A:PB-1:24", "STORE-B:PB-1:12"}; !slices.Equal(stores, want) {
		t.Fatalf("customers %v, want %v (STORE-C received only the clean lot)", stores, want)
	}
	for _, lot := range []struct {
		sku, lot, status string
	}{{"PB", "PB-1", "recalled"}, {"PB", "PB-2", "released"}, {"ROAST", "ROAST-2", "recalled"}, {"RAW", "RAW-GOOD", "released"}} {
		d, err := s.Lot(ctx, lot.sku, lot.lot)
		if err != nil || d.Status != lot.status {
			t.Fatalf("lot %s: %v %s, want %s", lot.lot, err, d.Status, lot.status)
		}
	}
	// Each affected store gets exactly one notice (they have an email
	// address, no webhook) listing exactly what it received; STORE-C nothing.
	pending, err := s.PendingNotices(ctx, time.Now().Add(time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range pending {
		line := n.Customer + ":" + n.Channel
		for _, l := range n.Content.Lines {
			line += fmt.Sprintf(":%s=%s", l.Lot, l.Quantity)
		}
		got = append(got, line)
	}
	slices.Sort(got)
	if want := []string{"STORE-A:email:PB-1=24", "STORE-B:email:PB-1=12"}; !slices.Equal(got, want) {
		t.Fatalf("notices %v, want %v", got, want)
	}
	held := map[string]lotledger.Quantity{}
	for _, l := range rec.Lots {
		for _, st := range l.Stock {
			held[l.Lot+"@"+st.Location] += st.Quantity
		}
	}
	if held["PB-1@DC-EAST"] != lotledger.Units(36-24) || held["PB-1@DC-WEST"] != lotledger.Units(48-12) || held["PB-1@PLANT"] != lotledger.Units(200-36-48) || held["ROAST-2@PLANT"] != lotledger.MustQuantity("90") {
		t.Fatalf("stock held %v", held)
	}
}

// scenarioWorld records the story through the ledger, as users would.
func scenarioWorld(t *testing.T, s *store.Store, ctx context.Context) {
	t.Helper()
	steps := []func() error{
		func() error {
			_, err := s.CreateItem(ctx, lotledger.Item{SKU: "RAW", Name: "Raw peanuts", UOM: "KGM"})
			return err
		},
		func() error {
			_, err := s.CreateItem(ctx, lotledger.Item{SKU: "ROAST", Name: "Roasted peanuts", UOM: "KGM"})
			return err
		},
		func() error {
			_, err := s.CreateItem(ctx, lotledger.Item{SKU: "PB", Name: "Peanut butter 16 oz", UOM: "EA", GTIN: "00614141000036"})
			return err
		},
		func() error {
			_, err := s.CreateLocation(ctx, lotledger.Location{Code: "PLANT", Name: "Plant"})
			return err
		},
		func() error {
			_, err := s.CreateLocation(ctx, lotledger.Location{Code: "DC-EAST", Name: "DC east"})
			return err
		},
		func() error {
			_, err := s.CreateLocation(ctx, lotledger.Location{Code: "DC-WEST", Name: "DC west"})
			return err
		},
		func() error {
			_, err := s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Peanut co-op", Kind: "supplier"})
			return err
		},
	}
	for _, c := range []string{"STORE-A", "STORE-B", "STORE-C"} {
		steps = append(steps, func() error {
			_, err := s.CreateParty(ctx, lotledger.Party{Code: c, Name: c, Kind: "customer", Email: fmt.Sprintf("%s@example.com", c)})
			return err
		})
	}
	recv := func(lot string) func() error {
		return func() error {
			_, err := s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT", Lines: []lotledger.ReceiptLine{{SKU: "RAW", Lot: lot, Quantity: "1000"}}})
			return err
		}
	}
	produce := func(out, outSKU, qty string, inputs ...lotledger.Line) func() error {
		return func() error {
			_, err := s.Produce(ctx, lotledger.Production{Location: "PLANT", Inputs: inputs, Outputs: []lotledger.OutputLine{{SKU: outSKU, Lot: out, Quantity: lotledger.Amount(qty)}}})
			return err
		}
	}
	move := func(lot, to, qty string) func() error {
		return func() error {
			res, err := s.Transfer(ctx, lotledger.Transfer{From: "PLANT", To: to, Lines: []lotledger.Line{{SKU: "PB", Lot: lot, Quantity: lotledger.Amount(qty)}}})
			if err != nil {
				return err
			}
			_, err = s.ArriveTransfer(ctx, lotledger.Arrival{Transfer: res.ID}) // the DCs are other sites
			return err
		}
	}
	ship := func(from, store, lot, qty string) func() error {
		return func() error {
			_, err := s.Ship(ctx, lotledger.Shipment{From: from, Customer: store, Lines: []lotledger.Line{{SKU: "PB", Lot: lot, Quantity: lotledger.Amount(qty)}}})
			return err
		}
	}
	steps = append(steps, recv("RAW-BAD"), recv("RAW-GOOD"),
		produce("ROAST-1", "ROAST", "180", lotledger.Line{SKU: "RAW", Lot: "RAW-BAD", Quantity: "200"}),
		produce("ROAST-2", "ROAST", "90", lotledger.Line{SKU: "RAW", Lot: "RAW-BAD", Quantity: "100"}),
		produce("ROAST-3", "ROAST", "450", lotledger.Line{SKU: "RAW", Lot: "RAW-GOOD", Quantity: "500"}),
		produce("PB-1", "PB", "200", lotledger.Line{SKU: "ROAST", Lot: "ROAST-1", Quantity: "100"}, lotledger.Line{SKU: "ROAST", Lot: "ROAST-3", Quantity: "10"}),
		produce("PB-2", "PB", "200", lotledger.Line{SKU: "ROAST", Lot: "ROAST-3", Quantity: "100"}),
		move("PB-1", "DC-EAST", "36"), move("PB-1", "DC-WEST", "48"), move("PB-2", "DC-WEST", "100"),
		ship("DC-EAST", "STORE-A", "PB-1", "24"), ship("DC-WEST", "STORE-B", "PB-1", "12"), ship("DC-WEST", "STORE-C", "PB-2", "30"),
	)
	for i, step := range steps {
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
}
