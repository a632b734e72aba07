package epcis

import (
	"errors"
	"strings"
	"testing"
)

// TestDecodeDocument_ParallelReportsFirstBadEvent breaks events of a
// document large enough to be decoded on several cores: the error names the
// first broken event, whichever chunk it was in, and nothing is returned.
func TestDecodeDocument_ParallelReportsFirstBadEvent(t *testing.T) {
	const n = 4 * parallelEvents
	good := string(benchDocument(n))
	// piece i of the split ends where event i's eventTime begins
	breakAt := func(idx ...int) []byte {
		doc := good
		for _, i := range idx {
			events := strings.SplitAfter(doc, `{"type":"ObjectEvent","eventTime":"`)
			events[i] += "not a time"
			doc = strings.Join(events, "")
		}
		return []byte(doc)
	}
	for _, c := range []struct {
		broken []int
		want   string
	}{
		{[]int{n - 1}, "/epcisBody/eventList/511/eventTime"},
		{[]int{n - 1, 3}, "/epcisBody/eventList/3/eventTime"},
		{[]int{300, 200}, "/epcisBody/eventList/200/eventTime"},
	} {
		doc, err := DecodeDocument(breakAt(c.broken...))
		var de *DecodeError
		if doc != nil || !errors.As(err, &de) || de.Pointer != c.want {
			t.Errorf("broken %v: got %v, want an error at %s", c.broken, err, c.want)
		}
	}
	if d, err := DecodeDocument([]byte(good)); err != nil || len(d.Events) != n || d.Events[n-1].EventTime.IsZero() {
		t.Fatalf("the whole document: %v", err)
	}
}
