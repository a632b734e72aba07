package storetest

import (
	"fmt"
	"strings"
	"testing"

	"lotledger"
	"lotledger/epcis"
	"lotledger/store"
)

// epcisDoc wraps events in an EPCIS 2.0 document and decodes it.
func epcisDoc(t *testing.T, events ...string) *epcis.DecodedDocument {
	t.Helper()
	return epcisDocWithHeader(t, "", events...)
}

// epcisDocWithHeader is epcisDoc with an epcisHeader (JSON), if not "".
func epcisDocWithHeader(t *testing.T, header string, events ...string) *epcis.DecodedDocument {
	t.Helper()
	if header != "" {
		header = `"epcisHeader":` + header + `,`
	}
	body := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",{"ex":"https://example.com/ns/"}],
		"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"2026-03-10T08:00:00Z",` + header + `"epcisBody":{"eventList":[` + strings.Join(events, ",") + `]}}`
	if err := epcis.Validate([]byte(body)); err != nil {
		t.Fatalf("test document is not valid EPCIS: %v", err)
	}
	doc, err := epcis.DecodeDocument([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

const pbClass = "https://id.gs1.org/01/00614141000036/10/"
const dc1 = "urn:epc:id:sgln:0614141.00001.0" // GLN 0614141000012, the world's DC1

func receivingEvent(id, lot, qty string) string {
	idField := ""
	if id != "" {
		idField = fmt.Sprintf(`"eventID":%q,`, id)
	}
	return `{"type":"ObjectEvent",` + idField + `"eventTime":"2026-03-09T10:00:00.000+01:00","eventTimeZoneOffset":"+01:00","action":"ADD",
		"bizStep":"receiving","disposition":"in_progress","bizLocation":{"id":"` + dc1 + `"},
		"quantityList":[{"epcClass":"` + pbClass + lot + `","quantity":` + qty + `}],
		"ilmd":{"cbvmda:itemExpirationDate":"2027-01-31"},"ex:note":"first"}`
}

func testCapture(t *testing.T, open Opener) {
	w := newWorld(t, open)
	opt := store.CaptureOptions{CreateLots: true}
	t.Run("ReceivingCreatesLotAndStock", func(t *testing.T) {
		job := must(w.s.Capture(ctx, epcisDoc(t, receivingEvent("urn:uuid:11111111-1111-4111-8111-111111111111", "C1", "100")), opt))(t)
		if !job.Success || job.Applied != 1 || job.Stored != 1 {
			t.Fatalf("job %+v", job)
		}
		d := must(w.s.Lot(ctx, "PB16", "C1"))(t)
		if d.OnHand != lotledger.Units(100) || d.Expires != "2027-01-31" {
			t.Fatalf("lot %+v", d.Lot)
		}
	})
	t.Run("SameEventIDNotAppliedTwice", func(t *testing.T) {
		job := must(w.s.Capture(ctx, epcisDoc(t, receivingEvent("urn:uuid:11111111-1111-4111-8111-111111111111", "C1", "100")), opt))(t)
		if job.Duplicates != 1 || job.Stored != 0 || w.onHand("PB16", "C1", "") != lotledger.Units(100) {
			t.Fatalf("job %+v, on hand %s", job, w.onHand("PB16", "C1", ""))
		}
	})
	t.Run("EventWithoutIDIsNamedByItsHash", func(t *testing.T) {
		ev := receivingEvent("", "C2", "10")
		must(w.s.Capture(ctx, epcisDoc(t, ev), opt))(t)
		job := must(w.s.Capture(ctx, epcisDoc(t, ev), opt))(t)
		if job.Duplicates != 1 || w.onHand("PB16", "C2", "") != lotledger.Units(10) {
			t.Fatalf("resent event applied twice: %+v", job)
		}
		p := must(w.s.Events(ctx, lotledger.EventFilter{Lot: "C2"}))(t)
		if len(p.Items) != 1 || !strings.HasPrefix(p.Items[0].ID, "ni:///sha-256;") {
			t.Fatalf("events %+v", p.Items)
		}
	})
	t.Run("ShippingTakesStockAndRefusesOverselling", func(t *testing.T) {
		ship := func(qty string) string {
			return `{"type":"ObjectEvent","eventTime":"2026-03-09T12:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE",
				"bizStep":"shipping","disposition":"in_transit","readPoint":{"id":"` + dc1 + `"},
				"quantityList":[{"epcClass":"` + pbClass + `C1","quantity":` + qty + `}]}`
		}
		must(w.s.Capture(ctx, epcisDoc(t, ship("30")), opt))(t)
		before := Snapshot(t, w.s.DB())
		job, err := w.s.Capture(ctx, epcisDoc(t, receivingEvent("", "C3", "5"), ship("71")), opt)
		wantError(t, err, lotledger.EINSUFFICIENT, "/epcisBody/eventList/1/quantityList/0/quantity")
		if job == nil || job.Success || len(job.Errors) != 1 {
			t.Fatalf("failed job %+v", job)
		}
		if Snapshot(t, w.s.DB()) != before {
			t.Fatal("a refused document changed the ledger")
		}
		if got := must(w.s.CaptureJob(ctx, job.CaptureID))(t); got.Success || got.Errors[0].Code != lotledger.EINSUFFICIENT {
			t.Fatalf("stored job %+v", got)
		}
	})
	t.Run("TransformationIsProduction", func(t *testing.T) {
		w.receive("PEANUT", "P1", "DC1", "500", "2026-12-01")
		job := must(w.s.Capture(ctx, epcisDoc(t, `{"type":"TransformationEvent","eventTime":"2026-03-09T14:00:00Z","eventTimeZoneOffset":"+00:00",
			"inputQuantityList":[{"epcClass":"urn:lotledger:class:PEANUT:P1","quantity":200,"uom":"KGM"}],
			"outputQuantityList":[{"epcClass":"`+pbClass+`PB-T1","quantity":400}],
			"bizStep":"commissioning","bizLocation":{"id":"urn:lotledger:location:DC1"}}`), opt))(t)
		d := must(w.s.Lot(ctx, "PB16", "PB-T1"))(t)
		if job.Applied != 1 || len(d.Inputs) != 1 || d.Inputs[0].Lot != "P1" || d.OnHand != lotledger.Units(400) || d.Expires != "2026-12-01" {
			t.Fatalf("job %+v lot %+v", job, d)
		}
	})
	t.Run("RecalledDispositionSetsStatus", func(t *testing.T) {
		must(w.s.Capture(ctx, epcisDoc(t, `{"type":"ObjectEvent","eventTime":"2026-03-09T15:00:00Z","eventTimeZoneOffset":"+00:00","action":"OBSERVE",
			"bizStep":"holding","disposition":"recalled","quantityList":[{"epcClass":"`+pbClass+`C2"}]}`), opt))(t)
		if d := must(w.s.Lot(ctx, "PB16", "C2"))(t); d.Status != lotledger.StatusRecalled {
			t.Fatalf("status %s", d.Status)
		}
	})
	t.Run("UnknownLotRefusedUnlessAllowed", func(t *testing.T) {
		_, err := w.s.Capture(ctx, epcisDoc(t, receivingEvent("", "NEW9", "1")), store.CaptureOptions{})
		wantError(t, err, lotledger.EUNKNOWN, "/epcisBody/eventList/0/quantityList/0/epcClass")
		_, err = w.s.Capture(ctx, epcisDoc(t, strings.Replace(receivingEvent("", "X", "1"), "00614141000036", "09506000134352", 1)), opt)
		wantError(t, err, lotledger.EUNKNOWN, "/epcisBody/eventList/0/quantityList/0/epcClass")
		job := must(w.s.Capture(ctx, epcisDoc(t, receivingEvent("", "NEW9", "1")), store.CaptureOptions{KeepUnknown: true}))(t)
		if job.Stored != 1 || job.Applied != 0 {
			t.Fatalf("kept-unknown job %+v", job)
		}
	})
	t.Run("EventsThatMoveNothingAreKept", func(t *testing.T) {
		job := must(w.s.Capture(ctx, epcisDoc(t, `{"type":"AggregationEvent","eventTime":"2026-03-09T16:00:00Z","eventTimeZoneOffset":"+00:00",
			"action":"ADD","bizStep":"packing","parentID":"urn:epc:id:sscc:0614141.1234567890","childQuantityList":[{"epcClass":"`+pbClass+`C1","quantity":10}]}`), opt))(t)
		if job.Stored != 1 || job.Applied != 0 {
			t.Fatalf("job %+v", job)
		}
	})
	t.Run("ErrorDeclarationIsRecorded", func(t *testing.T) {
		ev := receivingEvent("urn:uuid:11111111-1111-4111-8111-111111111111", "C1", "100")
		ev = strings.TrimSuffix(strings.TrimSpace(ev), "}") + `,"errorDeclaration":{"declarationTime":"2026-03-10T09:00:00Z","reason":"incorrect_data","correctiveEventIDs":["urn:uuid:33333333-3333-4333-8333-333333333333"]}}`
		job := must(w.s.Capture(ctx, epcisDoc(t, ev), opt))(t)
		if job.Stored != 1 || w.onHand("PB16", "C1", "") != lotledger.Units(70) {
			t.Fatalf("job %+v", job)
		}
		var n int
		w.s.DB().QueryRow(`SELECT COUNT(*) FROM error_declarations WHERE event_id = 'urn:uuid:11111111-1111-4111-8111-111111111111'`).Scan(&n)
		if n != 1 {
			t.Fatalf("%d declarations", n)
		}
		doc := must(w.s.EPCISEvent(ctx, "urn:uuid:11111111-1111-4111-8111-111111111111"))(t)
		if !strings.Contains(string(doc), `"errorDeclaration"`) || !strings.Contains(string(doc), "incorrect_data") {
			t.Fatalf("the original event does not show its declaration: %s", doc)
		}
		// Asked for by its CBV 2.0 hash, the event shows its declaration too.
		orig := epcisDoc(t, receivingEvent("urn:uuid:11111111-1111-4111-8111-111111111111", "C1", "100"))
		hash := must(epcis.EventHash(orig.Events[0].Raw, orig.Context))(t)
		doc = must(w.s.EPCISEvent(ctx, hash))(t)
		if !strings.Contains(string(doc), "11111111-1111-4111-8111-111111111111") || !strings.Contains(string(doc), "incorrect_data") {
			t.Fatalf("by its hash %s, the original event does not show its declaration: %s", hash, doc)
		}
		res := must(w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: map[string][]string{"EXISTS_errorDeclaration": {""}}}))(t)
		if len(res.Events) != 1 || !strings.Contains(string(res.Events[0]), "11111111-1111-4111-8111-111111111111") {
			t.Fatalf("EXISTS_errorDeclaration found %d events", len(res.Events))
		}
		// The declaration's reason, time and corrective events select the
		// event it declares.
		for _, c := range []struct {
			params map[string][]string
			want   int
		}{
			{map[string][]string{"EQ_errorReason": {"incorrect_data"}}, 1},
			{map[string][]string{"EQ_errorReason": {"https://ref.gs1.org/cbv/ER-incorrect_data"}}, 1},
			{map[string][]string{"EQ_errorReason": {"did_not_occur"}}, 0},
			{map[string][]string{"GE_errorDeclarationTime": {"2026-03-10T09:00:00Z"}}, 1},
			{map[string][]string{"LT_errorDeclarationTime": {"2026-03-10T09:00:00Z"}}, 0},
			{map[string][]string{"LT_errorDeclarationTime": {"2026-03-10T10:00:00+01:00"}}, 0},
			{map[string][]string{"LT_errorDeclarationTime": {"2026-03-10T10:00:01+01:00"}}, 1},
			{map[string][]string{"EQ_correctiveEventID": {"urn:uuid:33333333-3333-4333-8333-333333333333"}}, 1},
			{map[string][]string{"EQ_correctiveEventID": {"urn:uuid:44444444-4444-4444-8444-444444444444"}}, 0},
			{map[string][]string{"EQ_errorReason": {"incorrect_data"}, "GE_errorDeclarationTime": {"2026-03-11T00:00:00Z"}}, 0},
			{map[string][]string{"EQ_errorReason": {"incorrect_data"}, "EQ_bizStep": {"receiving"}}, 1},
		} {
			res := must(w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: c.params}))(t)
			if len(res.Events) != c.want || c.want == 1 && !strings.Contains(string(res.Events[0]), "11111111-1111-4111-8111-111111111111") {
				t.Errorf("%v found %d events; want %d", c.params, len(res.Events), c.want)
			}
		}
		_, err := w.s.QueryEPCIS(ctx, lotledger.EPCISQuery{Params: map[string][]string{"GE_errorDeclarationTime": {"soon"}}})
		wantError(t, err, lotledger.EINVALID, "GE_errorDeclarationTime")
	})
	t.Run("LedgerStaysConsistent", func(t *testing.T) {
		if rep := must(w.s.Verify(ctx))(t); !rep.OK {
			t.Fatalf("verify: %+v", rep)
		}
		live := Snapshot(t, w.s.DB())
		if err := w.s.Rebuild(ctx); err != nil {
			t.Fatal(err)
		}
		if Snapshot(t, w.s.DB()) != live {
			t.Fatal("rebuild differs after captures")
		}
	})
}
