package store_test

import (
	"testing"

	"lotledger"
)

// TestScope_FindsSeedLotsTogether names several lots at once, two of them
// with the same code under different items, and refuses the first lot that
// does not exist by its place in the request.
func TestScope_FindsSeedLotsTogether(t *testing.T) {
	s := openSQLite(t, nil)
	ctx := lotledger.WithUser(t.Context(), "test")
	for _, it := range []lotledger.Item{{SKU: "A", Name: "A", UOM: "EA"}, {SKU: "B", Name: "B", UOM: "EA"}} {
		if _, err := s.CreateItem(ctx, it); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateLocation(ctx, lotledger.Location{Code: "WH", Name: "WH"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "Farm", Kind: "supplier"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "WH", Lines: []lotledger.ReceiptLine{
		{SKU: "A", Lot: "L1", Quantity: "5"}, {SKU: "B", Lot: "L1", Quantity: "7"}, {SKU: "B", Lot: "L2", Quantity: "1"}}}); err != nil {
		t.Fatal(err)
	}
	// a lot named twice is listed once
	sc, err := s.Scope(ctx, lotledger.ScopeRequest{Lots: []lotledger.LotRef{{SKU: "B", Lot: "L1"}, {SKU: "A", Lot: "L1"}, {SKU: "B", Lot: "L1"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Lots) != 2 || sc.Lots[0].SKU != "A" || sc.Lots[1].SKU != "B" || sc.Lots[1].Lot != "L1" {
		t.Fatalf("scope lots %+v", sc.Lots)
	}
	if len(sc.Stock) != 2 || len(sc.Suppliers) != 2 || sc.Suppliers[0].Lot.SKU != "A" {
		t.Fatalf("scope stock %+v, suppliers %+v", sc.Stock, sc.Suppliers)
	}
	for _, c := range []struct {
		lots  []lotledger.LotRef
		field string
	}{
		{[]lotledger.LotRef{{SKU: "A", Lot: "L1"}, {SKU: "A", Lot: "L2"}, {SKU: "B", Lot: "L9"}}, "lots[1].lot"},
		{[]lotledger.LotRef{{SKU: "A", Lot: "L1"}, {SKU: "C", Lot: "L1"}}, "lots[1].lot"},
		{[]lotledger.LotRef{{SKU: "B", Lot: "L3"}}, "lot"},
	} {
		_, err := s.Scope(ctx, lotledger.ScopeRequest{Lots: c.lots})
		if e := lotledger.AsError(err); e == nil || e.Code != lotledger.ENOTFOUND || e.Field != c.field {
			t.Errorf("%+v: got %v, want not found on %s", c.lots, err, c.field)
		}
	}
}
