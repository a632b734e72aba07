package epcis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Document wraps encoded events in an EPCIS 2.0 EPCISDocument created at
// created. Each event must be a JSON object, as EncodeEvent returns; the
// events are copied byte for byte, in order.
func Document(events []json.RawMessage, created time.Time) ([]byte, error) {
	size := 256
	for i, ev := range events {
		if err := checkObject(ev); err != nil {
			return nil, fmt.Errorf("epcis document: event %d: %w", i, err)
		}
		size += len(ev) + 1
	}
	w := writer{b: make([]byte, 0, size)}
	w.open('{')
	w.key("@context")
	w.b = append(w.b, ldContext...)
	w.field("type", "EPCISDocument")
	w.field("schemaVersion", "2.0")
	w.key("creationDate")
	w.b = appendLocalTime(w.b, created, 0, "")
	w.key("epcisBody")
	w.open('{')
	w.key("eventList")
	w.open('[')
	for _, ev := range events {
		w.sep()
		w.b = append(w.b, bytes.TrimSpace(ev)...)
	}
	w.close(']')
	w.close('}')
	w.close('}')
	return w.b, nil
}

// checkObject reports whether b is one valid JSON object.
func checkObject(b []byte) error {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' || !json.Valid(t) {
		return fmt.Errorf("not a JSON object")
	}
	return nil
}
