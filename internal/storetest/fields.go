package storetest

import (
	"slices"
	"strings"
	"testing"

	"lotledger"
	"lotledger/store"
)

// testFieldQueries: the query parameters on ILMD and extension fields, and
// on those of sensor elements, their metadata and reports, readPoint and
// bizLocation objects and error declarations (the event's own, or a later
// one), top level and nested, compared as text, numbers and times, named by
// prefix, by IRI or by EPCIS 1.x namespace, on captured and native events,
// before and after a rebuild.
func testFieldQueries(t *testing.T, open Opener) {
	w := &epcisWorld{world: newWorld(t, open), ids: map[string]string{}}
	event := func(name, action, fields string) string {
		w.ids[name] = "urn:uuid:00000000-0000-4000-8000-0000000002" + string(rune('a'+len(w.ids)))
		return `{"type":"ObjectEvent","eventID":"` + w.ids[name] + `","eventTime":"2026-03-09T10:00:00Z","eventTimeZoneOffset":"+00:00",
			"action":"` + action + `","epcList":["urn:epc:id:sgtin:0614141.107346.20` + string(rune('a'+len(w.ids))) + `"],` + fields + `}`
	}
	docs := []string{
		event("fish", "ADD", `"ilmd":{"cbvmda:itemExpirationDate":"2027-03-01","cbvmda:countryOfOrigin":"NO",
			"ex:catch":{"ex:area":"FAO27","ex:vessel":{"ex:flag":"NO"}}},"ex:temperature":2.5`),
		event("cheese", "ADD", `"ilmd":{"cbvmda:itemExpirationDate":"2026-12-15","ex:aged":true},
			"ex:temperature":6,"ex:inspectedAt":"2026-03-09T12:00:00+02:00"`),
		event("frozen", "OBSERVE", `"ex:temperature":-18,"ex:note":"frozen","ex:inspectedAt":"2026-03-09T09:00:00Z"`),
		event("byIRI", "OBSERVE", `"https://example.com/ns/note":"by iri"`),
		event("sensed", "OBSERVE", `"readPoint":{"id":"urn:epc:id:sgln:0614141.00777.0","ex:dock":"D4","ex:gate":{"ex:lane":7}},
			"bizLocation":{"id":"urn:epc:id:sgln:0614141.00777.1","ex:zone":"cold"},
			"sensorElementList":[{"sensorMetadata":{"time":"2026-03-09T10:00:00Z","ex:calibrated":"2026-01-15"},
				"sensorReport":[{"type":"Temperature","value":4.5,"uom":"CEL","ex:probe":"P1"},
					{"type":"Temperature","value":5,"uom":"CEL","ex:probe":"P2","ex:trace":{"ex:id":"T9"}}],
				"ex:logger":{"ex:serial":"L-77"},"ex:battery":81}]`),
		event("declared", "OBSERVE", `"errorDeclaration":{"declarationTime":"2026-03-10T08:00:00Z","reason":"did_not_occur",
			"ex:ticket":"T-1","ex:detail":{"ex:by":"QA"}}`),
	}
	must(w.s.Capture(ctx, epcisDoc(t, docs...), store.CaptureOptions{KeepUnknown: true}))(t)
	// A later declaration of an event shows on it, and its fields are the
	// event's declaration fields.
	fish := strings.Replace(docs[0], `"action"`, `"errorDeclaration":{"declarationTime":"2026-03-11T08:00:00Z","reason":"incorrect_data","ex:ticket":"T-2"},"action"`, 1)
	must(w.s.Capture(ctx, epcisDoc(t, fish), store.CaptureOptions{KeepUnknown: true}))(t)
	// A native receipt: its EPCIS form has the lot number and expiry in its
	// ILMD (lotledger:kind, its own extension property, is not indexed).
	w.ids["receipt"] = w.receive("PEANUT", "P-1", "PLANT-RAW", "250", "2026-12-01").ID

	p := queryParams
	expiry := "EQ_ILMD_cbvmda:itemExpirationDate"
	cases := []queryCase{
		{"ILMDEqual", p(expiry, "2027-03-01"), []string{"fish"}},
		{"ILMDEqualNative", p(expiry, "2026-12-01"), []string{"receipt"}},
		{"ILMDEqualList", p(expiry, "2026-12-01", expiry, "2026-12-15"), []string{"cheese", "receipt"}},
		{"ILMDBefore", p("LT_ILMD_cbvmda:itemExpirationDate", "2027-01-01"), []string{"cheese", "receipt"}},
		{"ILMDFrom", p("GE_ILMD_cbvmda:itemExpirationDate", "2026-12-15"), []string{"fish", "cheese"}},
		{"ILMDNamespaceForm", p("EQ_ILMD_urn:epcglobal:cbv:mda#itemExpirationDate", "2027-03-01"), []string{"fish"}},
		{"ILMDLotNumber", p("EQ_ILMD_cbvmda:lotNumber", "P-1"), []string{"receipt"}},
		{"ILMDBoolean", p("EQ_ILMD_ex:aged", "true"), []string{"cheese"}},
		{"ILMDExists", p("EXISTS_ILMD_ex:catch", ""), []string{"fish"}},
		{"ILMDNestedIsNotTopLevel", p("EQ_ILMD_ex:area", "FAO27"), []string{}},
		{"InnerILMD", p("EQ_INNER_ILMD_ex:area", "FAO27"), []string{"fish"}},
		{"InnerILMDDeeper", p("EQ_INNER_ILMD_ex:flag", "NO"), []string{"fish"}},
		{"InnerILMDExists", p("EXISTS_INNER_ILMD_ex:vessel", ""), []string{"fish"}},
		{"ExtensionAbove", p("GT_ex:temperature", "0"), []string{"fish", "cheese"}},
		{"ExtensionAtMost", p("LE_ex:temperature", "2.5"), []string{"fish", "frozen"}},
		{"ExtensionEqualNumber", p("EQ_ex:temperature", "6.0"), []string{"cheese"}},
		{"ExtensionExists", p("EXISTS_ex:temperature", ""), []string{"fish", "cheese", "frozen"}},
		{"ExtensionText", p("EQ_ex:note", "frozen"), []string{"frozen"}},
		{"ExtensionByIRI", p("EQ_https://example.com/ns/note", "frozen", "EQ_https://example.com/ns/note", "by iri"), []string{"frozen", "byIRI"}},
		{"ExtensionTimeAfter", p("GT_ex:inspectedAt", "2026-03-09T09:59:59Z"), []string{"cheese"}},
		{"ExtensionTimeBefore", p("LT_ex:inspectedAt", "2026-03-09T10:00:00Z"), []string{"frozen"}},
		{"ExtensionTimeEqual", p("EQ_ex:inspectedAt", "2026-03-09T11:00:00+01:00"), []string{"cheese"}},
		{"OwnExtensionsNotIndexed", p("EXISTS_lotledger:kind", ""), []string{}},
		{"EachItsOwnCondition", p("GT_ex:temperature", "0", "EXISTS_ILMD_ex:aged", ""), []string{"cheese"}},
		{"WithOtherParameters", p(expiry, "2026-12-01", "EQ_bizStep", "receiving"), []string{"receipt"}},
		{"UnknownField", p("EXISTS_ex:nothing", ""), []string{}},
		{"SensorElementNumber", p("EQ_SENSORELEMENT_ex:battery", "81"), []string{"sensed"}},
		{"SensorElementAbove", p("GT_SENSORELEMENT_ex:battery", "80"), []string{"sensed"}},
		{"InnerSensorElement", p("EQ_INNER_SENSORELEMENT_ex:serial", "L-77"), []string{"sensed"}},
		{"SensorMetadataDate", p("LT_SENSORMETADATA_ex:calibrated", "2026-02-01"), []string{"sensed"}},
		{"SensorReportAnyReport", p("EQ_SENSORREPORT_ex:probe", "P2"), []string{"sensed"}},
		{"SensorReportExists", p("EXISTS_SENSORREPORT_ex:probe", ""), []string{"sensed"}},
		{"InnerSensorReport", p("EQ_INNER_SENSORREPORT_ex:id", "T9"), []string{"sensed"}},
		{"SensorFieldsAreNotEventFields", p("EXISTS_ex:probe", ""), []string{}},
		{"SensorReportIsNotMetadata", p("EXISTS_SENSORMETADATA_ex:probe", ""), []string{}},
		{"ReadPointField", p("EQ_readPoint_ex:dock", "D4"), []string{"sensed"}},
		{"InnerReadPointField", p("EQ_INNER_readPoint_ex:lane", "7"), []string{"sensed"}},
		{"BizLocationField", p("EQ_bizLocation_ex:zone", "cold"), []string{"sensed"}},
		{"BizLocationFieldIsNotReadPoint", p("EQ_readPoint_ex:zone", "cold"), []string{}},
		{"OwnDeclaration", p("EQ_ERROR_DECLARATION_ex:ticket", "T-1"), []string{"declared"}},
		{"LaterDeclaration", p("EQ_ERROR_DECLARATION_ex:ticket", "T-2"), []string{"fish"}},
		{"DeclarationExists", p("EXISTS_ERROR_DECLARATION_ex:ticket", ""), []string{"fish", "declared"}},
		{"InnerDeclaration", p("EQ_INNER_ERROR_DECLARATION_ex:by", "QA"), []string{"declared"}},
		{"OwnDeclarationReason", p("EQ_errorReason", "did_not_occur"), []string{"declared"}},
		{"DeclarationReasonAndField", p("EQ_errorReason", "incorrect_data", "EQ_ERROR_DECLARATION_ex:ticket", "T-1"), []string{}},
		{"DeclarationAndEventField", p("EXISTS_ERROR_DECLARATION_ex:ticket", "", "EXISTS_ILMD_ex:catch", ""), []string{"fish"}},
	}
	// orderBy an extension field: by its numbers, its times; the events
	// without it last (first, descending), in ledger order among them.
	without := []string{"byIRI", "sensed", "declared", "receipt"}
	withoutDesc := slices.Clone(without)
	slices.Reverse(withoutDesc)
	orders := []queryCase{
		{"OrderByNumber", p("orderBy", "ex:temperature", "orderDirection", "ASC"), append([]string{"frozen", "fish", "cheese"}, without...)},
		{"OrderByNumberDescending", p("orderBy", "ex:temperature"), append(withoutDesc, "cheese", "fish", "frozen")},
		{"OrderByTime", p("orderBy", "ex:inspectedAt", "orderDirection", "ASC", "EXISTS_ex:temperature", ""), []string{"frozen", "cheese", "fish"}},
		{"OrderByIRI", p("orderBy", "https://example.com/ns/note", "orderDirection", "ASC", "EQ_action", "OBSERVE"), []string{"byIRI", "frozen", "sensed", "declared"}},
		{"OrderByFieldFirstTwo", p("orderBy", "ex:temperature", "orderDirection", "ASC", "eventCountLimit", "2"), []string{"frozen", "fish"}},
	}
	check := func(t *testing.T) {
		w.checkQueries(t, cases)
		for _, c := range orders {
			t.Run(c.name, func(t *testing.T) {
				for _, per := range []int{1, 2, 1000} {
					if got := w.allPages(c.params, per); !slices.Equal(got, c.want) {
						t.Errorf("%v, perPage %d: %v, want %v", c.params, per, got, c.want)
					}
				}
			})
		}
	}
	check(t)
	for _, bad := range []struct{ name, value string }{
		{"GT_ex:temperature", "warm"},
		{"LT_ILMD_cbvmda:itemExpirationDate", "2027-13-01"},
		{"GT_SENSORREPORT_ex:probe", "warm"},
		{"GE_ERROR_DECLARATION_ex:ticket", "soon"},
		{`EQ_ex:a"b`, "1"},
	} {
		_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: p(bad.name, bad.value)})
		wantError(t, err, lotledger.EINVALID, bad.name)
	}
	_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: map[string][]string{"GT_ex:temperature": {"1", "2"}}})
	wantError(t, err, lotledger.EINVALID, "GT_ex:temperature")
	_, err = w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: p("orderBy", `ex:a"b`)})
	wantError(t, err, lotledger.EINVALID, "orderBy")
	// A token continues only the order it was issued for.
	_, res := w.query(lotledger.EPCISQuery{Params: p("orderBy", "ex:temperature"), PerPage: 1})
	_, err = w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: p("orderBy", "ex:note"), NextPageToken: res.NextPageToken})
	wantError(t, err, lotledger.EINVALID, "nextPageToken")
	// Rebuild recomputes the fields with the rest of the EPCIS index.
	if err := w.s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("AfterRebuild", check)
}
