package epcis

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Document wraps encoded events in an EPCIS 2.0 EPCISDocument created at
// created. Each event must be a JSON object, as EncodeEvent returns; the
// events are copied byte for byte, in order.
func Document(events []json.RawMessage, created time.Time) ([]byte, error) {
	size := 256
	for _, ev := range events {
		size += len(ev) + 1
	}
	var out bytes.Buffer
	out.Grow(size)
	d := NewDocumentWriter(&out, created)
	for _, ev := range events {
		if err := d.Event(ev); err != nil {
			return nil, err
		}
	}
	if err := d.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// DocumentWriter writes an EPCISDocument one event at a time, so that a
// document of any size (lotledger export of a whole ledger) passes through a
// bounded buffer. The document is complete only once Close returns nil.
type DocumentWriter struct {
	out    io.Writer
	w      writer
	events int
	err    error
}

// documentFlush is how many bytes a DocumentWriter gathers before writing.
const documentFlush = 64 << 10

// NewDocumentWriter starts an EPCISDocument created at created on out.
func NewDocumentWriter(out io.Writer, created time.Time) *DocumentWriter {
	d := &DocumentWriter{out: out}
	d.w.open('{')
	d.w.key("@context")
	d.w.b = append(d.w.b, ldContext...)
	d.w.field("type", "EPCISDocument")
	d.w.field("schemaVersion", "2.0")
	d.w.key("creationDate")
	d.w.b = appendLocalTime(d.w.b, created, 0, "")
	d.w.key("epcisBody")
	d.w.open('{')
	d.w.key("eventList")
	d.w.open('[')
	return d
}

// Event appends one event, which must be a JSON object, as EncodeEvent
// returns; it is copied byte for byte.
func (d *DocumentWriter) Event(ev json.RawMessage) error {
	if d.err != nil {
		return d.err
	}
	if err := checkObject(ev); err != nil {
		return fmt.Errorf("epcis document: event %d: %w", d.events, err)
	}
	if d.events > 0 { // not sep: the bytes before may be written already
		d.w.b = append(d.w.b, ',')
	}
	d.w.b = append(d.w.b, bytes.TrimSpace(ev)...)
	d.events++
	if len(d.w.b) >= documentFlush {
		d.flush()
	}
	return d.err
}

// Close ends the document and writes what is left of it.
func (d *DocumentWriter) Close() error { return d.CloseWith(nil) }

// CloseWith ends the document with an epcisHeader that carries masterData
// (none: no header), and writes what is left of it. The header comes after
// the events, which were written as they came; a JSON object's members have
// no order.
func (d *DocumentWriter) CloseWith(masterData []VocabularyElement) error {
	if d.err != nil {
		return d.err
	}
	d.w.b = append(d.w.b, ']', '}')
	if len(masterData) > 0 {
		d.w.key("epcisHeader")
		d.w.open('{')
		d.w.key("epcisMasterData")
		d.w.masterData(masterData)
		d.w.close('}')
	}
	d.w.b = append(d.w.b, '}')
	d.flush()
	return d.err
}

func (d *DocumentWriter) flush() {
	if d.err == nil {
		if _, err := d.out.Write(d.w.b); err != nil {
			d.err = fmt.Errorf("epcis document: %w", err)
		}
	}
	d.w.b = d.w.b[:0]
}

// checkObject reports whether b is one valid JSON object.
func checkObject(b []byte) error {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' || !json.Valid(t) {
		return fmt.Errorf("not a JSON object")
	}
	return nil
}

// queryDocument is the envelope of an EPCIS 2.0 query answer.
type queryDocument struct {
	Context       []any     `json:"@context"`
	Type          string    `json:"type"`
	SchemaVersion string    `json:"schemaVersion"`
	CreationDate  time.Time `json:"creationDate"`
	EPCISBody     struct {
		QueryResults struct {
			SubscriptionID string `json:"subscriptionID,omitempty"`
			QueryName      string `json:"queryName"`
			ResultsBody    struct {
				EventList []json.RawMessage `json:"eventList"`
			} `json:"resultsBody"`
		} `json:"queryResults"`
	} `json:"epcisBody"`
}

// QueryDocument wraps events in an EPCISQueryDocument: the answer of the
// query queryName ("SimpleEventQuery", or a named query's name), or a
// report of a subscription when subscriptionID is set. The events are
// copied as given: HTML escaping is off, so that a "&" in a URI stays as
// it is.
func QueryDocument(queryName, subscriptionID string, events []json.RawMessage, created time.Time) ([]byte, error) {
	doc := queryDocument{
		Context:       []any{ContextURL, map[string]string{"lotledger": Namespace}},
		Type:          "EPCISQueryDocument",
		SchemaVersion: "2.0",
		CreationDate:  created.UTC().Truncate(time.Millisecond),
	}
	doc.EPCISBody.QueryResults.QueryName = queryName
	doc.EPCISBody.QueryResults.SubscriptionID = subscriptionID
	if events == nil {
		events = []json.RawMessage{}
	}
	doc.EPCISBody.QueryResults.ResultsBody.EventList = events
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode query document: %w", err)
	}
	return buf.Bytes(), nil
}
