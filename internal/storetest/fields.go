package storetest

import (
	"testing"

	"lotledger"
	"lotledger/store"
)

// testFieldQueries: the query parameters on ILMD and extension fields, top
// level and nested, compared as text, numbers and times, named by prefix,
// by IRI or by EPCIS 1.x namespace, on captured and native events, before
// and after a rebuild.
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
		event("frozen", "OBSERVE", `"ex:temperature":-18,"ex:note":"frozen"`),
		event("byIRI", "OBSERVE", `"https://example.com/ns/note":"by iri"`),
	}
	must(w.s.Capture(ctx, epcisDoc(t, docs...), store.CaptureOptions{KeepUnknown: true}))(t)
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
		{"ExtensionTimeBefore", p("LT_ex:inspectedAt", "2026-03-09T10:00:00Z"), []string{}},
		{"ExtensionTimeEqual", p("EQ_ex:inspectedAt", "2026-03-09T11:00:00+01:00"), []string{"cheese"}},
		{"OwnExtensionsNotIndexed", p("EXISTS_lotledger:kind", ""), []string{}},
		{"EachItsOwnCondition", p("GT_ex:temperature", "0", "EXISTS_ILMD_ex:aged", ""), []string{"cheese"}},
		{"WithOtherParameters", p(expiry, "2026-12-01", "EQ_bizStep", "receiving"), []string{"receipt"}},
		{"UnknownField", p("EXISTS_ex:nothing", ""), []string{}},
	}
	check := func(t *testing.T) { w.checkQueries(t, cases) }
	check(t)
	for _, bad := range []struct{ name, value string }{
		{"GT_ex:temperature", "warm"},
		{"LT_ILMD_cbvmda:itemExpirationDate", "2027-13-01"},
		{"EQ_ERROR_DECLARATION_ex:reason", "x"},
		{"EQ_SENSORELEMENT_ex:x", "1"},
		{`EQ_ex:a"b`, "1"},
	} {
		_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: p(bad.name, bad.value)})
		wantError(t, err, lotledger.EINVALID, bad.name)
	}
	_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: map[string][]string{"GT_ex:temperature": {"1", "2"}}})
	wantError(t, err, lotledger.EINVALID, "GT_ex:temperature")
	// Rebuild recomputes the fields with the rest of the EPCIS index.
	if err := w.s.Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("AfterRebuild", check)
}
