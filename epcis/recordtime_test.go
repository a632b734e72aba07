package epcis

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestWithRecordTime(t *testing.T) {
	at := time.Date(2026, 11, 25, 3, 9, 19, 538_400_000, time.UTC)
	const want = `2026-11-25T03:09:19.538Z`
	for _, c := range []struct{ name, in, out string }{
		{"added", `{"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00Z"}`,
			`{"type":"ObjectEvent","eventTime":"2026-03-01T08:00:00Z","recordTime":"` + want + `"}`},
		{"added, with space", " {\n \"type\": \"ObjectEvent\"\n}\n", " {\n \"type\": \"ObjectEvent\"\n,\"recordTime\":\"" + want + "\"}\n"},
		{"added to an empty object", `{ }`, `{ "recordTime":"` + want + `"}`},
		{"a capturer's replaced", `{"type":"ObjectEvent","recordTime":"2005-04-03T20:33:31.116-06:00","action":"ADD"}`,
			`{"type":"ObjectEvent","recordTime":"` + want + `","action":"ADD"}`},
		{"each of two replaced", `{"recordTime":"x","a":{"recordTime":"nested"},"recordTime":"y"}`,
			`{"recordTime":"` + want + `","a":{"recordTime":"nested"},"recordTime":"` + want + `"}`},
		{"an escaped name", `{"record\u0054ime":"2005-04-03T20:33:31Z"}`, `{"record\u0054ime":"` + want + `"}`},
		{"not an object", `[1,2]`, `[1,2]`},
		{"not JSON", `{"a":`, `{"a":`},
	} {
		if got := string(WithRecordTime([]byte(c.in), at)); got != c.out {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.out)
		}
	}

	// Nesting deeper than the one-pass parser reads goes through
	// encoding/json, and keeps what it holds.
	deep := `{"type":"ObjectEvent","x":` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `,"u":"a&b<c>"}`
	got := WithRecordTime([]byte(deep), at)
	var m map[string]json.RawMessage
	if err := json.Unmarshal(got, &m); err != nil || string(m["recordTime"]) != `"`+want+`"` || string(m["u"]) != `"a&b<c>"` || len(m) != 4 {
		t.Errorf("deep: %v %.120s", err, got)
	}

	in := []byte(`{"type":"ObjectEvent"}`)
	WithRecordTime(in, at)
	if string(in) != `{"type":"ObjectEvent"}` {
		t.Error("the stored event was changed in place")
	}
}
