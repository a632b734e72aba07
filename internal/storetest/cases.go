package storetest

import (
	"strings"
	"testing"

	"lotledger"
	"lotledger/store"
)

func testMasterData(t *testing.T, open Opener) {
	w := newWorld(t, open)
	t.Run("DuplicateSKUConflicts", func(t *testing.T) {
		_, err := w.s.CreateItem(ctx, lotledger.Item{SKU: "SALT", Name: "Again", UOM: "KGM"})
		wantError(t, err, lotledger.ECONFLICT, "sku")
	})
	t.Run("DuplicateGTINConflicts", func(t *testing.T) {
		_, err := w.s.CreateItem(ctx, lotledger.Item{SKU: "PB16B", Name: "Copy", UOM: "EA", GTIN: "00614141000036"})
		wantError(t, err, lotledger.ECONFLICT, "gtin")
	})
	t.Run("GTINWrongCheckDigit", func(t *testing.T) {
		_, err := w.s.CreateItem(ctx, lotledger.Item{SKU: "X", Name: "X", UOM: "EA", GTIN: "00614141000037"})
		wantError(t, err, lotledger.EINVALID, "gtin")
	})
	t.Run("GTIN13NormalisedTo14", func(t *testing.T) {
		it := must(w.s.CreateItem(ctx, lotledger.Item{SKU: "J13", Name: "Jar", UOM: "EA", GTIN: "4006381333931"}))(t)
		if it.GTIN != "04006381333931" {
			t.Fatalf("got %s", it.GTIN)
		}
	})
	t.Run("LocationHierarchy", func(t *testing.T) {
		must(w.s.CreateLocation(ctx, lotledger.Location{Code: "PLANT-RAW-B1", Name: "Bin 1", Parent: "PLANT-RAW"}))(t)
		p := must(w.s.Locations(ctx, lotledger.PageRequest{}))(t)
		for _, l := range p.Items {
			if l.Code == "PLANT-RAW-B1" && (l.Site != "PLANT" || l.Parent != "PLANT-RAW" || l.Kind != "bin") {
				t.Fatalf("got %+v", l)
			}
		}
		_, err := w.s.CreateLocation(ctx, lotledger.Location{Code: "PLANT", Name: "Again"})
		wantError(t, err, lotledger.ECONFLICT, "code")
		_, err = w.s.CreateLocation(ctx, lotledger.Location{Code: "Z", Name: "Z", Parent: "NOPE"})
		wantError(t, err, lotledger.EUNKNOWN, "parent")
	})
	t.Run("PartyDuplicateAndKind", func(t *testing.T) {
		_, err := w.s.CreateParty(ctx, lotledger.Party{Code: "FARM", Name: "x", Kind: "supplier"})
		wantError(t, err, lotledger.ECONFLICT, "code")
		_, err = w.s.CreateParty(ctx, lotledger.Party{Code: "P", Name: "x", Kind: "friend"})
		wantError(t, err, lotledger.EINVALID, "kind")
	})
}

func testReceipts(t *testing.T, open Opener) {
	w := newWorld(t, open)
	t.Run("AssignsCodeFromTemplate", func(t *testing.T) {
		res := must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT-FG", Time: "2026-03-01T08:00:00-05:00",
			Lines: []lotledger.ReceiptLine{{SKU: "PB16", Quantity: "10", Produced: "2026-02-28"}}}))(t)
		if len(res.Lots) != 1 || res.Lots[0].Lot != "PB260301-001" {
			t.Fatalf("got lots %+v", res.Lots)
		}
		if res.Lots[0].Expires != "2027-02-28" {
			t.Fatalf("expiry = production + shelf life: got %s", res.Lots[0].Expires)
		}
		if res.TimeZone != "-05:00" || res.Time.Hour() != 13 {
			t.Fatalf("time kept in UTC with its zone: %v %s", res.Time, res.TimeZone)
		}
	})
	t.Run("SupplierLotKeptAndSearchable", func(t *testing.T) {
		res := must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT-RAW", Reference: "PO-1",
			Lines: []lotledger.ReceiptLine{{SKU: "PEANUT", SupplierLot: "GA-2026-17", Quantity: "500.5", Expires: "2026-09-01"}}}))(t)
		p := must(w.s.Lots(ctx, lotledger.LotFilter{SupplierLot: "GA-2026-17"}))(t)
		if len(p.Items) != 1 || p.Items[0].Code != res.Lots[0].Lot || p.Items[0].Origin != "FARM" {
			t.Fatalf("got %+v", p.Items)
		}
		// Receiving the same supplier lot again adds to the same lot.
		again := must(w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT-RAW",
			Lines: []lotledger.ReceiptLine{{SKU: "PEANUT", SupplierLot: "GA-2026-17", Quantity: "100"}}}))(t)
		if len(again.Lots) != 0 || again.Moves[0].Lot != res.Lots[0].Lot {
			t.Fatalf("second receipt made a new lot: %+v", again.Event)
		}
		if got := w.onHand("PEANUT", res.Lots[0].Lot, ""); got != lotledger.MustQuantity("600.5") {
			t.Fatalf("on hand %s", got)
		}
	})
	t.Run("ExpiryBeforeProductionRejected", func(t *testing.T) {
		_, err := w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "PLANT-RAW",
			Lines: []lotledger.ReceiptLine{{SKU: "PEANUT", Lot: "BAD", Quantity: "1", Produced: "2026-03-01", Expires: "2026-02-01"}}})
		wantError(t, err, lotledger.EINVALID, "lines[0].expires")
	})
}

func testShipments(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PB16", "L1", "DC1", "100", "2026-12-31")
	t.Run("ShipsAndRecordsCustomer", func(t *testing.T) {
		res := must(w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Reference: "ASN-1",
			Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "24"}}}))(t)
		if res.Kind != lotledger.KindShip || res.Moves[0].Quantity != lotledger.Units(-24) {
			t.Fatalf("got %+v", res.Event)
		}
		if got := w.onHand("PB16", "L1", "DC1"); got != lotledger.Units(76) {
			t.Fatalf("on hand %s", got)
		}
	})
	t.Run("MoreThanOnHandRejected", func(t *testing.T) {
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "77"}}})
		wantError(t, err, lotledger.EINSUFFICIENT, "lines[0].quantity")
	})
	t.Run("AllOrNothingOnFailingLine", func(t *testing.T) {
		before := Snapshot(t, w.s.DB())
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{
			{SKU: "PB16", Lot: "L1", Quantity: "10"}, {SKU: "PB16", Lot: "L1", Quantity: "70"}}})
		wantError(t, err, lotledger.EINSUFFICIENT, "lines[1].quantity")
		if after := Snapshot(t, w.s.DB()); after != before {
			t.Fatal("a failed shipment changed the database")
		}
	})
	t.Run("CustomerMustBeCustomer", func(t *testing.T) {
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "FARM", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
		wantError(t, err, lotledger.EINVALID, "customer")
	})
}

func testFEFO(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PB16", "LATE", "DC1", "50", "2026-12-31")
	w.receive("PB16", "EARLY", "DC1", "30", "2026-06-30")
	w.receive("PB16", "MID", "DC1", "40", "2026-09-30")
	w.receive("PB16", "HELD", "DC1", "100", "2026-04-30")
	w.receive("PB16", "GONE", "DC1", "100", "2026-03-01") // already expired on fixedNow
	must(w.s.ChangeLotStatus(ctx, lotledger.StatusChange{SKU: "PB16", Lot: "HELD", Status: "hold", Reason: "micro test"}))(t)

	res := must(w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Quantity: "50"}}}))(t)
	got := map[string]lotledger.Quantity{}
	for _, m := range res.Moves {
		got[m.Lot] += m.Quantity
	}
	want := map[string]lotledger.Quantity{"EARLY": lotledger.Units(-30), "MID": lotledger.Units(-20)}
	if len(got) != len(want) || got["EARLY"] != want["EARLY"] || got["MID"] != want["MID"] {
		t.Fatalf("FEFO took %v, want %v (held and expired lots skipped, earliest expiry first, split)", got, want)
	}
	t.Run("NotEnoughReleasedStock", func(t *testing.T) {
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Quantity: "71"}}})
		wantError(t, err, lotledger.EINSUFFICIENT, "lines[0].quantity")
	})
	t.Run("TwoLinesShareTheAllocation", func(t *testing.T) {
		res := must(w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE2", Lines: []lotledger.Line{{SKU: "PB16", Quantity: "15"}, {SKU: "PB16", Quantity: "10"}}}))(t)
		got := map[string]lotledger.Quantity{}
		for _, m := range res.Moves {
			got[m.Lot] += m.Quantity
		}
		if got["MID"] != lotledger.Units(-20) || got["LATE"] != lotledger.Units(-5) {
			t.Fatalf("got %v", got)
		}
	})
}

func testStatus(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PB16", "L1", "DC1", "10", "2026-12-31")
	for _, st := range []string{"hold", "quarantine", "recalled"} {
		t.Run("Blocks_"+st, func(t *testing.T) {
			must(w.s.ChangeLotStatus(ctx, lotledger.StatusChange{SKU: "PB16", Lot: "L1", Status: st, Reason: "test " + st}))(t)
			_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
			wantError(t, err, lotledger.EBLOCKED, "lines[0].lot")
			_, err = w.s.Transfer(ctx, lotledger.Transfer{From: "DC1", To: "PLANT-FG", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
			wantError(t, err, lotledger.EBLOCKED, "lines[0].lot")
		})
	}
	t.Run("OverrideIsRecorded", func(t *testing.T) {
		res := must(w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", OverrideReason: "returning to supplier for analysis",
			Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}}))(t)
		if res.OverrideReason == "" || len(res.Overridden) != 1 || res.Overridden[0].Lot != "L1" {
			t.Fatalf("override not recorded: %+v", res.Event)
		}
	})
	t.Run("ExpiredByDateBlocks", func(t *testing.T) {
		w.receive("PB16", "OLD", "DC1", "5", "2026-03-01")
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "OLD", Quantity: "1"}}})
		wantError(t, err, lotledger.EBLOCKED, "lines[0].lot")
	})
	t.Run("ReasonRequiredAndStatusValid", func(t *testing.T) {
		_, err := w.s.ChangeLotStatus(ctx, lotledger.StatusChange{SKU: "PB16", Lot: "OLD", Status: "hold"})
		wantError(t, err, lotledger.EINVALID, "reason")
		_, err = w.s.ChangeLotStatus(ctx, lotledger.StatusChange{SKU: "PB16", Lot: "OLD", Status: "sold", Reason: "x"})
		wantError(t, err, lotledger.EINVALID, "status")
	})
	t.Run("StatusChangeInHistory", func(t *testing.T) {
		d := must(w.s.Lot(ctx, "PB16", "L1"))(t)
		var kinds []string
		for _, e := range d.Events {
			kinds = append(kinds, e.Kind)
		}
		if strings.Join(kinds, ",") != "receive,status,status,status,ship" || d.Status != "recalled" {
			t.Fatalf("history %v status %s", kinds, d.Status)
		}
	})
}

func testIdempotency(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PB16", "L1", "DC1", "10", "2026-12-31")
	sh := lotledger.Shipment{ID: "order-77", From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "4"}}}
	first := must(w.s.Ship(ctx, sh))(t)
	before := Snapshot(t, w.s.DB())
	second := must(w.s.Ship(ctx, sh))(t)
	if !second.Replayed || second.Seq != first.Seq || second.ID != first.ID || second.Hash != first.Hash {
		t.Fatalf("retry did not return the first result: %+v vs %+v", second, first)
	}
	if Snapshot(t, w.s.DB()) != before {
		t.Fatal("retry changed the database")
	}
	sh.Lines[0].Quantity = "5"
	_, err := w.s.Ship(ctx, sh)
	wantError(t, err, lotledger.ECONFLICT, "id")
}

func testTransfers(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PB16", "L1", "PLANT-FG", "100", "2026-12-31")
	t.Run("WithinSiteIsImmediate", func(t *testing.T) {
		must(w.s.Transfer(ctx, lotledger.Transfer{From: "PLANT-FG", To: "PLANT-RAW", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "10"}}}))(t)
		if got := w.onHand("PB16", "L1", "PLANT-RAW"); got != lotledger.Units(10) {
			t.Fatalf("got %s", got)
		}
	})
	t.Run("BetweenSitesGoesThroughInTransit", func(t *testing.T) {
		res := must(w.s.Transfer(ctx, lotledger.Transfer{From: "PLANT-FG", To: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Quantity: "30"}}}))(t)
		if got := w.onHand("PB16", "L1", "IN-TRANSIT"); got != lotledger.Units(30) {
			t.Fatalf("in transit %s", got)
		}
		if got := w.onHand("PB16", "L1", "DC1"); got != 0 {
			t.Fatalf("arrived before arrival: %s", got)
		}
		must(w.s.ArriveTransfer(ctx, lotledger.Arrival{Transfer: res.ID}))(t)
		if got := w.onHand("PB16", "L1", "DC1"); got != lotledger.Units(30) {
			t.Fatalf("at DC1 %s", got)
		}
		if got := w.onHand("PB16", "L1", "IN-TRANSIT"); got != 0 {
			t.Fatalf("still in transit %s", got)
		}
		_, err := w.s.ArriveTransfer(ctx, lotledger.Arrival{Transfer: res.ID})
		wantError(t, err, lotledger.ECONFLICT, "transfer")
	})
	t.Run("SameLocationRejected", func(t *testing.T) {
		_, err := w.s.Transfer(ctx, lotledger.Transfer{From: "DC1", To: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
		wantError(t, err, lotledger.EINVALID, "to")
	})
}

func testProduction(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PEANUT", "P1", "PLANT-RAW", "1000", "2026-08-01")
	w.receive("PEANUT", "P2", "PLANT-RAW", "1000", "2027-08-01")
	w.receive("SALT", "S1", "PLANT-RAW", "100", "")
	res := must(w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW", Reference: "WO-1",
		Inputs:  []lotledger.Line{{SKU: "PEANUT", Lot: "P1", Quantity: "400"}, {SKU: "SALT", Quantity: "2.5"}},
		Outputs: []lotledger.OutputLine{{SKU: "PB16", Quantity: "800"}}}))(t)
	out := res.Lots[0]
	t.Run("ExpiryIsEarliestInputExpiry", func(t *testing.T) {
		if out.Expires != "2026-08-01" || out.Produced != "2026-03-10" {
			t.Fatalf("got produced %s expires %s", out.Produced, out.Expires)
		}
	})
	t.Run("GenealogyRecorded", func(t *testing.T) {
		d := must(w.s.Lot(ctx, "PB16", out.Lot))(t)
		if len(d.Inputs) != 2 || d.OnHand != lotledger.Units(800) {
			t.Fatalf("inputs %+v on hand %s", d.Inputs, d.OnHand)
		}
		p := must(w.s.Lot(ctx, "PEANUT", "P1"))(t)
		if len(p.Outputs) != 1 || p.Outputs[0].Lot != out.Lot || p.Outputs[0].Quantity != lotledger.Units(400) {
			t.Fatalf("outputs %+v", p.Outputs)
		}
	})
	t.Run("ShelfLifeWhenSooner", func(t *testing.T) {
		res := must(w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW",
			Inputs: []lotledger.Line{{SKU: "PEANUT", Lot: "P2", Quantity: "10"}}, Outputs: []lotledger.OutputLine{{SKU: "PB16", Quantity: "20"}}}))(t)
		if res.Lots[0].Expires != "2027-03-10" {
			t.Fatalf("got %s", res.Lots[0].Expires)
		}
	})
	t.Run("OutputThatIsInputRejected", func(t *testing.T) {
		_, err := w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW",
			Inputs: []lotledger.Line{{SKU: "PEANUT", Lot: "P2", Quantity: "10"}}, Outputs: []lotledger.OutputLine{{SKU: "PEANUT", Lot: "P2", Quantity: "10"}}})
		wantError(t, err, lotledger.EINVALID, "outputs[0].lot")
	})
	t.Run("InputsRequired", func(t *testing.T) {
		_, err := w.s.Produce(ctx, lotledger.Production{Location: "PLANT-RAW", Outputs: []lotledger.OutputLine{{SKU: "PB16", Quantity: "1"}}})
		wantError(t, err, lotledger.EINVALID, "inputs")
	})
}

func testCorrections(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PB16", "L1", "DC1", "100", "2026-12-31")
	t.Run("AdjustSigned", func(t *testing.T) {
		must(w.s.Adjust(ctx, lotledger.Adjustment{Location: "DC1", Reason: "cycle count", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "-3"}}}))(t)
		must(w.s.Adjust(ctx, lotledger.Adjustment{Location: "DC1", Reason: "found case", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}}))(t)
		if got := w.onHand("PB16", "L1", "DC1"); got != lotledger.Units(98) {
			t.Fatalf("got %s", got)
		}
		_, err := w.s.Adjust(ctx, lotledger.Adjustment{Location: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
		wantError(t, err, lotledger.EINVALID, "reason")
		_, err = w.s.Adjust(ctx, lotledger.Adjustment{Location: "DC1", Reason: "x", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "-99"}}})
		wantError(t, err, lotledger.EINSUFFICIENT, "lines[0].quantity")
	})
	t.Run("Dispose", func(t *testing.T) {
		must(w.s.Dispose(ctx, lotledger.Disposal{Location: "DC1", Reason: "damaged case", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "8"}}}))(t)
		if got := w.onHand("PB16", "L1", "DC1"); got != lotledger.Units(90) {
			t.Fatalf("got %s", got)
		}
	})
	t.Run("ReturnAtMostWhatWasShipped", func(t *testing.T) {
		must(w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "10"}}}))(t)
		must(w.s.Return(ctx, lotledger.Return{Customer: "STORE1", Location: "DC1", Reason: "damaged", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "4"}}}))(t)
		_, err := w.s.Return(ctx, lotledger.Return{Customer: "STORE1", Location: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "7"}}})
		wantError(t, err, lotledger.EINVALID, "lines[0].quantity")
		_, err = w.s.Return(ctx, lotledger.Return{Customer: "STORE2", Location: "DC1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
		wantError(t, err, lotledger.EINVALID, "lines[0].quantity")
		if got := w.onHand("PB16", "L1", "DC1"); got != lotledger.Units(84) {
			t.Fatalf("got %s", got)
		}
	})
}

func testBadInput(t *testing.T, open Opener) {
	w := newWorld(t, open)
	w.receive("PB16", "L1", "DC1", "10", "2026-12-31")
	w.receive("PEANUT", "PN1", "DC1", "10", "2026-12-31")
	before := Snapshot(t, w.s.DB())
	ship := func(line lotledger.Line) error {
		_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{line}})
		return err
	}
	cases := []struct {
		name, code, field string
		err               error
	}{
		{"UnknownSKU", lotledger.EUNKNOWN, "lines[0].sku", ship(lotledger.Line{SKU: "NOPE", Lot: "L1", Quantity: "1"})},
		{"UnknownLot", lotledger.EUNKNOWN, "lines[0].lot", ship(lotledger.Line{SKU: "PB16", Lot: "NOPE", Quantity: "1"})},
		{"LotOfAnotherItem", lotledger.EINVALID, "lines[0].lot", ship(lotledger.Line{SKU: "PB16", Lot: "PN1", Quantity: "1"})},
		{"MalformedQuantity", lotledger.EINVALID, "lines[0].quantity", ship(lotledger.Line{SKU: "PB16", Lot: "L1", Quantity: "1,5"})},
		{"ZeroQuantity", lotledger.EINVALID, "lines[0].quantity", ship(lotledger.Line{SKU: "PB16", Lot: "L1", Quantity: "0"})},
		{"NegativeQuantity", lotledger.EINVALID, "lines[0].quantity", ship(lotledger.Line{SKU: "PB16", Lot: "L1", Quantity: "-1"})},
		{"TooManyDecimals", lotledger.EINVALID, "lines[0].quantity", ship(lotledger.Line{SKU: "PB16", Lot: "L1", Quantity: "1.5"})},
		{"NoLines", lotledger.EINVALID, "lines", func() error {
			_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1"})
			return err
		}()},
		{"UnknownLocation", lotledger.EUNKNOWN, "from", func() error {
			_, err := w.s.Ship(ctx, lotledger.Shipment{From: "MARS", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
			return err
		}()},
		{"UnknownParty", lotledger.EUNKNOWN, "customer", func() error {
			_, err := w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "NOBODY", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
			return err
		}()},
		{"TimeWithoutZone", lotledger.EINVALID, "time", func() error {
			_, err := w.s.Ship(ctx, lotledger.Shipment{Time: "2026-03-01T10:00:00", From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "L1", Quantity: "1"}}})
			return err
		}()},
		{"WeightTooManyDecimals", lotledger.EINVALID, "lines[0].quantity", func() error {
			_, err := w.s.Receive(ctx, lotledger.Receipt{Supplier: "FARM", Location: "DC1", Lines: []lotledger.ReceiptLine{{SKU: "PEANUT", Quantity: "1.2345"}}})
			return err
		}()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantError(t, c.err, c.code, c.field) })
	}
	if Snapshot(t, w.s.DB()) != before {
		t.Fatal("rejected requests changed the database")
	}
}

func testReading(t *testing.T, open Opener) {
	w := newWorld(t, open)
	for i := range 5 {
		w.receive("PB16", "R"+string(rune('A'+i)), "DC1", "10", "2026-0"+string(rune('4'+i))+"-01")
	}
	must(w.s.ChangeLotStatus(ctx, lotledger.StatusChange{SKU: "PB16", Lot: "RB", Status: "hold", Reason: "test"}))(t)
	t.Run("StockPaginated", func(t *testing.T) {
		p1 := must(w.s.Stock(ctx, lotledger.StockFilter{SKU: "PB16", PageRequest: lotledger.PageRequest{Limit: 2}}))(t)
		p2 := must(w.s.Stock(ctx, lotledger.StockFilter{SKU: "PB16", PageRequest: lotledger.PageRequest{Limit: 2, Token: p1.Next}}))(t)
		p3 := must(w.s.Stock(ctx, lotledger.StockFilter{SKU: "PB16", PageRequest: lotledger.PageRequest{Limit: 2, Token: p2.Next}}))(t)
		if len(p1.Items) != 2 || len(p2.Items) != 2 || len(p3.Items) != 1 || p3.Next != "" || p1.Items[0].Lot != "RA" || p2.Items[0].Lot != "RC" {
			t.Fatalf("pages %v / %v / %v", p1, p2, p3)
		}
	})
	t.Run("StockByStatusAndSite", func(t *testing.T) {
		p := must(w.s.Stock(ctx, lotledger.StockFilter{Status: "hold"}))(t)
		if len(p.Items) != 1 || p.Items[0].Lot != "RB" {
			t.Fatalf("got %+v", p.Items)
		}
		p = must(w.s.Stock(ctx, lotledger.StockFilter{Location: "PLANT"}))(t)
		if len(p.Items) != 0 {
			t.Fatalf("got %+v", p.Items)
		}
	})
	t.Run("LotsExpiringBefore", func(t *testing.T) {
		p := must(w.s.Lots(ctx, lotledger.LotFilter{SKU: "PB16", ExpiresBefore: "2026-06-02"}))(t)
		if len(p.Items) != 3 || p.Items[0].Code != "RA" || p.Items[0].OnHand != lotledger.Units(10) {
			t.Fatalf("got %+v", p.Items)
		}
	})
	t.Run("LotNotFound", func(t *testing.T) {
		_, err := w.s.Lot(ctx, "PB16", "NOPE")
		wantError(t, err, lotledger.ENOTFOUND, "lot")
	})
	t.Run("EventsByLotAndPages", func(t *testing.T) {
		p := must(w.s.Events(ctx, lotledger.EventFilter{Lot: "RB"}))(t)
		if len(p.Items) != 2 || p.Items[1].Kind != "status" || p.Items[0].User != "tester" {
			t.Fatalf("got %+v", p.Items)
		}
		p = must(w.s.Events(ctx, lotledger.EventFilter{PageRequest: lotledger.PageRequest{Limit: 4}}))(t)
		p2 := must(w.s.Events(ctx, lotledger.EventFilter{PageRequest: lotledger.PageRequest{Limit: 4, Token: p.Next}}))(t)
		if len(p.Items) != 4 || len(p2.Items) != 2 || p2.Items[0].Seq != 5 {
			t.Fatalf("pages %d %d", len(p.Items), len(p2.Items))
		}
	})
	t.Run("LotDetailPagesItsEvents", func(t *testing.T) {
		// 140 shipments of 1 from lot RC (10 in DC1, received again above)
		w.receive("PB16", "RC", "DC1", "200", "2026-06-01")
		err := w.s.Batch(ctx, func(b *store.Batch) error {
			for range 140 {
				if _, err := b.Ship(lotledger.Shipment{From: "DC1", Customer: "STORE1", Lines: []lotledger.Line{{SKU: "PB16", Lot: "RC", Quantity: "1"}}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		d := must(w.s.Lot(ctx, "PB16", "RC"))(t)
		if len(d.Events) != lotledger.LotEvents || d.EventsNext == "" || d.Events[0].Kind != "receive" {
			t.Fatalf("detail holds %d events, next %q", len(d.Events), d.EventsNext)
		}
		rest := must(w.s.Events(ctx, lotledger.EventFilter{SKU: "PB16", Lot: "RC", PageRequest: lotledger.PageRequest{Limit: 1000, Token: d.EventsNext}}))(t)
		if len(rest.Items) != 142-lotledger.LotEvents || rest.Next != "" || rest.Items[0].Seq <= d.Events[len(d.Events)-1].Seq {
			t.Fatalf("the rest: %d events", len(rest.Items))
		}
		if d := must(w.s.Lot(ctx, "PB16", "RA"))(t); len(d.Events) != 1 || d.EventsNext != "" {
			t.Fatalf("a lot with one event: %d, next %q", len(d.Events), d.EventsNext)
		}
	})
}
