package epcis

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// DecodedDocument is a decoded EPCISDocument or EPCISQueryDocument: its header
// fields and its events. Decoding checks the envelope and the fields that
// lotledger reads; it is not schema validation (see Validate), which a
// capture runs first.
type DecodedDocument struct {
	// Type is "EPCISDocument" or "EPCISQueryDocument".
	Type          string
	ID            string
	SchemaVersion string
	CreationDate  time.Time
	// Context is the document's @context as written.
	Context json.RawMessage
	// Header is epcisHeader (master data) as written, or nil.
	Header json.RawMessage
	// MasterData are the vocabulary elements of the header's
	// epcisMasterData, in document order.
	MasterData []VocabularyElement
	// Sender, Receiver and InstanceIdentifier are the optional pseudo-SBDH
	// fields of EPCIS 2.0 JSON documents.
	Sender, Receiver, InstanceIdentifier string
	// QueryName and SubscriptionID are set for an EPCISQueryDocument.
	QueryName, SubscriptionID string
	// Events are the events of the event list, in document order.
	Events []Event
}

// DecodeError says where in a document decoding failed.
type DecodeError struct {
	// Pointer is the RFC 6901 JSON pointer of the offending value.
	Pointer string
	Err     error
}

// Error returns "decode EPCIS document: at pointer: reason".
func (e *DecodeError) Error() string {
	ptr := e.Pointer
	if ptr == "" {
		ptr = "(document)"
	}
	return "decode EPCIS document: at " + ptr + ": " + e.Err.Error()
}

// Unwrap returns the reason.
func (e *DecodeError) Unwrap() error { return e.Err }

// atPath wraps err with the pointer ptr, prefixing ptr to the pointer of a
// DecodeError from further down.
func atPath(ptr string, err error) error {
	if err == nil {
		return nil
	}
	var de *DecodeError
	if errors.As(err, &de) {
		return &DecodeError{Pointer: ptr + de.Pointer, Err: de.Err}
	}
	return &DecodeError{Pointer: ptr, Err: err}
}

// envelope is the part of a document around the events.
type envelope struct {
	Context            json.RawMessage `json:"@context"`
	ID                 string          `json:"id"`
	Type               string          `json:"type"`
	SchemaVersion      json.RawMessage `json:"schemaVersion"`
	CreationDate       string          `json:"creationDate"`
	Sender             string          `json:"sender"`
	Receiver           string          `json:"receiver"`
	InstanceIdentifier string          `json:"instanceIdentifier"`
	Header             json.RawMessage `json:"epcisHeader"`
	Body               struct {
		EventList    *[]json.RawMessage `json:"eventList"`
		QueryResults *struct {
			QueryName      string `json:"queryName"`
			SubscriptionID string `json:"subscriptionID"`
			ResultsBody    struct {
				EventList *[]json.RawMessage `json:"eventList"`
			} `json:"resultsBody"`
		} `json:"queryResults"`
	} `json:"epcisBody"`
}

// DecodeDocument decodes an EPCISDocument or an EPCISQueryDocument. Each
// event keeps its raw JSON beside its typed fields. An error is a
// *DecodeError naming the JSON pointer of the value that is wrong.
func DecodeDocument(data []byte) (*DecodedDocument, error) {
	if !startsObject(data) {
		return nil, &DecodeError{Err: errors.New("not a JSON object")}
	}
	var env envelope
	// The events keep slices of the document: of a copy, so that the
	// caller may reuse its buffer (encoding/json copies each event).
	if !plainEnvelope(bytes.Clone(data), &env) {
		env = envelope{}
		if err := json.Unmarshal(data, &env); err != nil {
			return nil, &DecodeError{Err: fmt.Errorf("envelope: %w", err)}
		}
	}
	doc, list, listPtr, err := env.document()
	if err != nil {
		return nil, err
	}
	if doc.MasterData, err = decodeMasterData(doc.Header, doc.Context); err != nil {
		return nil, err
	}
	doc.Events = make([]Event, len(list))
	if err := decodeEvents(list, doc.Events); err != nil {
		return nil, atPath(fmt.Sprintf("%s/%d", listPtr, err.index), err.err)
	}
	return doc, nil
}

// eventError is the error of the first event that failed to decode.
type eventError struct {
	index int
	err   error
}

// parallelEvents is the least number of events a document must hold for
// its events to be decoded on several cores: each is independent of the
// others, and a capture waits for all of them.
const parallelEvents = 128

// decodeEvents decodes list into events, in parallel chunks for a large
// document, and reports the failing event with the lowest index.
func decodeEvents(list []json.RawMessage, events []Event) *eventError {
	workers := min(runtime.GOMAXPROCS(0), len(list)/parallelEvents)
	if workers <= 1 {
		for i, raw := range list {
			if err := decodeEvent(raw, &events[i]); err != nil {
				return &eventError{i, err}
			}
		}
		return nil
	}
	errs := make([]*eventError, workers)
	var wg sync.WaitGroup
	per := (len(list) + workers - 1) / workers
	for w := range workers {
		wg.Go(func() {
			for i := w * per; i < min(len(list), (w+1)*per); i++ {
				if err := decodeEvent(list[i], &events[i]); err != nil {
					errs[w] = &eventError{i, err}
					return
				}
			}
		})
	}
	wg.Wait()
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// document checks the envelope and returns the document without events, the
// raw event list and its JSON pointer.
func (env *envelope) document() (*DecodedDocument, []json.RawMessage, string, error) {
	doc := &DecodedDocument{
		Type: env.Type, ID: env.ID, Context: env.Context, Header: nullToNil(env.Header),
		Sender: env.Sender, Receiver: env.Receiver, InstanceIdentifier: env.InstanceIdentifier,
	}
	var err error
	if doc.SchemaVersion, err = versionText(env.SchemaVersion); err != nil {
		return nil, nil, "", &DecodeError{Pointer: "/schemaVersion", Err: err}
	}
	if env.CreationDate != "" {
		if doc.CreationDate, err = parseTime(env.CreationDate); err != nil {
			return nil, nil, "", &DecodeError{Pointer: "/creationDate", Err: err}
		}
	}
	switch env.Type {
	case "EPCISDocument":
		if env.Body.EventList == nil {
			return nil, nil, "", &DecodeError{Pointer: "/epcisBody", Err: errors.New("no eventList")}
		}
		return doc, *env.Body.EventList, "/epcisBody/eventList", nil
	case "EPCISQueryDocument":
		qr := env.Body.QueryResults
		if qr == nil || qr.ResultsBody.EventList == nil {
			return nil, nil, "", &DecodeError{Pointer: "/epcisBody", Err: errors.New("no queryResults/resultsBody/eventList")}
		}
		doc.QueryName, doc.SubscriptionID = qr.QueryName, qr.SubscriptionID
		return doc, *qr.ResultsBody.EventList, "/epcisBody/queryResults/resultsBody/eventList", nil
	default:
		return nil, nil, "", &DecodeError{Pointer: "/type", Err: fmt.Errorf("type %q is neither EPCISDocument nor EPCISQueryDocument", env.Type)}
	}
}

// versionText returns schemaVersion as text; some producers write it as a
// number (2.0).
func versionText(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, nil
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", errors.New("schemaVersion is neither a string nor a number")
	}
	return n.String(), nil
}

// startsObject reports whether b starts, after white space, with "{".
// Decoding then checks the rest; a full json.Valid pass first would read
// every byte once more.
func startsObject(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

func nullToNil(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	return raw
}

// parseTime parses an xsd:dateTimeStamp (RFC 3339 with a zone and any
// number of fractional digits).
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date-time with a zone (RFC 3339)", s)
	}
	return t, nil
}
