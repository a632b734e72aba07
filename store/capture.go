package store

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"sync"

	"lotledger"
	"lotledger/epcis"
)

// CaptureOptions say what capture may do with identifiers lotledger does
// not know (see epcis.CaptureOptions).
type CaptureOptions = epcis.CaptureOptions

// Capture applies an EPCIS document to the ledger in one transaction: every
// event is recorded as sent, and events that move lot quantities change
// stock and genealogy as the native API would. An eventID already in the
// ledger is not applied twice; an event without one is named by its CBV 2.0
// event hash. Any refusal leaves nothing. Captures that arrive together
// are committed together (group.go); each returns once its own is durable.
func (s *Store) Capture(ctx context.Context, doc *epcis.DecodedDocument, opt CaptureOptions) (*epcis.CaptureJob, error) {
	job := &epcis.CaptureJob{CaptureID: newEventID(), CreatedAt: s.now().UTC(), CaptureErrorBehaviour: "rollback",
		Events: len(doc.Events), User: lotledger.UserFrom(ctx)}
	// Events are named before the document waits for the one writer: an
	// event hash costs more than applying most events, and here it is
	// computed on every core, outside the writer's turn.
	ids, idErrs := eventIDs(doc)
	err := s.writeGrouped(ctx, func(w *writer) error {
		c := &capturer{w: w, doc: doc, opt: opt, job: job, seen: map[string]bool{}, ids: ids, idErrs: idErrs}
		if err := c.lookUpIDs(); err != nil {
			return err
		}
		if err := c.prefetch(); err != nil {
			return err
		}
		for i := range doc.Events {
			if err := c.event(i, &doc.Events[i]); err != nil {
				return err
			}
		}
		if err := w.saveMasterData(job.CaptureID, doc.MasterData); err != nil {
			return err
		}
		job.FinishedAt, job.Success = s.now().UTC(), true
		return w.saveCaptureJob(job)
	})
	if err == nil {
		return job, nil
	}
	e := lotledger.AsError(err)
	if e == nil {
		return nil, err
	}
	// A refused document is rolled back whole; its job is recorded apart.
	job.FinishedAt, job.Success = s.now().UTC(), false
	job.Errors = []epcis.CaptureError{{Pointer: e.Field, Code: e.Code, Message: e.Message}}
	job.Applied, job.Stored, job.Duplicates, job.FirstSeq, job.LastSeq = 0, 0, 0, 0, 0
	if jerr := s.saveCaptureJob(ctx, job); jerr != nil {
		return nil, jerr
	}
	return job, err
}

// capturer applies one document's events.
type capturer struct {
	w    *writer
	doc  *epcis.DecodedDocument
	opt  CaptureOptions
	job  *epcis.CaptureJob
	seen map[string]bool // event ids earlier in this document
	// each event's id: its eventID, or else its event hash (eventIDs)
	ids    []string
	idErrs []error
	// the document's event ids already in the ledger, looked up at once
	stored map[string]bool
}

// eventIDs names every event of doc by its eventID or, without one, by its
// CBV 2.0 event hash; an event whose hash cannot be computed has an error
// in its place instead. Documents of many events are hashed on every core.
func eventIDs(doc *epcis.DecodedDocument) ([]string, []error) {
	ids, errs := make([]string, len(doc.Events)), make([]error, len(doc.Events))
	var unnamed []int
	for i := range doc.Events {
		if ids[i] = doc.Events[i].EventID; ids[i] == "" {
			unnamed = append(unnamed, i)
		}
	}
	hash := func(part []int) {
		for _, i := range part {
			ids[i], errs[i] = epcis.EventHash(doc.Events[i].Raw, doc.Context)
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(unnamed)/hashesPerWorker)
	if workers <= 1 {
		hash(unnamed)
		return ids, errs
	}
	var wg sync.WaitGroup
	per := (len(unnamed) + workers - 1) / workers
	for start := 0; start < len(unnamed); start += per {
		wg.Go(func() { hash(unnamed[start:min(len(unnamed), start+per)]) })
	}
	wg.Wait()
	return ids, errs
}

// hashesPerWorker is the least number of events without an eventID that
// are worth a goroutine of their own to hash.
const hashesPerWorker = 64

// lookUpIDs finds which of the document's event ids (eventIDs and event
// hashes) the ledger holds, in a few queries rather than one per event.
func (c *capturer) lookUpIDs() error {
	c.stored = map[string]bool{}
	looked := map[string]bool{}
	ids := make([]string, 0, 500)
	query := func() error {
		if len(ids) == 0 {
			return nil
		}
		cond, args := c.w.s.byEventID(ids, c.w.s.postgres)
		rows, err := c.w.query(`SELECT e.event_id FROM events e WHERE `+cond, args...)
		if err != nil {
			return fmt.Errorf("look up event ids: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			c.stored[id] = true
		}
		ids = ids[:0]
		return rows.Err()
	}
	maybe, err := c.mayBeStored()
	if err != nil {
		return err
	}
	for i, id := range c.ids {
		if id == "" || looked[id] || c.idErrs[i] != nil || maybe != nil && !maybe[i] {
			continue
		}
		looked[id] = true
		if ids = append(ids, id); len(ids) == cap(ids) {
			if err := query(); err != nil {
				return err
			}
		}
	}
	return query()
}

// mayBeStored tells, for each event id of the document, whether the ledger
// may hold it (keyfilter.go): only those are looked up. Without keys (a
// store older than them) it is nil: every id is looked up.
func (c *capturer) mayBeStored() ([]bool, error) {
	if c.w.s.keyless() {
		return nil, nil
	}
	keys := make([]int64, len(c.ids))
	for i, id := range c.ids {
		keys[i] = eventKey(id)
	}
	return c.w.s.keys.mayHold(c.w, keys)
}

func (c *capturer) event(i int, e *epcis.Event) error {
	ptr := fmt.Sprintf("/epcisBody/eventList/%d", i)
	id := c.ids[i]
	if c.idErrs[i] != nil {
		return lotledger.Errorf(lotledger.EINVALID, ptr, "cannot compute the event hash: %v", c.idErrs[i])
	}
	dup := c.known(id)
	raw := withContext(e.Raw, e.Context, c.doc.Context)
	if dup {
		if e.ErrorDeclaration != nil {
			return c.declare(ptr, id, e, raw)
		}
		c.job.Duplicates++
		return nil
	}
	c.seen[id] = true
	ev := &lotledger.Event{ID: id, User: c.w.user, RecordedAt: c.w.now, Moves: []lotledger.Move{}, Kind: lotledger.KindObserve}
	ev.Time = e.EventTime.UTC().Truncate(timeResolution)
	ev.TimeZone = e.EventTimeZoneOffset
	if len(e.BizTransactionList) > 0 {
		ev.Reference = e.BizTransactionList[0].ID
	}
	c.w.pending, c.w.newLots = map[stockKey]lotledger.Quantity{}, map[lotKey]*lotRow{}
	applied, err := c.apply(ptr, e, ev)
	if err != nil {
		var keep bool
		if keep = c.opt.KeepUnknown && lotledger.ErrorCode(err) == lotledger.EUNKNOWN; !keep {
			return err
		}
		c.w.pending, c.w.newLots = map[stockKey]lotledger.Quantity{}, map[lotKey]*lotRow{}
		*ev = lotledger.Event{ID: id, User: c.w.user, RecordedAt: c.w.now, Moves: []lotledger.Move{}, Kind: lotledger.KindObserve,
			Time: ev.Time, TimeZone: ev.TimeZone, Reference: ev.Reference, Reason: "not applied: " + lotledger.AsError(err).Message}
		applied = false
	}
	c.w.docContext = c.doc.Context
	err = c.w.append(ev, "", raw, e)
	c.w.docContext = nil
	if err != nil {
		return err
	}
	c.count(ev.Seq, applied)
	c.w.handOver()
	return nil
}

func (c *capturer) count(seq int64, applied bool) {
	c.job.Stored++
	if applied {
		c.job.Applied++
	}
	if c.job.FirstSeq == 0 {
		c.job.FirstSeq = seq
	}
	c.job.LastSeq = seq
}

// known reports whether an event id is already in the ledger (lookUpIDs
// asked about every id of the document) or earlier in the document.
func (c *capturer) known(id string) bool { return c.seen[id] || c.stored[id] }

// declare records an error declaration about an event already in the
// ledger. It changes no stock: corrective events do that.
func (c *capturer) declare(ptr, id string, e *epcis.Event, raw []byte) error {
	ev := &lotledger.Event{Kind: lotledger.KindDeclaration, User: c.w.user, RecordedAt: c.w.now, Moves: []lotledger.Move{},
		Transfer: id, Reason: e.ErrorDeclaration.Reason}
	ev.Time = e.ErrorDeclaration.DeclarationTime.UTC().Truncate(timeResolution)
	ev.TimeZone = e.EventTimeZoneOffset
	if err := c.w.append(ev, "", raw, e); err != nil {
		return err
	}
	c.count(ev.Seq, false)
	return nil
}

// withContext gives a captured event the document's @context when it has
// none of its own, so that the stored event keeps the meaning of its
// namespaced fields when it is queried alone.
func withContext(raw, own, docCtx json.RawMessage) []byte {
	if own != nil || len(docCtx) == 0 {
		return raw
	}
	body := strings.TrimSpace(string(raw))
	if !strings.HasPrefix(body, "{") {
		return raw
	}
	rest := strings.TrimSpace(body[1:])
	sep := ","
	if rest == "}" {
		sep = ""
	}
	return []byte(`{"@context":` + string(docCtx) + sep + rest)
}

// classRef is a lot named by an EPCIS class identifier.
type classRef struct{ gtin, sku, lot string }

// parseClass reads an epcClass: a GS1 lot (LGTIN URN or Digital Link with
// AI 10) or lotledger's own urn:lotledger:class:{sku}:{lot}.
func parseClass(uri string) (classRef, bool) {
	if rest, ok := strings.CutPrefix(uri, "urn:lotledger:class:"); ok {
		sku, lot, ok := strings.Cut(rest, ":")
		sku, err1 := url.PathUnescape(sku)
		lot, err2 := url.PathUnescape(lot)
		return classRef{sku: sku, lot: lot}, ok && err1 == nil && err2 == nil && sku != "" && lot != ""
	}
	dl := epcis.CanonicalID(uri)
	rest, ok := strings.CutPrefix(dl, "https://id.gs1.org/01/")
	if !ok || len(rest) < 18 || rest[14:18] != "/10/" {
		return classRef{}, false
	}
	lot, err := url.PathUnescape(rest[18:])
	return classRef{gtin: rest[:14], lot: lot}, err == nil && lot != "" && !strings.Contains(lot, "/")
}

// placeOf reads a location identifier: a GLN (SGLN URN or Digital Link
// with AI 414) or urn:lotledger:location:{code}.
func (c *capturer) place(ptr, uri string) (*locRow, error) {
	if code, ok := strings.CutPrefix(uri, "urn:lotledger:location:"); ok {
		code, _ = url.PathUnescape(code)
		l, err := c.w.s.location(c.w.ctx, c.w.tx, code)
		return l, unknown(err, ptr)
	}
	dl := epcis.CanonicalID(uri)
	rest, ok := strings.CutPrefix(dl, "https://id.gs1.org/414/")
	if !ok || len(rest) < 13 {
		return nil, lotledger.Errorf(lotledger.EUNKNOWN, ptr, "location %s is not a GLN or a lotledger location", uri)
	}
	l, err := c.w.s.locationByGLN(c.w.ctx, c.w.tx, rest[:13])
	if err != nil {
		return nil, lotledger.Errorf(lotledger.EUNKNOWN, ptr, "no location has GLN %s (%s)", rest[:13], uri)
	}
	return l, nil
}
