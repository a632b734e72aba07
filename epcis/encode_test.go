package epcis

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"lotledger"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The golden files hold each fixture's output, indented for review;
// json.Indent changes only whitespace, so they pin the exact bytes.
func TestEncodeEvent_MatchesGoldenFiles(t *testing.T) {
	for name, ev := range fixtures() {
		t.Run(name, func(t *testing.T) {
			var got bytes.Buffer
			if err := json.Indent(&got, mustEncode(t, ev), "", "  "); err != nil {
				t.Fatal(err)
			}
			got.WriteByte('\n')
			path := filepath.Join("testdata", name+".json")
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from the golden file (go test -update to accept):\ngot:\n%s", path, got.Bytes())
			}
		})
	}
}

func TestEncodeEvent_IsDeterministic(t *testing.T) {
	for name, ev := range fixtures() {
		first := mustEncode(t, ev)
		for range 20 {
			again := mustEncode(t, fixtures()[name])
			if !bytes.Equal(first, again) {
				t.Fatalf("%s: two encodings differ:\n%s\n%s", name, first, again)
			}
		}
	}
}

func TestEncodeEvent_ProductionIsTransformationEvent(t *testing.T) {
	got := decoded(t, mustEncode(t, fixtures()["produce"]))
	if got["type"] != "TransformationEvent" || got["action"] != nil {
		t.Fatalf("type %v, action %v; want TransformationEvent without action", got["type"], got["action"])
	}
	in := classes(t, got["inputQuantityList"])
	out := classes(t, got["outputQuantityList"])
	wantIn := []string{"urn:lotledger:class:PEANUT-RAW:L1", "urn:lotledger:class:PEANUT-RAW:NC%2024%2F07%25"}
	wantOut := []string{"https://id.gs1.org/01/04012345123456/10/250314-0001"}
	if strings.Join(in, " ") != strings.Join(wantIn, " ") || strings.Join(out, " ") != strings.Join(wantOut, " ") {
		t.Errorf("inputs %v outputs %v; want %v and %v", in, out, wantIn, wantOut)
	}
	if got["bizStep"] != "commissioning" || got["disposition"] != "active" {
		t.Errorf("bizStep %v disposition %v", got["bizStep"], got["disposition"])
	}
	ilmd, _ := got["ilmd"].(map[string]any)
	if ilmd["cbvmda:lotNumber"] != "250314-0001" || ilmd["cbvmda:itemExpirationDate"] != "2026-09-14" {
		t.Errorf("ilmd = %v", ilmd)
	}
	if bt := got["bizTransactionList"].([]any)[0].(map[string]any); bt["type"] != "prodorder" {
		t.Errorf("bizTransaction = %v", bt)
	}
}

func TestEncodeEvent_ProductionWithoutInputsNamesTheTransformation(t *testing.T) {
	ev := *fixtures()["produce"]
	ev.Moves = ev.Moves[2:] // the output only
	got := decoded(t, mustEncode(t, &ev))
	if got["transformationID"] != ev.ID || got["inputQuantityList"] != nil {
		t.Errorf("transformationID %v, inputs %v; want the event id and no inputs", got["transformationID"], got["inputQuantityList"])
	}
}

func TestEncodeEvent_ReceiptThatCreatesLotsIsADDWithILMD(t *testing.T) {
	got := decoded(t, mustEncode(t, fixtures()["receive_new_lot"]))
	if got["action"] != "ADD" {
		t.Errorf("action = %v, want ADD", got["action"])
	}
	ilmd := got["ilmd"].(map[string]any)
	want := map[string]string{
		"cbvmda:lotNumber": "NC 24/07%", "cbvmda:itemExpirationDate": "2026-03-01",
		"lotledger:productionDate": "2025-03-01", "lotledger:supplierLot": "S-998877",
	}
	for k, v := range want {
		if ilmd[k] != v {
			t.Errorf("ilmd[%s] = %v, want %q", k, ilmd[k], v)
		}
	}
	existing := decoded(t, mustEncode(t, fixtures()["receive_existing_lot"]))
	if existing["action"] != "OBSERVE" || existing["ilmd"] != nil {
		t.Errorf("receipt of an existing lot: action %v ilmd %v; want OBSERVE, no ilmd", existing["action"], existing["ilmd"])
	}
}

func TestEncodeEvent_SeveralNewLotsListTheirMasterDataPerClass(t *testing.T) {
	got := decoded(t, mustEncode(t, fixtures()["receive_several_lots"]))
	ilmd := got["ilmd"].(map[string]any)
	if _, flat := ilmd["cbvmda:lotNumber"]; flat {
		t.Fatal("flat lot number would apply to every lot of the event")
	}
	lots := ilmd["lotledger:lots"].([]any)
	if len(lots) != 2 {
		t.Fatalf("%d lots, want 2", len(lots))
	}
	second := lots[1].(map[string]any)
	if second["lotledger:epcClass"] != "https://id.gs1.org/01/04012345123456/10/J1" || second["cbvmda:lotNumber"] != "J1" {
		t.Errorf("second lot = %v", second)
	}
}

func TestEncodeEvent_LotCodesEncodeToValidURIs(t *testing.T) {
	for _, lot := range []string{"A/B", "NC 24/07%", "100%", "a b", "x?y#z", "é-lot", "L:1&2=3+4"} {
		t.Run(lot, func(t *testing.T) {
			for _, gtin := range []string{jarGTIN, ""} {
				ev := base(lotledger.KindReceive, "0a1b2c3d-0000-4000-8000-0000000000ff")
				ev.Location = "WH1"
				ev.Moves = []lotledger.Move{{SKU: "SKU 1/2", Lot: lot, GTIN: gtin, UOM: "EA", Location: "WH1", Quantity: lotledger.Units(1)}}
				class := classes(t, decoded(t, mustEncode(t, &ev))["quantityList"])[0]
				checkURI(t, class)
				last := class[strings.LastIndexAny(class, "/:")+1:]
				if dec, err := url.PathUnescape(last); err != nil || dec != lot {
					t.Errorf("%s: lot part decodes to %q (%v), want %q", class, dec, err, lot)
				}
			}
		})
	}
}

// checkURI fails unless s is an absolute URI whose only non-unreserved
// characters are its delimiters and %XX escapes.
func checkURI(t *testing.T, s string) {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil || !u.IsAbs() {
		t.Fatalf("%q is not an absolute URI: %v", s, err)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !unreserved(c) && !strings.ContainsRune(":/%", rune(c)) {
			t.Fatalf("%q contains %q unescaped", s, c)
		}
	}
}

func TestEncodeEvent_QuantitiesAreExactDecimals(t *testing.T) {
	ev := base(lotledger.KindAdjust, "0a1b2c3d-0000-4000-8000-0000000000fe")
	ev.Location = "WH1"
	amounts := []string{"0.125", "12", "-0.000001", "1234567890123.5", "-7.1"}
	for _, a := range amounts {
		ev.Moves = append(ev.Moves, nuts("L1", "WH1", a))
	}
	b := mustEncode(t, &ev)
	got := decoded(t, b)
	list := got["quantityList"].([]any)
	deltas := got["lotledger:deltas"].([]any)
	for i, a := range amounts {
		q := list[i].(map[string]any)["quantity"].(json.Number)
		if want := strings.TrimPrefix(a, "-"); string(q) != want {
			t.Errorf("quantity %d = %s, want %s", i, q, want)
		}
		if d := deltas[i].(map[string]any)["lotledger:quantity"].(json.Number); string(d) != a {
			t.Errorf("delta %d = %s, want %s", i, d, a)
		}
	}
}

func TestAppendAbsQuantity_WritesWhatQuantityStringWrites(t *testing.T) {
	qs := []lotledger.Quantity{0, 1, -1, 10, 999_999, 1_000_000, 1_000_001, -12_500_000, 125_000,
		lotledger.MustQuantity("0.125"), lotledger.MustQuantity("12"), 1<<62 + 7, -(1<<62 + 7)}
	for _, q := range qs {
		abs := q
		if abs < 0 {
			abs = -abs
		}
		if got, want := string(appendAbsQuantity(nil, q)), abs.String(); got != want {
			t.Errorf("appendAbsQuantity(%d) = %s, want %s", q, got, want)
		}
		if got, want := string(appendSignedQuantity(nil, q)), q.String(); got != want {
			t.Errorf("appendSignedQuantity(%d) = %s, want %s", q, got, want)
		}
	}
}

func TestEncodeEvent_CountingUnitsHaveNoUOM(t *testing.T) {
	for unit, want := range map[string]string{
		"EA": "", "H87": "", "C62": "", "PCE": "", "jar": "", "bottle": "",
		"KGM": "KGM", "kg": "KGM", "L": "LTR", "LBR": "LBR", "MTR": "MTR",
	} {
		ev := base(lotledger.KindReceive, "0a1b2c3d-0000-4000-8000-0000000000fd")
		ev.Location = "WH1"
		ev.Moves = []lotledger.Move{{SKU: "S", Lot: "L", UOM: unit, Location: "WH1", Quantity: lotledger.Units(2)}}
		q := decoded(t, mustEncode(t, &ev))["quantityList"].([]any)[0].(map[string]any)
		if got, _ := q["uom"].(string); got != want {
			t.Errorf("unit %q: uom %q, want %q", unit, got, want)
		}
	}
}

func TestEncodeEvent_EventTimeIsInTheEventsZone(t *testing.T) {
	tests := []struct{ zone, wantTime, wantOffset string }{
		{"+02:00", "2025-03-14T11:26:53.589+02:00", "+02:00"},
		{"-05:30", "2025-03-14T03:56:53.589-05:30", "-05:30"},
		{"+0545", "2025-03-14T15:11:53.589+05:45", "+05:45"},
		{"Z", "2025-03-14T09:26:53.589Z", "+00:00"},
		{"", "2025-03-14T09:26:53.589Z", "+00:00"},
	}
	for _, tt := range tests {
		ev := *fixtures()["ship"]
		ev.TimeZone = tt.zone
		ev.RecordedAt = recorded.In(time.FixedZone("x", 3600))
		got := decoded(t, mustEncode(t, &ev))
		if got["eventTime"] != tt.wantTime || got["eventTimeZoneOffset"] != tt.wantOffset {
			t.Errorf("zone %q: eventTime %v offset %v; want %s %s", tt.zone, got["eventTime"], got["eventTimeZoneOffset"], tt.wantTime, tt.wantOffset)
		}
		if got["recordTime"] != "2025-03-14T09:26:54.001Z" {
			t.Errorf("recordTime = %v, want UTC", got["recordTime"])
		}
	}
}

func TestEncodeEvent_TransferIntoTransitIsShipping(t *testing.T) {
	between := decoded(t, mustEncode(t, fixtures()["transfer_between_sites"]))
	if between["bizStep"] != "shipping" || between["disposition"] != "in_transit" ||
		id(between["bizLocation"]) != "urn:lotledger:location:TRANSIT-WH1-DC2" {
		t.Errorf("between sites: %v %v %v", between["bizStep"], between["disposition"], between["bizLocation"])
	}
	within := decoded(t, mustEncode(t, fixtures()["transfer_within_site"]))
	if within["bizStep"] != "storing" || id(within["bizLocation"]) != "urn:lotledger:location:WH1-B-07" {
		t.Errorf("within a site: %v %v", within["bizStep"], within["bizLocation"])
	}
	if q := within["quantityList"].([]any); len(q) != 1 {
		t.Errorf("transfer lists %d quantities, want the 1 positive move", len(q))
	}
}

func TestEncodeEvent_StatusChangeSetsDisposition(t *testing.T) {
	want := map[string][2]string{
		"released": {"inspecting", "sellable_accessible"}, "quarantine": {"holding", "non_sellable_other"},
		"hold": {"holding", "non_sellable_other"}, "recalled": {"holding", "recalled"},
		"expired": {"holding", "expired"}, "destroyed": {"destroying", "destroyed"},
	}
	for status, w := range want {
		got := decoded(t, mustEncode(t, fixtures()["status_"+status]))
		if got["bizStep"] != w[0] || got["disposition"] != w[1] || got["lotledger:statusTo"] != status {
			t.Errorf("%s: bizStep %v disposition %v statusTo %v", status, got["bizStep"], got["disposition"], got["lotledger:statusTo"])
		}
		q := got["quantityList"].([]any)[0].(map[string]any)
		if _, has := q["quantity"]; has || q["epcClass"] != "https://id.gs1.org/01/04012345123456/10/J1" {
			t.Errorf("%s: quantityList entry %v; want the lot's class without quantity", status, q)
		}
	}
}

func TestEncodeEvent_UsesGLNDigitalLinksOrURNs(t *testing.T) {
	got := decoded(t, mustEncode(t, fixtures()["receive_new_lot"]))
	if id(got["readPoint"]) != "https://id.gs1.org/414/4012345000016" {
		t.Errorf("readPoint = %v", got["readPoint"])
	}
	src := got["sourceList"].([]any)[0].(map[string]any)
	if src["source"] != "https://id.gs1.org/417/4012345002256" {
		t.Errorf("source = %v", src)
	}
	noDir, err := EncodeEvent(fixtures()["receive_new_lot"], nil)
	if err != nil {
		t.Fatal(err)
	}
	plain := decoded(t, noDir)
	if id(plain["readPoint"]) != "urn:lotledger:location:WH1" ||
		plain["sourceList"].([]any)[0].(map[string]any)["source"] != "urn:lotledger:party:NUTCO" {
		t.Errorf("without a directory: readPoint %v source %v", plain["readPoint"], plain["sourceList"])
	}
}

func TestEncodeEvent_ExtensionsCarryWhoAndWhy(t *testing.T) {
	got := decoded(t, mustEncode(t, fixtures()["ship"]))
	if got["lotledger:kind"] != "ship" || got["lotledger:user"] != "ana@example.com" ||
		got["lotledger:overrideReason"] != "customer accepts short-dated stock" {
		t.Errorf("extensions: %v", got)
	}
	if o := got["lotledger:overridden"].([]any); len(o) != 1 || o[0] != "https://id.gs1.org/01/04012345123456/10/J0" {
		t.Errorf("overridden = %v", o)
	}
	if _, has := got["lotledger:reason"]; has {
		t.Error("empty reason was written")
	}
}

func TestEncodeEvent_EscapesTextLikeEncodingJSON(t *testing.T) {
	texts := []string{`say "hi"\now`, "tab\there\nnew\x00line\x1f\b\f", "<&>", "bad \xff utf8", "sep\u2028\u2029", "żółw 🐢"}
	for _, s := range texts {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := appendString(nil, s); string(got) != strings.TrimSuffix(want.String(), "\n") {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want.String())
		}
		ev := *fixtures()["adjust"]
		ev.Reason = s
		var back string
		_ = json.Unmarshal(want.Bytes(), &back)
		if got := decoded(t, mustEncode(t, &ev))["lotledger:reason"]; got != back {
			t.Errorf("reason %q came back as %q", s, got)
		}
	}
}

func TestEncodeEvent_RejectsWhatItCannotEncode(t *testing.T) {
	tests := map[string]func(*lotledger.Event){
		"unknown kind":         func(ev *lotledger.Event) { ev.Kind = "teleport" },
		"bad time zone":        func(ev *lotledger.Event) { ev.TimeZone = "Europe/Berlin" },
		"zone out of range":    func(ev *lotledger.Event) { ev.TimeZone = "+15:00" },
		"no stock moved":       func(ev *lotledger.Event) { ev.Moves = nil },
		"no event time":        func(ev *lotledger.Event) { ev.Time = time.Time{} },
		"year past 9998":       func(ev *lotledger.Event) { ev.Time = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) },
		"status without lot":   func(ev *lotledger.Event) { ev.Kind = lotledger.KindStatus },
		"unknown status value": func(ev *lotledger.Event) { ev.Kind, ev.Status = lotledger.KindStatus, &lotledger.StatusSet{To: "lost"} },
	}
	for name, mutate := range tests {
		t.Run(name, func(t *testing.T) {
			ev := *fixtures()["ship"]
			mutate(&ev)
			if b, err := EncodeEvent(&ev, testDir); err == nil {
				t.Errorf("no error; got %s", b)
			}
		})
	}
}

func TestDocument_WrapsEventsInEPCISDocument(t *testing.T) {
	a, b := mustEncode(t, fixtures()["ship"]), mustEncode(t, fixtures()["arrive"])
	doc, err := Document([]json.RawMessage{a, b}, time.Date(2025, 3, 14, 12, 0, 0, 0, time.FixedZone("", 7200)))
	if err != nil {
		t.Fatal(err)
	}
	got := decoded(t, doc)
	ctx := got["@context"].([]any)
	if got["type"] != "EPCISDocument" || got["schemaVersion"] != "2.0" || ctx[0] != ContextURL ||
		ctx[1].(map[string]any)["lotledger"] != Namespace || got["creationDate"] != "2025-03-14T10:00:00.000Z" {
		t.Errorf("envelope = %v", got)
	}
	events := got["epcisBody"].(map[string]any)["eventList"].([]any)
	if len(events) != 2 || events[1].(map[string]any)["lotledger:kind"] != "arrive" {
		t.Errorf("eventList = %v", events)
	}
	if !bytes.Contains(doc, a) || !bytes.Contains(doc, b) {
		t.Error("events were not copied byte for byte")
	}
	if _, err := Document([]json.RawMessage{[]byte(`[1]`)}, created); err == nil {
		t.Error("a non-object event was accepted")
	}
}

// TestDocumentWriter_Streams writes a document larger than the writer's
// buffer, one event at a time, and holds it to Document's bytes; a failing
// destination stops it with the destination's error.
func TestDocumentWriter_Streams(t *testing.T) {
	var events []json.RawMessage
	for name, ev := range fixtures() {
		if b, err := EncodeEvent(ev, testDir); err == nil {
			events = append(events, b)
		} else {
			t.Fatalf("%s: %v", name, err)
		}
	}
	for len(events) < 1000 {
		events = append(events, events...)
	}
	want, err := Document(events, created)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 3*documentFlush {
		t.Fatalf("a document of %d bytes does not cross the writer's buffer", len(want))
	}
	var out bytes.Buffer
	writes := &countWrites{w: &out}
	d := NewDocumentWriter(writes, created)
	for _, ev := range events {
		if err := d.Event(ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatal("the streamed document differs from Document's")
	}
	if writes.n < 3 {
		t.Errorf("%d writes: the document was not streamed", writes.n)
	}
	if got := decoded(t, out.Bytes()); len(got["epcisBody"].(map[string]any)["eventList"].([]any)) != len(events) {
		t.Error("the streamed document lost events")
	}

	full := errors.New("disk full")
	d = NewDocumentWriter(failWriter{full}, created)
	for _, ev := range events {
		if err = d.Event(ev); err != nil {
			break
		}
	}
	if err == nil {
		err = d.Close()
	}
	if !errors.Is(err, full) {
		t.Errorf("error %v; want the destination's", err)
	}
}

type countWrites struct {
	w io.Writer
	n int
}

func (c *countWrites) Write(p []byte) (int, error) { c.n++; return c.w.Write(p) }

type failWriter struct{ err error }

func (f failWriter) Write([]byte) (int, error) { return 0, f.err }

func classes(t *testing.T, list any) []string {
	t.Helper()
	items, ok := list.([]any)
	if !ok {
		t.Fatalf("not a list: %v", list)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.(map[string]any)["epcClass"].(string))
	}
	return out
}

func id(v any) string {
	m, _ := v.(map[string]any)
	s, _ := m["id"].(string)
	return s
}
