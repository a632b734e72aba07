package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"lotledger"
	"lotledger/store"
)

// testVocabularyQueries: master data that captured documents carry in
// their header (vocabulary elements, their attributes and children) is
// found by EQ_ATTR_, HASATTR_ and WD_: on locations, product classes and
// business steps, in any spelling of an identifier or an attribute's name;
// a later document replaces what an earlier one said of an element; a
// refused document leaves none of its master data; Rebuild keeps it.
func testVocabularyQueries(t *testing.T, open Opener) {
	w := &epcisWorld{world: newWorld(t, open), ids: map[string]string{}}
	const north, dock = "urn:epc:id:sgln:0614141.00777.0", "urn:epc:id:sgln:0614141.00777.1"
	event := func(name, fields string) string {
		w.ids[name] = "urn:uuid:00000000-0000-4000-8000-0000000003" + string(rune('a'+len(w.ids)))
		return `{"type":"ObjectEvent","eventID":"` + w.ids[name] + `","eventTime":"2026-03-09T10:00:00Z","eventTimeZoneOffset":"+00:00",
			"action":"OBSERVE","epcList":["urn:epc:id:sgtin:0614141.107346.30` + string(rune('a'+len(w.ids))) + `"]` + fields + `}`
	}
	header := `{"epcisMasterData":{"vocabularyList":[
		{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
			{"id":"` + north + `","attributes":[{"id":"urn:epcglobal:cbv:mda#name","attribute":"North DC"},
				{"id":"cbvmda:sst","attribute":201},{"id":"ex:address","attribute":{"ex:city":"Oslo"}}],
			 "children":["` + dock + `"]},
			{"id":"` + dock + `","attributes":[{"id":"cbvmda:name","attribute":"North DC dock 1"},{"id":"ex:cold","attribute":"yes"}]},
			{"id":"https://id.gs1.org/414/0614141008889","attributes":[{"id":"cbvmda:name","attribute":"South DC"}]}]},
		{"type":"urn:epcglobal:epcis:vtype:EPCClass","vocabularyElementList":[
			{"id":"urn:epc:class:lgtin:0614141.107346.L1","attributes":[{"id":"cbvmda:countryOfOrigin","attribute":"NO"},
				{"id":"cbvmda:drainedWeight","attribute":2.5}]}]},
		{"type":"urn:epcglobal:epcis:vtype:BusinessStep","vocabularyElementList":[
			{"id":"urn:epcglobal:cbv:bizstep:receiving","attributes":[{"id":"ex:team","attribute":"inbound"}]}]}]}}`
	doc := epcisDocWithHeader(t, header,
		event("atNorth", `,"readPoint":{"id":"`+dock+`"},"bizLocation":{"id":"`+north+`"}`),
		event("atDock", `,"bizLocation":{"id":"`+dock+`"}`),
		event("atSouth", `,"bizLocation":{"id":"urn:epc:id:sgln:0614141.00888.0"}`),
		event("lotL1", `,"quantityList":[{"epcClass":"https://id.gs1.org/01/10614141073464/10/L1","quantity":3}]`),
		event("received", `,"bizStep":"receiving"`),
	)
	must(w.s.Capture(ctx, doc, store.CaptureOptions{KeepUnknown: true}))(t)

	p := queryParams
	name := "EQ_ATTR_bizLocation_cbvmda:name"
	w.checkQueries(t, []queryCase{
		{"LocationName", p(name, "North DC"), []string{"atNorth"}},
		{"LocationNames", p("EQ_ATTR_bizLocation_urn:epcglobal:cbv:mda#name", "North DC", "EQ_ATTR_bizLocation_urn:epcglobal:cbv:mda#name", "South DC"), []string{"atNorth", "atSouth"}},
		{"ReadPointName", p("EQ_ATTR_readPoint_cbvmda:name", "North DC dock 1"), []string{"atNorth"}},
		{"NumberAttribute", p("EQ_ATTR_bizLocation_cbvmda:sst", "201.0"), []string{"atNorth"}},
		{"AttributeOfAChild", p("EQ_ATTR_bizLocation_ex:cold", "yes"), []string{"atDock"}},
		{"ObjectAttributeHasNoValue", p("EQ_ATTR_bizLocation_ex:address", "Oslo"), []string{}},
		{"HasObjectAttribute", p("HASATTR_bizLocation", "ex:address"), []string{"atNorth"}},
		{"HasOneOfTheAttributes", p("HASATTR_bizLocation", "https://example.com/ns/cold", "HASATTR_bizLocation", "cbvmda:sst"), []string{"atNorth", "atDock"}},
		{"ClassAttribute", p("EQ_ATTR_epcClass_cbvmda:countryOfOrigin", "NO"), []string{"lotL1"}},
		{"ClassNumber", p("EQ_ATTR_epcClass_cbvmda:drainedWeight", "2.5"), []string{"lotL1"}},
		{"BusinessStep", p("EQ_ATTR_bizStep_ex:team", "inbound"), []string{"received"}},
		{"WithOtherParameters", p("HASATTR_bizLocation", "cbvmda:name", "EQ_bizLocation", dock), []string{"atDock"}},
		{"NoSuchValue", p(name, "Nowhere"), []string{}},
		{"NoSuchAttribute", p("EQ_ATTR_bizLocation_ex:nothing", "1"), []string{}},
		{"ChildrenAreDescendants", p("WD_bizLocation", north), []string{"atNorth", "atDock"}},
	})

	// A later document replaces what the first said of an element.
	again := `{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
		{"id":"` + dock + `","attributes":[{"id":"cbvmda:name","attribute":"Dock 1"}]},
		{"id":"https://id.gs1.org/414/0614141007776","attributes":[{"id":"cbvmda:name","attribute":"North DC"}]}]}]}}`
	must(w.s.Capture(ctx, epcisDocWithHeader(t, again, event("later", `,"bizLocation":{"id":"`+dock+`"}`)), store.CaptureOptions{KeepUnknown: true}))(t)
	// A refused document leaves no master data: its event names a lot
	// lotledger cannot create.
	refused := `{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
		{"id":"` + dock + `","attributes":[{"id":"cbvmda:name","attribute":"Refused"}]}]}]}}`
	bad := `{"type":"ObjectEvent","eventTime":"2026-03-09T10:00:00Z","eventTimeZoneOffset":"+00:00","action":"ADD","bizStep":"receiving",
		"bizLocation":{"id":"` + dc1 + `"},"quantityList":[{"epcClass":"` + pbClass + `NEW","quantity":1}]}`
	if _, err := w.s.Capture(ctx, epcisDocWithHeader(t, refused, bad), store.CaptureOptions{}); err == nil {
		t.Fatal("a receipt of a lot lotledger does not know was captured without CreateLots")
	}
	// Past the elements a query lists (500), a subquery matches them.
	var locs, classes []string
	for i := range 501 {
		locs = append(locs, fmt.Sprintf(`{"id":"urn:example:loc:%d","attributes":[{"id":"ex:group","attribute":"many"}]}`, i))
		classes = append(classes, fmt.Sprintf(`{"id":"urn:example:class:%d","attributes":[{"id":"ex:group","attribute":"many"}]}`, i))
	}
	locs = append(locs, `{"id":"`+north+`","attributes":[{"id":"ex:group","attribute":"many"}],"children":["`+dock+`"]}`)
	classes = append(classes, `{"id":"urn:epc:class:lgtin:0614141.107346.L1","attributes":[{"id":"ex:group","attribute":"many"}]}`)
	many := `{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[` +
		strings.Join(locs, ",") + `]},{"type":"urn:epcglobal:epcis:vtype:EPCClass","vocabularyElementList":[` + strings.Join(classes, ",") + `]}]}}`
	must(w.s.Capture(ctx, epcisDocWithHeader(t, many, event("many", `,"readPoint":{"id":"urn:example:loc:7"}`)), store.CaptureOptions{KeepUnknown: true}))(t)
	later := func(t *testing.T) {
		w.checkQueries(t, []queryCase{
			{"Replaced", p(name, "North DC dock 1"), []string{}},
			{"NewName", p(name, "Dock 1"), []string{"atDock", "later"}},
			{"ReplacedWhole", p("HASATTR_bizLocation", "ex:cold"), []string{}},
			{"OthersKept", p(name, "South DC"), []string{"atSouth"}},
			{"RefusedLeavesNothing", p(name, "Refused"), []string{}},
			{"ChildrenKept", p("WD_bizLocation", north), []string{"atNorth", "atDock", "later"}},
			{"ManyLocations", p("EQ_ATTR_bizLocation_ex:group", "many"), []string{"atNorth"}},
			{"ManyReadPoints", p("HASATTR_readPoint", "ex:group"), []string{"many"}},
			{"ManyClasses", p("EQ_ATTR_epcClass_ex:group", "many"), []string{"lotL1"}},
			{"ReplacedByLater", p(name, "North DC"), []string{}},
		})
	}
	later(t)
	if err := w.s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("AfterRebuild", later)

	// What an export reads back: the elements asked for that have master
	// data, in order of vocabulary and identifier, each as it now stands.
	known, err := w.s.MasterDataIDs(ctx)
	// 1,007 captured, lotledger's own five locations (the world's four and
	// in-transit) by code, DC1 by its GLN too, its three items by SKU, PB16
	// by its GTIN too, and its three parties.
	if err != nil || !known["receiving"] || !known["urn:example:loc:500"] || !known["urn:lotledger:location:PLANT-RAW"] ||
		!known["urn:lotledger:class:SALT"] || !known["https://id.gs1.org/01/00614141000036"] || !known["urn:lotledger:party:FARM"] || len(known) != 1007+6+4+3 {
		t.Errorf("MasterDataIDs: %d ids, %v", len(known), err)
	}
	ids := []string{"https://id.gs1.org/414/0614141007776/254/1", "receiving", "urn:unknown:element", "https://id.gs1.org/414/0614141007776", "receiving"}
	for i := range 600 { // more than one query's list
		ids = append(ids, fmt.Sprintf("urn:example:class:%d", i))
	}
	els, err := w.s.MasterData(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(els) != 2+1+501 {
		t.Fatalf("MasterData: %d elements, want 504", len(els))
	}
	northEl, dockEl, step := els[0], els[1], els[2]
	if northEl.ID != "https://id.gs1.org/414/0614141007776" || northEl.Written != north || len(northEl.Attributes) != 1 ||
		northEl.Attributes[0].IRI != "https://example.com/ns/group" || len(northEl.Children) != 1 || northEl.Children[0] != "https://id.gs1.org/414/0614141007776/254/1" {
		t.Errorf("North DC: %+v", northEl)
	}
	if dockEl.Written != dock || len(dockEl.Attributes) != 1 || string(dockEl.Attributes[0].Value) != `"Dock 1"` || dockEl.Attributes[0].Key != "s:Dock 1" {
		t.Errorf("the dock, as the later document said: %+v", dockEl)
	}
	if step.ID != "receiving" || step.Type != "urn:epcglobal:epcis:vtype:BusinessStep" || len(step.Attributes) != 1 || step.Attributes[0].Alias != "ex:team" {
		t.Errorf("the business step: %+v", step)
	}
	if els[3].Type != "urn:epcglobal:epcis:vtype:EPCClass" || els[3].ID != "urn:example:class:0" || els[503].ID != "urn:example:class:99" {
		t.Errorf("the classes come last, by identifier: %+v ... %+v", els[3], els[503])
	}

	// lotledger's own locations and items are master data too: a
	// location's name finds the events there, as read points or business
	// locations, an item's name the events naming its lots, until captured
	// master data describes the same identifier.
	w.ids["nativeAtDC1"] = w.receive("PB16", "OWN1", "DC1", "5", "2027-01-01").ID
	w.ids["nativeAtRaw"] = w.receive("SALT", "OWN2", "PLANT-RAW", "5", "").ID
	dc1Name := p(name, "Distribution centre 1")
	item := "EQ_ATTR_epcClass_cbvmda:descriptionShort"
	w.checkQueries(t, []queryCase{
		{"OwnLocationName", dc1Name, []string{"nativeAtDC1"}},
		{"OwnAndCapturedNames", p(name, "Raw store", name, "South DC"), []string{"atSouth", "nativeAtRaw"}},
		{"OwnLocationHasAName", p("HASATTR_bizLocation", "cbvmda:name", "EQ_bizLocation", "urn:lotledger:location:PLANT-RAW"), []string{"nativeAtRaw"}},
		{"OwnLocationNoOtherAttribute", p("HASATTR_bizLocation", "cbvmda:sst", "EQ_bizLocation", "urn:lotledger:location:PLANT-RAW"), []string{}},
		{"OwnNamesAreNotClasses", p("EQ_ATTR_epcClass_cbvmda:name", "Raw store"), []string{}},
		// By GTIN (…/01/00614141000036/10/OWN1) and by SKU
		// (urn:lotledger:class:SALT:OWN2).
		{"OwnItemName", p(item, "Peanut butter 16 oz"), []string{"nativeAtDC1"}},
		{"OwnItemNames", p(item, "Salt", item, "Peanut butter 16 oz"), []string{"nativeAtDC1", "nativeAtRaw"}},
		{"OwnItemHasADescription", p("HASATTR_epcClass", "urn:epcglobal:cbv:mda#descriptionShort"), []string{"nativeAtDC1", "nativeAtRaw"}},
		{"OwnAndCapturedClasses", p(item, "Salt", "EQ_ATTR_epcClass_cbvmda:countryOfOrigin", "NO"), []string{}},
		{"OwnItemNamesAreNotLocations", p("EQ_ATTR_bizLocation_cbvmda:descriptionShort", "Salt"), []string{}},
		{"NoSuchItem", p(item, "Pean"), []string{}},
	})
	dc1Doc := `{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:BusinessLocation","vocabularyElementList":[
		{"id":"urn:epc:id:sgln:0614141.00001.0","attributes":[{"id":"cbvmda:name","attribute":"DC One"}]}]},
		{"type":"urn:epcglobal:epcis:vtype:EPCClass","vocabularyElementList":[
		{"id":"https://id.gs1.org/01/00614141000036","attributes":[{"id":"cbvmda:descriptionShort","attribute":"PB jar"}]},
		{"id":"urn:epc:idpat:sgtin:0614141.107346.*","attributes":[{"id":"cbvmda:descriptionShort","attribute":"Widget"}]}]}]}}`
	must(w.s.Capture(ctx, epcisDocWithHeader(t, dc1Doc), store.CaptureOptions{}))(t)
	w.checkQueries(t, []queryCase{
		{"CapturedStandsInstead", dc1Name, []string{}},
		{"CapturedName", p(name, "DC One"), []string{"nativeAtDC1"}},
		// What a partner says of a GTIN it says of its lots, as lotledger
		// does of its own items.
		{"CapturedItemStandsInstead", p(item, "Peanut butter 16 oz"), []string{}},
		{"CapturedItemDescribesItsLots", p(item, "PB jar"), []string{"nativeAtDC1"}},
		// Every event names an instance of 0614141.107346 (its GTIN-14
		// 10614141073464); lotL1 also a lot of it.
		{"CapturedItemDescribesItsInstances", p("EQ_ATTR_epc_cbvmda:descriptionShort", "Widget"),
			[]string{"atNorth", "atDock", "atSouth", "lotL1", "received", "later", "many"}},
		{"CapturedPatternDescribesItsLots", p("EQ_ATTR_epcClass_cbvmda:descriptionShort", "Widget"), []string{"lotL1"}},
		{"OtherItemsKept", p(item, "Salt"), []string{"nativeAtRaw"}},
	})

	// Sources and destinations, of any type: lotledger's parties and
	// locations describe themselves, and a partner's SourceDest elements
	// are master data like any other.
	w.ids["nativeShip"] = must(w.s.Ship(ctx, lotledger.Shipment{From: "DC1", Customer: "STORE1",
		Lines: []lotledger.Line{{SKU: "PB16", Lot: "OWN1", Quantity: "2"}}}))(t).ID
	partner := `{"epcisMasterData":{"vocabularyList":[{"type":"urn:epcglobal:epcis:vtype:SourceDest","vocabularyElementList":[
		{"id":"urn:epc:id:sgln:0614141.00999.0","attributes":[{"id":"cbvmda:name","attribute":"Partner DC"}]}]}]}}`
	must(w.s.Capture(ctx, epcisDocWithHeader(t, partner, event("toPartner",
		`,"destinationList":[{"type":"location","destination":"urn:epc:id:sgln:0614141.00999.0"}]`)), store.CaptureOptions{KeepUnknown: true}))(t)
	w.checkQueries(t, []queryCase{
		{"OwnPartySource", p("EQ_ATTR_source_cbvmda:name", "Peanut farm"), []string{"nativeAtDC1", "nativeAtRaw"}},
		{"OwnPartyDestination", p("EQ_ATTR_destination_cbvmda:name", "Store 1"), []string{"nativeShip"}},
		{"OwnLocationDestination", p("EQ_ATTR_destination_urn:epcglobal:cbv:mda#name", "Raw store"), []string{"nativeAtRaw"}},
		{"CapturedDestination", p("EQ_ATTR_destination_cbvmda:name", "Partner DC"), []string{"toPartner"}},
		{"PartyIsNotASource", p("EQ_ATTR_source_cbvmda:name", "Store 1"), []string{}},
		{"PartyIsNotALocation", p("EQ_ATTR_bizLocation_cbvmda:name", "Peanut farm"), []string{}},
		{"HasNamedDestination", p("HASATTR_destination", "cbvmda:name", "EQ_bizStep", "shipping"), []string{"nativeShip"}},
	})
	own := must(w.s.MasterData(ctx, []string{"urn:lotledger:location:PLANT", "https://id.gs1.org/414/0614141000012",
		"urn:lotledger:class:SALT", "https://id.gs1.org/01/00614141000036", "urn:lotledger:party:FARM"}))(t)
	if len(own) != 5 || own[0].ID != "https://id.gs1.org/414/0614141000012" || string(own[0].Attributes[0].Value) != `"DC One"` ||
		own[1].ID != "urn:lotledger:location:PLANT" || own[1].Attributes[0].IRI != "urn:epcglobal:cbv:mda:name" || string(own[1].Attributes[0].Value) != `"Plant"` ||
		!slices.Equal(own[1].Children, []string{"urn:lotledger:location:PLANT-FG", "urn:lotledger:location:PLANT-RAW"}) {
		t.Errorf("MasterData of DC1 (captured) and PLANT (lotledger's own): %+v", own)
	}
	if c := own[2]; c.ID != "https://id.gs1.org/01/00614141000036" || string(c.Attributes[0].Value) != `"PB jar"` {
		t.Errorf("MasterData of PB16's GTIN (captured): %+v", c)
	}
	if c := own[3]; c.ID != "urn:lotledger:class:SALT" || c.Type != "urn:epcglobal:epcis:vtype:EPCClass" ||
		c.Attributes[0].IRI != "urn:epcglobal:cbv:mda:descriptionShort" || string(c.Attributes[0].Value) != `"Salt"` {
		t.Errorf("MasterData of SALT (lotledger's own): %+v", c)
	}
	if c := own[4]; c.ID != "urn:lotledger:party:FARM" || c.Type != "urn:epcglobal:epcis:vtype:SourceDest" ||
		c.Attributes[0].IRI != "urn:epcglobal:cbv:mda:name" || string(c.Attributes[0].Value) != `"Peanut farm"` {
		t.Errorf("MasterData of FARM (lotledger's own): %+v", c)
	}

	for _, bad := range []string{"EQ_ATTR_bizLocation", "EQ_ATTR_bizLocation_", "EQ_ATTR_quantity_ex:a", "HASATTR_action", "EQ_ATTR_sourceList_cbvmda:name"} {
		_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: p(bad, "x")})
		wantError(t, err, lotledger.EINVALID, bad)
	}
}
