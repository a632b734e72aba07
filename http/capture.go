package http

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

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
		if len(list) > 0 {
			e.Field = list[0].Pointer
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

// writeProblem is writeError with the list of document problems.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, e *lotledger.Error, list []epcis.CaptureError) {
	p := problemOf(e)
	p.Instance, p.Errors = r.URL.Path, list
	if t := epcisProblemType(r, p.Status); t != "" {
		p.Type = t
	}
	if info := infoFrom(r.Context()); info != nil {
		info.code = p.Code
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
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
