// Package epcis speaks GS1 EPCIS 2.0 JSON-LD both ways: it turns lotledger
// events into EPCIS events and documents (EncodeEvent, Document), and it
// reads what partners send (Validate, DecodeDocument, Normalize, EventHash).
//
// Reading: Validate checks a document against the official EPCIS 2.0 JSON
// Schema, embedded with the JSON-LD context (schema/, see schema/NOTICE), and
// lists every problem with its JSON pointer. DecodeDocument gives the header
// and the events, each raw and typed, quantities as exact decimal strings and
// CBV values as bare terms whichever way they were spelt. Normalize maps the
// spellings of one event to one form for comparison, and EventHash computes
// the CBV 2.0 event hash ID (ni:///sha-256;...?ver=CBV2.0).
//
// Writing: every event the ledger records is encoded here and the bytes are
// kept as the event's EPCIS record, so the encoder is on the capture hot
// path: it writes JSON by appending to one pre-sized buffer, in a fixed key
// order, and the same event always gives the same bytes (the record is
// hash-chained).
//
// Lots are named by their GS1 Digital Link (GTIN + lot) when the item has a
// GTIN, locations and parties by their GLN's Digital Link when they have one;
// everything else by lotledger URNs. Facts EPCIS has no field for (who did it,
// why, overrides, signed adjustments) travel as "lotledger:" extension
// properties, declared in the event's own @context.
package epcis

import (
	"bytes"
	"fmt"
	"sync"

	"lotledger"
)

// ContextURL is the JSON-LD context of EPCIS 2.0 documents and events.
const ContextURL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

// Namespace is the IRI that the "lotledger:" prefix of extension properties
// stands for.
const Namespace = "urn:lotledger:ns:"

// ldContext is the @context of every event and document: the EPCIS context
// plus the lotledger prefix. Each event carries it so that a stored event is
// a complete JSON-LD object on its own (EPCIS single-event capture and
// GET /events/{id} exchange bare events).
const ldContext = `["` + ContextURL + `",{"lotledger":"` + Namespace + `"}]`

// Directory resolves lotledger location and party codes to GS1 keys (GLN);
// an empty answer means the code has none.
type Directory interface {
	LocationGLN(code string) string
	PartyGLN(code string) string
}

// EncodeEvent returns the EPCIS 2.0 JSON form of ev. The output is
// deterministic: the same event gives the same bytes. dir may be nil, in
// which case no GLNs are used.
func EncodeEvent(ev *lotledger.Event, dir Directory) ([]byte, error) {
	sh, err := shapeOf(ev)
	if err != nil {
		return nil, fmt.Errorf("encode event %s: %w", ev.ID, err)
	}
	if err := checkWhat(ev, &sh); err != nil {
		return nil, fmt.Errorf("encode event %s: %w", ev.ID, err)
	}
	off, offText, err := zoneOffset(ev.TimeZone)
	if err == nil {
		err = checkTimes(ev)
	}
	if err != nil {
		return nil, fmt.Errorf("encode event %s: %w", ev.ID, err)
	}
	buf := scratch.Get().(*[]byte)
	e := encoder{w: writer{b: (*buf)[:0]}, ev: ev, dir: dir}
	e.w.open('{')
	e.when(&sh, off, offText)
	e.what(&sh)
	e.why(&sh)
	e.extensions(&sh)
	e.w.close('}')
	out := bytes.Clone(e.w.b)
	if cap(e.w.b) <= maxScratch {
		*buf = e.w.b
		scratch.Put(buf)
	}
	return out, nil
}

// scratch holds encoding buffers. An event is written into a reused buffer
// and copied out at its exact size: one allocation per event, however the
// size guess turns out, and no slack kept alive in the ledger's records.
var scratch = sync.Pool{New: func() any {
	b := make([]byte, 0, 4096)
	return &b
}}

// maxScratch keeps a huge event's buffer out of the pool.
const maxScratch = 1 << 20

// checkTimes checks the event time and, when set, the record time.
func checkTimes(ev *lotledger.Event) error {
	if err := checkTime("event time", ev.Time); err != nil {
		return err
	}
	if ev.RecordedAt.IsZero() {
		return nil
	}
	return checkTime("record time", ev.RecordedAt)
}

// checkWhat makes sure the event names at least the objects that the JSON
// schema requires: an ObjectEvent needs a non-empty quantityList, a
// TransformationEvent inputs and outputs, or a transformationID when it has
// only one side (production of lots from untracked inputs).
func checkWhat(ev *lotledger.Event, sh *shape) error {
	if sh.statusLot {
		return nil
	}
	if sh.typ == "TransformationEvent" {
		in, out := countMoves(ev, sh.inputs), countMoves(ev, sh.outputs)
		if in+out == 0 {
			return fmt.Errorf("production has neither inputs nor outputs")
		}
		if (in == 0 || out == 0) && ev.ID == "" {
			return fmt.Errorf("one-sided production needs an event id to name the transformation")
		}
		return nil
	}
	if countMoves(ev, sh.qty) == 0 {
		return fmt.Errorf("%s event moves no stock", ev.Kind)
	}
	return nil
}

func countMoves(ev *lotledger.Event, sel moveSel) int {
	n := 0
	for i := range ev.Moves {
		if sel.match(ev.Moves[i].Quantity) {
			n++
		}
	}
	return n
}

// encoder writes one event.
type encoder struct {
	w   writer
	ev  *lotledger.Event
	dir Directory
}

// when writes the identity and time fields.
func (e *encoder) when(sh *shape, off int, offText string) {
	e.w.key("@context")
	e.w.b = append(e.w.b, ldContext...)
	e.w.field("type", sh.typ)
	e.w.fieldIf("eventID", e.ev.ID)
	e.w.key("eventTime")
	e.w.b = appendLocalTime(e.w.b, e.ev.Time, off, offText)
	e.w.field("eventTimeZoneOffset", offText)
	if !e.ev.RecordedAt.IsZero() {
		e.w.key("recordTime")
		e.w.b = appendLocalTime(e.w.b, e.ev.RecordedAt, 0, "")
	}
	e.w.fieldIf("action", sh.action)
}
