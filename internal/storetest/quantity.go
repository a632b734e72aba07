package storetest

import (
	"testing"

	"lotledger"
	"lotledger/store"
)

// quantityEvent is an inspection with the given quantity lists (members of
// the event, written out).
func quantityEvent(id, lists string) string {
	return `{"type":"ObjectEvent","eventID":"` + id + `","eventTime":"2026-03-09T10:00:00Z","eventTimeZoneOffset":"+00:00",
		"action":"OBSERVE","bizStep":"inspecting",` + lists + `}`
}

// testQuantityQueries: the quantity parameters of the query interface,
// counts and measures, in any list of the event, with units of the same
// dimension converted, on captured and native events, before and after a
// rebuild.
func testQuantityQueries(t *testing.T, open Opener) {
	w := &epcisWorld{world: newWorld(t, open), ids: map[string]string{}}
	class := func(lot string) string { return `"https://id.gs1.org/01/00614141000036/10/` + lot + `"` }
	events := []struct{ name, lists string }{
		{"count", `"quantityList":[{"epcClass":` + class("A") + `,"quantity":12}]`},
		{"kilos", `"quantityList":[{"epcClass":` + class("B") + `,"quantity":2.5,"uom":"KGM"}]`},
		{"grams", `"quantityList":[{"epcClass":` + class("C") + `,"quantity":1500,"uom":"GRM"},{"epcClass":` + class("D") + `,"quantity":3}]`},
		{"pounds", `"quantityList":[{"epcClass":` + class("E") + `,"quantity":10,"uom":"LBR"},{"epcClass":` + class("F") + `,"quantity":4,"uom":"KGM"}]`},
		{"noQuantity", `"quantityList":[{"epcClass":` + class("G") + `}]`},
		{"instances", `"epcList":["urn:epc:id:sscc:0614141.1234567890"]`},
	}
	var docs []string
	for i, e := range events {
		w.ids[e.name] = "urn:uuid:00000000-0000-4000-8000-00000000010" + string(rune('0'+i))
		docs = append(docs, quantityEvent(w.ids[e.name], e.lists))
	}
	must(w.s.Capture(ctx, epcisDoc(t, docs...), store.CaptureOptions{KeepUnknown: true}))(t)
	// A native receipt of 250 kg of peanuts: its EPCIS form has
	// {"quantity":250,"uom":"KGM"}.
	w.ids["receipt"] = w.receive("PEANUT", "P-1", "PLANT-RAW", "250", "2026-12-01").ID

	p := queryParams
	cases := []queryCase{
		{"CountEqual", p("EQ_quantity", "12"), []string{"count"}},
		{"CountList", p("EQ_quantity", "3", "EQ_quantity", "12"), []string{"count", "grams"}},
		{"CountAbove", p("GT_quantity", "5"), []string{"count"}},
		{"CountAtLeast", p("GE_quantity", "3"), []string{"count", "grams"}},
		{"CountBelow", p("LT_quantity", "10"), []string{"grams"}},
		{"CountAtMost", p("LE_quantity", "12"), []string{"count", "grams"}},
		{"KilosAbove", p("GT_quantity_KGM", "2"), []string{"kilos", "pounds", "receipt"}}, // 10 lb is 4.54 kg
		{"GramsAtMost", p("LE_quantity_GRM", "1500"), []string{"grams"}},
		{"KilosEqualGrams", p("EQ_quantity_KGM", "1.5"), []string{"grams"}},
		{"Pounds", p("GE_quantity_LBR", "10"), []string{"pounds", "receipt"}}, // 250 kg is 551 lb
		{"Tonnes", p("GE_quantity_TNE", "0.25"), []string{"receipt"}},
		{"EachItsOwnCondition", p("GT_quantity_KGM", "4.5", "LT_quantity_KGM", "4.2"), []string{"pounds"}},
		{"WithOtherParameters", p("GT_quantity_KGM", "1", "EQ_bizStep", "receiving"), []string{"receipt"}},
		{"AnotherDimension", p("GT_quantity_LTR", "0"), []string{}},
		{"UnitWithoutConversion", p("GT_quantity_A93", "0"), []string{}},
	}
	check := func(t *testing.T) { w.checkQueries(t, cases) }
	check(t)
	for _, bad := range []struct{ name, value string }{
		{"GT_quantity", "many"}, {"EQ_quantity_KGM", "1kg"}, {"LT_quantity_GRM", ""},
	} {
		_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: p(bad.name, bad.value)})
		wantError(t, err, lotledger.EINVALID, bad.name)
	}
	_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: map[string][]string{"GT_quantity": {"1", "2"}}})
	wantError(t, err, lotledger.EINVALID, "GT_quantity")
	_, err = w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: p("GT_quantity_kg", "1")})
	wantError(t, err, lotledger.EINVALID, "GT_quantity_kg")
	// Rebuild recomputes the quantities with the rest of the EPCIS index.
	if err := w.s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("AfterRebuild", check)
}
