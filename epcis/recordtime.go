package epcis

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"
)

// WithRecordTime returns ev, one event as a JSON object, with its
// recordTime set to t, the time the repository recorded it. EPCIS 2.0 says
// that a capture's recordTime is ignored and that a query's answer carries
// the repository's: a recordTime ev already has (a capturer's) gets t's
// value in its place, and an event without one gets the member added after
// its last. ev itself is not changed. An ev that is not a JSON object is
// returned as it is.
func WithRecordTime(ev []byte, t time.Time) []byte {
	value := appendLocalTime(nil, t, 0, "")
	var spans [][2]int // where ev's recordTime values are
	p := anyParser{b: ev}
	p.space()
	ok := p.container('{', 1, true, func(name string) bool {
		p.space()
		start := p.i
		if !p.skip(1) {
			return false
		}
		if name == "recordTime" {
			spans = append(spans, [2]int{start, p.i})
		}
		return true
	})
	p.space()
	if !ok || p.i != len(ev) {
		return withRecordTimeSlow(ev, value)
	}
	if len(spans) == 0 {
		end := len(ev) - 1
		for ev[end] != '}' {
			end--
		}
		out := make([]byte, 0, len(ev)+len(value)+16)
		out = append(out, ev[:end]...)
		if hasMembers(ev[:end]) {
			out = append(out, ',')
		}
		out = append(out, `"recordTime":`...)
		out = append(out, value...)
		return append(out, ev[end:]...)
	}
	out := make([]byte, 0, len(ev)+len(spans)*len(value))
	from := 0
	for _, sp := range spans {
		out = append(out, ev[from:sp[0]]...)
		out = append(out, value...)
		from = sp[1]
	}
	return append(out, ev[from:]...)
}

// hasMembers reports whether the object opened in b (up to, not including,
// its closing brace) has a member: anything but space after the brace.
func hasMembers(b []byte) bool {
	i := slices.Index(b, '{')
	for _, c := range b[i+1:] {
		switch c {
		case ' ', '\t', '\n', '\r':
		default:
			return true
		}
	}
	return false
}

// withRecordTimeSlow is WithRecordTime through encoding/json, for what the
// one-pass parser leaves to it (nesting deeper than it reads, say). The
// members come out in name order.
func withRecordTimeSlow(ev, value []byte) []byte {
	var m map[string]json.RawMessage
	if json.Unmarshal(ev, &m) != nil || m == nil {
		return ev
	}
	m["recordTime"] = value
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false) // an identifier's & stays as it was
	if enc.Encode(m) != nil {
		return ev
	}
	return bytes.TrimSpace(out.Bytes())
}
