package epcis

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"lotledger"
)

// directory is a fixed Directory: a few codes have GLNs, the rest none.
type directory struct{ locations, parties map[string]string }

func (d directory) LocationGLN(code string) string { return d.locations[code] }
func (d directory) PartyGLN(code string) string    { return d.parties[code] }

var _ Directory = directory{}

var testDir = directory{
	locations: map[string]string{"WH1": "4012345000016", "DC2": "4012345000023"},
	parties:   map[string]string{"NUTCO": "4012345002256", "STORE-9": "4012345002263"},
}

// Items of the fixtures: jars with a GTIN, counted; peanuts by weight
// without a GTIN.
const (
	jarGTIN = "04012345123456"
	jarSKU  = "PB-JAR"
	nutSKU  = "PEANUT-RAW"
)

var (
	t0       = time.Date(2025, 3, 14, 9, 26, 53, 589_000_000, time.UTC)
	recorded = time.Date(2025, 3, 14, 9, 26, 54, 1_000_000, time.UTC)
)

func base(kind, id string) lotledger.Event {
	return lotledger.Event{
		Seq: 1, ID: "urn:uuid:" + id, Kind: kind, Time: t0, TimeZone: "+02:00",
		RecordedAt: recorded, User: "ana@example.com",
	}
}

func jar(lot, loc, qty string) lotledger.Move {
	return lotledger.Move{LotID: 1, SKU: jarSKU, Lot: lot, GTIN: jarGTIN, UOM: "EA",
		Location: loc, Quantity: lotledger.MustQuantity(qty)}
}

func nuts(lot, loc, qty string) lotledger.Move {
	return lotledger.Move{LotID: 2, SKU: nutSKU, Lot: lot, UOM: "KGM",
		Location: loc, Quantity: lotledger.MustQuantity(qty)}
}

// fixtures returns one event per case, keyed by the golden file's name.
// Together they cover every event kind and every lot status.
func fixtures() map[string]*lotledger.Event {
	f := map[string]*lotledger.Event{}
	add := func(name string, ev lotledger.Event) { f[name] = &ev }

	ev := base(lotledger.KindReceive, "0a1b2c3d-0000-4000-8000-000000000001")
	ev.Location, ev.Party, ev.Reference, ev.RequestID = "WH1", "NUTCO", "PO-4711", "client-key-1"
	ev.Moves = []lotledger.Move{nuts("NC 24/07%", "WH1", "1200.5")}
	ev.Lots = []lotledger.NewLot{{LotID: 2, SKU: nutSKU, Lot: "NC 24/07%", SupplierLot: "S-998877",
		Produced: "2025-03-01", Expires: "2026-03-01", Status: lotledger.StatusQuarantine, Origin: "NUTCO"}}
	add("receive_new_lot", ev)

	ev = base(lotledger.KindReceive, "0a1b2c3d-0000-4000-8000-000000000002")
	ev.Location, ev.Party, ev.TimeZone = "RECV-B", "FARM-7", "-05:00"
	ev.Moves = []lotledger.Move{nuts("L1", "RECV-B", "10"), jar("J1", "RECV-B", "24"), jar("J0", "RECV-B", "6")}
	ev.Lots = []lotledger.NewLot{
		{SKU: nutSKU, Lot: "L1", Expires: "2026-01-31", Status: lotledger.StatusReleased},
		{SKU: jarSKU, Lot: "J1", GTIN: jarGTIN, Produced: "2025-03-10", Status: lotledger.StatusReleased},
	}
	add("receive_several_lots", ev)

	ev = base(lotledger.KindReceive, "0a1b2c3d-0000-4000-8000-000000000003")
	ev.Location, ev.Party, ev.TimeZone = "WH1", "NUTCO", "Z"
	ev.Moves = []lotledger.Move{jar("J0", "WH1", "48")}
	add("receive_existing_lot", ev)

	ev = base(lotledger.KindShip, "0a1b2c3d-0000-4000-8000-000000000004")
	ev.From, ev.Party, ev.Reference = "WH1", "STORE-9", "ASN-2025-001"
	ev.OverrideReason = "customer accepts short-dated stock"
	ev.Moves = []lotledger.Move{jar("J1", "WH1", "-24"), jar("J0", "WH1", "-6")}
	ev.Overridden = []lotledger.LotRef{{SKU: jarSKU, Lot: "J0"}}
	add("ship", ev)

	ev = base(lotledger.KindTransfer, "0a1b2c3d-0000-4000-8000-000000000005")
	ev.From, ev.To = "WH1-A-01", "WH1-B-07"
	ev.Moves = []lotledger.Move{jar("J1", "WH1-A-01", "-12"), jar("J1", "WH1-B-07", "12")}
	add("transfer_within_site", ev)

	ev = base(lotledger.KindTransfer, "0a1b2c3d-0000-4000-8000-000000000006")
	ev.From, ev.To = "WH1", "DC2"
	ev.Moves = []lotledger.Move{nuts("L1", "WH1", "-0.125"), nuts("L1", "TRANSIT-WH1-DC2", "0.125")}
	add("transfer_between_sites", ev)

	ev = base(lotledger.KindArrive, "0a1b2c3d-0000-4000-8000-000000000007")
	ev.From, ev.To, ev.Transfer = "TRANSIT-WH1-DC2", "DC2", "urn:uuid:0a1b2c3d-0000-4000-8000-000000000006"
	ev.Moves = []lotledger.Move{nuts("L1", "TRANSIT-WH1-DC2", "-0.125"), nuts("L1", "DC2", "0.125")}
	add("arrive", ev)

	ev = base(lotledger.KindProduce, "0a1b2c3d-0000-4000-8000-000000000008")
	ev.Location, ev.Reference = "LINE-1", "MO-77"
	ev.Moves = []lotledger.Move{nuts("L1", "LINE-1", "-0.125"), nuts("NC 24/07%", "LINE-1", "-3"), jar("250314-0001", "LINE-1", "12")}
	ev.Lots = []lotledger.NewLot{{SKU: jarSKU, Lot: "250314-0001", GTIN: jarGTIN,
		Produced: "2025-03-14", Expires: "2026-09-14", Status: lotledger.StatusReleased}}
	add("produce", ev)

	ev = base(lotledger.KindAdjust, "0a1b2c3d-0000-4000-8000-000000000009")
	ev.Location, ev.Reason = "WH1", "cycle count: 2 jars found, 3 kg spilled"
	ev.Moves = []lotledger.Move{jar("J1", "WH1", "2"), nuts("L1", "WH1", "-3")}
	add("adjust", ev)

	ev = base(lotledger.KindDispose, "0a1b2c3d-0000-4000-8000-00000000000a")
	ev.Location, ev.Reason = "SCRAP", "recalled lot destroyed"
	ev.Moves = []lotledger.Move{jar("J0", "SCRAP", "-6")}
	add("dispose", ev)

	ev = base(lotledger.KindReturn, "0a1b2c3d-0000-4000-8000-00000000000b")
	ev.Location, ev.Party, ev.Reference, ev.Reason = "WH1", "STORE-9", "RMA-12", "damaged in transit"
	ev.Moves = []lotledger.Move{jar("J1", "WH1", "3")}
	add("return", ev)

	for _, st := range []string{lotledger.StatusReleased, lotledger.StatusQuarantine, lotledger.StatusHold,
		lotledger.StatusRecalled, lotledger.StatusExpired, lotledger.StatusDestroyed} {
		ev = base(lotledger.KindStatus, "0a1b2c3d-0000-4000-8000-0000000000"+statusIDs[st])
		ev.Reason = "status set to " + st
		ev.Status = &lotledger.StatusSet{LotID: 1, SKU: jarSKU, Lot: "J1", GTIN: jarGTIN, From: lotledger.StatusHold, To: st}
		add("status_"+st, ev)
	}
	return f
}

var statusIDs = map[string]string{"released": "c1", "quarantine": "c2", "hold": "c3",
	"recalled": "c4", "expired": "c5", "destroyed": "c6"}

// mustEncode encodes ev with the test directory or fails the test.
func mustEncode(t testing.TB, ev *lotledger.Event) []byte {
	t.Helper()
	b, err := EncodeEvent(ev, testDir)
	if err != nil {
		t.Fatalf("EncodeEvent(%s): %v", ev.Kind, err)
	}
	return b
}

// decoded parses encoded JSON with exact numbers, for assertions.
func decoded(t testing.TB, b []byte) map[string]any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		t.Fatalf("output is not a JSON object: %v\n%s", err, b)
	}
	return m
}
