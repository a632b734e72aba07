package storetest

import (
	"testing"

	"lotledger"
)

func testScan(t *testing.T, open Opener) {
	w := newWorld(t, open)
	roast := "0061414100004"
	roast += string(lotledger.CheckDigit(roast))
	must(w.s.CreateItem(ctx, lotledger.Item{SKU: "ROAST", Name: "Roasted peanuts", UOM: "KGM", GTIN: roast}))(t)

	t.Run("ReceiptLineFromBarcode", func(t *testing.T) {
		res := must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1",
			Lines: []lotledger.ReceiptLine{{Scan: "(01)00614141000036(17)270200(10)SCAN1(30)24"}}}))(t)
		nl := res.Lots[0]
		if nl.SKU != "PB16" || nl.Lot != "SCAN1" || nl.Expires != "2027-02-28" || res.Moves[0].Quantity != lotledger.Units(24) {
			t.Fatalf("got %+v / %+v", nl, res.Moves)
		}
	})
	t.Run("WeightFromAI310n", func(t *testing.T) {
		// GS-separated raw data as a scanner sends it, with its AIM symbology identifier.
		res := must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1",
			Lines: []lotledger.ReceiptLine{{Scan: "]C101" + roast + "3103012345" + "10R-7"}}}))(t)
		if res.Moves[0].SKU != "ROAST" || res.Moves[0].Lot != "R-7" || res.Moves[0].Quantity != lotledger.MustQuantity("12.345") {
			t.Fatalf("got %+v", res.Moves)
		}
	})
	t.Run("ShipmentLineFromDigitalLink", func(t *testing.T) {
		res := must(w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1",
			Lines: []lotledger.Line{{Scan: "https://id.gs1.org/01/00614141000036/10/SCAN1", Quantity: "4"}}}))(t)
		if res.Moves[0].Lot != "SCAN1" || res.Moves[0].Quantity != lotledger.Units(-4) {
			t.Fatalf("got %+v", res.Moves)
		}
	})
	t.Run("ContradictionRefused", func(t *testing.T) {
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1",
			Lines: []lotledger.Line{{SKU: "SALT", Scan: "(01)00614141000036(10)SCAN1", Quantity: "1"}}})
		wantError(t, err, lotledger.EINVALID, "lines[0].sku")
	})
	t.Run("BadBarcodeNamesTheField", func(t *testing.T) {
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1",
			Lines: []lotledger.Line{{Scan: "(01)00614141000037(10)SCAN1", Quantity: "1"}}})
		wantError(t, err, lotledger.EINVALID, "lines[0].scan")
		_, err = w.s.Scan(ctx, "(17)261340")
		wantError(t, err, lotledger.EINVALID, "data")
	})
	t.Run("LookupReleasedLot", func(t *testing.T) {
		r := must(w.s.Scan(ctx, "(01)00614141000036(17)270200(10)SCAN1"))(t)
		if r.Item == nil || r.Item.SKU != "PB16" || r.LotInfo == nil || r.LotInfo.OnHand != lotledger.Units(20) || len(r.Warnings) != 0 || len(r.Elements) != 3 {
			t.Fatalf("got %+v", r)
		}
	})
	t.Run("WarnsOfHeldAndRecalledLots", func(t *testing.T) {
		must(w.s.ChangeLotStatus(ctx, lotledger.StatusChange{SKU: "PB16", Lot: "SCAN1", Status: "recalled", Reason: "supplier notice"}))(t)
		r := must(w.s.Scan(ctx, "(01)00614141000036(10)SCAN1"))(t)
		if len(r.Warnings) != 1 || r.Warnings[0].Code != "recalled" {
			t.Fatalf("warnings %+v", r.Warnings)
		}
	})
	t.Run("WarnsOfUnknownLotAndItem", func(t *testing.T) {
		r := must(w.s.Scan(ctx, "(01)00614141000036(10)NOPE"))(t)
		if len(r.Warnings) != 1 || r.Warnings[0].Code != "unknown_lot" {
			t.Fatalf("warnings %+v", r.Warnings)
		}
		r = must(w.s.Scan(ctx, "(01)09506000134352(10)X"))(t)
		if len(r.Warnings) != 1 || r.Warnings[0].Code != "unknown_item" {
			t.Fatalf("warnings %+v", r.Warnings)
		}
	})
}
