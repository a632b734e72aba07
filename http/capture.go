package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"lotledger"
	"lotledger/epcis"
)

// Capturer applies EPCIS documents to the ledger and keeps their capture
// jobs; the store implements it.
type Capturer interface {
	Capture(ctx context.Context, doc *epcis.DecodedDocument, opt epcis.CaptureOptions) (*epcis.CaptureJob, error)
	CaptureJob(ctx context.Context, id string) (*epcis.CaptureJob, error)
	CaptureJobs(ctx context.Context, p lotledger.PageRequest) (*lotledger.Page[epcis.CaptureJob], error)
}

// Capture limits, advertised in the GS1-EPCIS-Capture-Limit and
// GS1-EPCIS-Capture-File-Size-Limit headers as the REST binding asks.
const (
	captureMaxEvents = 10_000
	captureMaxBytes  = 64 << 20
)

func captureHeaders(w http.ResponseWriter) {
	w.Header().Set("GS1-EPCIS-Version", "2.0.0")
	w.Header().Set("GS1-CBV-Version", "2.0.0")
	w.Header().Set("GS1-EPCIS-Capture-Limit", strconv.Itoa(captureMaxEvents))
	w.Header().Set("GS1-EPCIS-Capture-File-Size-Limit", strconv.Itoa(captureMaxBytes))
}

// handleCapture answers POST /epcis/capture: the document is validated
// against the EPCIS 2.0 schema as a whole, then applied in one transaction.
// Capture is synchronous, so the 202's job is already finished.
func (s *Server) handleCapture(w http.ResponseWriter, r *http.Request) {
	captureHeaders(w)
	if s.capture == nil {
		s.notImplemented(w, r, "EPCIS capture")
		return
	}
	if b := r.Header.Get("GS1-Capture-Error-Behaviour"); b != "" && b != "rollback" {
		s.writeError(w, r, lotledger.Errorf(lotledger.EINVALID, "GS1-Capture-Error-Behaviour", "only rollback is supported: a document is applied whole or not at all"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, captureMaxBytes))
	if err != nil {
		s.writeError(w, r, lotledger.Errorf(lotledger.ETOOLARGE, "", "the document is larger than %d bytes", captureMaxBytes))
		return
	}
	doc, err := s.validDocument(body)
	if err != nil {
		s.writeCaptureError(w, r, err)
		return
	}
	job, err := s.capture.Capture(r.Context(), doc, s.captureOpt)
	if err != nil {
		s.writeCaptureError(w, r, err)
		return
	}
	w.Header().Set("Location", "/epcis/capture/"+job.CaptureID)
	s.writeJSON(w, r, http.StatusAccepted, job)
}

// handleCaptureEvent answers POST /epcis/events, the REST binding's
// synchronous capture of one event: the event is captured as a document of
// one event would be, and the answer is 201 with Location:
// /epcis/events/{eventID} and the event as the ledger now answers it. An
// event whose eventID (or, without one, whose CBV 2.0 hash) the ledger
// already has is refused with 409; an error declaration about a recorded
// event is not such a repeat. Problems point into the event itself.
func (s *Server) handleCaptureEvent(w http.ResponseWriter, r *http.Request) {
	captureHeaders(w)
	if s.capture == nil || s.epcis == nil {
		s.notImplemented(w, r, "EPCIS capture")
		return
	}
	if _, err := epcFormat(r); err != nil { // the answer holds the event
		s.writeError(w, r, err)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, captureMaxBytes))
	if err != nil {
		s.writeError(w, r, lotledger.Errorf(lotledger.ETOOLARGE, "", "the event is larger than %d bytes", captureMaxBytes))
		return
	}
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		s.writeError(w, r, lotledger.Errorf(lotledger.EINVALID, "", "the body must be one EPCIS event, a JSON object"))
		return
	}
	doc, err := s.validDocument(oneEventDocument(body))
	if err != nil {
		s.writeCaptureError(w, r, inOneEvent(err))
		return
	}
	id := doc.Events[0].EventID
	if id == "" { // capture names it by its hash
		if id, err = epcis.EventHash(doc.Events[0].Raw, doc.Context); err != nil {
			s.writeCaptureError(w, r, inOneEvent(err))
			return
		}
	}
	job, err := s.capture.Capture(r.Context(), doc, s.captureOpt)
	if err != nil {
		s.writeCaptureError(w, r, inOneEvent(err))
		return
	}
	if job.Duplicates > 0 {
		s.writeError(w, r, lotledger.Errorf(lotledger.ECONFLICT, "eventID", "the ledger already has event %s", id))
		return
	}
	ev, err := s.epcis.EPCISEvent(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ev = inEPCFormat(w, r, []json.RawMessage{ev})[0]
	w.Header().Set("Location", "/epcis/events/"+url.PathEscape(id))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	if _, err := w.Write(append(ev, '\n')); err != nil {
		s.log.DebugContext(r.Context(), "write response", "err", err)
	}
}

// oneEventDocument wraps one event in an EPCISDocument. The event keeps its
// own @context, if it has one, for the prefixes it uses.
func oneEventDocument(event []byte) []byte {
	const head = `{"@context":["` + epcis.ContextURL + `"],"type":"EPCISDocument","schemaVersion":"2.0","creationDate":"`
	var b bytes.Buffer
	b.WriteString(head)
	b.WriteString(time.Now().UTC().Format("2006-01-02T15:04:05.000Z"))
	b.WriteString(`","epcisBody":{"eventList":[`)
	b.Write(event)
	b.WriteString(`]}}`)
	return b.Bytes()
}

// inOneEvent makes err's pointers into the wrapping document point into the
// event a client sent.
func inOneEvent(err error) error {
	at := func(p string) string {
		if rest, ok := strings.CutPrefix(p, "/epcisBody/eventList/0"); ok {
			return rest
		}
		return p
	}
	var verr *epcis.ValidationError
	var derr *epcis.DecodeError
	switch {
	case errors.As(err, &verr):
		out := &epcis.ValidationError{Problems: slices.Clone(verr.Problems)}
		for i := range out.Problems {
			out.Problems[i].Pointer = at(out.Problems[i].Pointer)
		}
		return out
	case errors.As(err, &derr):
		return &epcis.DecodeError{Pointer: at(derr.Pointer), Err: derr.Err}
	}
	if e := lotledger.AsError(err); e != nil {
		out := *e
		out.Field = at(e.Field)
		return &out
	}
	return err
}

// validDocument checks body against the schema and decodes it.
func (s *Server) validDocument(body []byte) (*epcis.DecodedDocument, error) {
	if err := epcis.Validate(body); err != nil {
		return nil, err
	}
	doc, err := epcis.DecodeDocument(body)
	if err != nil {
		return nil, err
	}
	if len(doc.Events) > captureMaxEvents {
		return nil, lotledger.Errorf(lotledger.ETOOLARGE, "/epcisBody/eventList", "the document has %d events; the limit is %d", len(doc.Events), captureMaxEvents)
	}
	return doc, nil
}

// writeCaptureError answers with a problem whose errors list every schema
// problem (or the one ledger refusal) with its JSON pointer.
func (s *Server) writeCaptureError(w http.ResponseWriter, r *http.Request, err error) {
	var verr *epcis.ValidationError
	var derr *epcis.DecodeError
	switch {
	case errors.As(err, &verr):
		e := &lotledger.Error{Code: lotledger.EINVALID, Message: "the document is not a valid EPCIS 2.0 document: " + verr.Error()}
		var list []epcis.CaptureError
		for _, p := range verr.Problems {
			list = append(list, epcis.CaptureError{Pointer: p.Pointer, Code: lotledger.EINVALID, Message: p.Message})
		}
		// The field is the deepest pointer: the most specific thing wrong.
		// (A value the schema refuses also fails the alternatives around it,
		// which the list reports at the event itself.)
		for i, p := range list {
			if i == 0 || strings.Count(p.Pointer, "/") > strings.Count(e.Field, "/") {
				e.Field = p.Pointer
			}
		}
		s.writeProblem(w, r, e, list)
	case errors.As(err, &derr):
		s.writeProblem(w, r, &lotledger.Error{Code: lotledger.EINVALID, Field: derr.Pointer, Message: derr.Error()}, nil)
	default:
		e := lotledger.AsError(err)
		if e == nil {
			s.writeError(w, r, err)
			return
		}
		s.writeProblem(w, r, e, []epcis.CaptureError{{Pointer: e.Field, Code: e.Code, Message: e.Message}})
	}
}

// handleCaptureJob answers GET /epcis/capture/{captureID}.
func (s *Server) handleCaptureJob(w http.ResponseWriter, r *http.Request) {
	captureHeaders(w)
	if s.capture == nil {
		s.notImplemented(w, r, "EPCIS capture")
		return
	}
	job, err := s.capture.CaptureJob(r.Context(), r.PathValue("captureID"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, job)
}

// handleCaptureJobs answers GET /epcis/capture: capture jobs, newest first.
func (s *Server) handleCaptureJobs(w http.ResponseWriter, r *http.Request) {
	captureHeaders(w)
	if s.capture == nil {
		s.notImplemented(w, r, "EPCIS capture")
		return
	}
	p, err := pageRequest(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.capture.CaptureJobs(r.Context(), p)
	writePage(s, w, r, page, err)
}
