package store

import (
	"encoding/json"
	"fmt"
	"time"

	"lotledger/epcis"
)

// epcisTimeLayout writes EPCIS times as fixed-width UTC text. EPCIS times
// may be finer than the ledger's microseconds; nanoseconds keep a time
// filter exact.
const epcisTimeLayout = "2006-01-02T15:04:05.000000000Z"

func formatEPCISTime(t time.Time) string { return t.UTC().Format(epcisTimeLayout) }

// indexEPCIS records the fields of one stored EPCIS event that the EPCIS
// query interface filters on. It is a projection of events.epcis, rebuilt by
// Rebuild. It runs for every event appended, so it only queues rows
// (w.later): no query per event. The event hash is left for later
// (epcishash.go). known is the event's typed form when the caller has it (a
// native event described, a captured one decoded); otherwise doc is decoded.
func (w *writer) indexEPCIS(seq int64, eventID string, doc []byte, known *epcis.Event) error {
	var ev epcis.Event
	if known != nil {
		ev = *known
	} else {
		var err error
		if ev, err = epcis.DecodeEvent(doc); err != nil {
			return fmt.Errorf("index EPCIS event %s: %w", eventID, err)
		}
	}
	declared := 0
	if ev.ErrorDeclaration != nil {
		declared = 1
	}
	// The prefixes of a captured event are those its stored form carries:
	// its own @context, or else its document's (withContext).
	var contexts []json.RawMessage
	if known != nil && known.Context == nil && w.docContext != nil {
		contexts = []json.RawMessage{w.docContext}
	}
	row := []any{seq, ev.Type, formatEPCISTime(ev.EventTime), ev.Action, ev.BizStep, ev.Disposition,
		epcis.CanonicalID(ev.ReadPoint), epcis.CanonicalID(ev.BizLocation), "", declared}
	if w.s.atVersion(18) {
		var fields any
		if f := epcis.IndexFields(&ev, contexts...); f != "" {
			fields = f
		}
		row = append(row, fields)
	}
	w.later("epcis_events", row...)
	refs := refIndexer{w: w, seq: seq}
	refs.what(&ev)
	refs.why(&ev)
	if err := w.indexQuantities(seq, &ev); err != nil {
		return err
	}
	return w.indexSensors(seq, &ev)
}

// refIndexer queues the identifier rows of one event, each (role, uri) once:
// an event may name the same identifier twice (one class in two units).
type refIndexer struct {
	w    *writer
	seq  int64
	seen map[[2]string]bool
}

func (r *refIndexer) add(role, id string) {
	uri := epcis.CanonicalID(id)
	if uri == "" {
		return
	}
	k := [2]string{role, uri}
	if r.seen[k] {
		return
	}
	if r.seen == nil {
		r.seen = map[[2]string]bool{}
	}
	r.seen[k] = true
	r.w.later("epcis_refs", r.seq, role, uri)
}

func (r *refIndexer) ids(role string, ids []string) {
	for _, id := range ids {
		r.add(role, id)
	}
}

func (r *refIndexer) classes(role string, qs []epcis.QuantityElement) {
	for _, q := range qs {
		r.add(role, q.EPCClass)
	}
}

// what indexes the objects: instances and classes, by list.
func (r *refIndexer) what(ev *epcis.Event) {
	r.ids("epc", ev.EPCList)
	r.ids("childEPC", ev.ChildEPCs)
	r.ids("inputEPC", ev.InputEPCList)
	r.ids("outputEPC", ev.OutputEPCList)
	r.add("parentID", ev.ParentID)
	r.classes("epcClass", ev.QuantityList)
	r.classes("childEPCClass", ev.ChildQuantityList)
	r.classes("inputEPCClass", ev.InputQuantityList)
	r.classes("outputEPCClass", ev.OutputQuantityList)
}

// why indexes the typed references: documents, sources, destinations and
// the transformation.
func (r *refIndexer) why(ev *epcis.Event) {
	r.add("transformationID", ev.TransformationID)
	for _, bt := range ev.BizTransactionList {
		r.add("bizTransaction_"+bt.Type, bt.ID)
	}
	for _, s := range ev.SourceList {
		r.add("source_"+s.Type, s.ID)
	}
	for _, d := range ev.DestinationList {
		r.add("destination_"+d.Type, d.ID)
	}
	r.persistentDisposition(ev.PersistentDisposition)
}

// persistentDisposition indexes the dispositions an event sets and unsets
// for good, as bare CBV terms.
func (r *refIndexer) persistentDisposition(pd *epcis.PersistentDisposition) {
	if pd == nil {
		return
	}
	for _, d := range pd.Set {
		r.add(roleDispositionSet, epcis.DispositionTerm(d))
	}
	for _, d := range pd.Unset {
		r.add(roleDispositionUnset, epcis.DispositionTerm(d))
	}
}

// The index roles of a persistent disposition's values.
const (
	roleDispositionSet   = "persistentDisposition_set"
	roleDispositionUnset = "persistentDisposition_unset"
)
