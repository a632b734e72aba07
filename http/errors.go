package http

import (
	"encoding/json"
	"net/http"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// Codes that only HTTP produces, beside the domain's codes in lotledger.
const (
	codeMethodNotAllowed = "method_not_allowed"
	codeUnsupportedMedia = "unsupported_media_type"
	codeNotImplemented   = "not_implemented" // an optional service this server was started without
	codeNotAcceptable    = "not_acceptable"  // the client accepts no form or version the server answers in
)

// problemTypePrefix makes a problem's type URI from its code. The URIs are
// stable names, not links: clients compare them, nothing fetches them.
const problemTypePrefix = "urn:lotledger:problem:"

// Problem is an RFC 9457 problem details object with lotledger's extensions:
// Code, the stable error code, and Field, the JSON path of the offending
// input such as "lines[0].quantity".
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Code     string `json:"code"`
	Field    string `json:"field,omitempty"`
	Instance string `json:"instance,omitempty"`
	// Errors lists every problem found in a document (EPCIS capture), each
	// with the JSON pointer of where it is.
	Errors []epcis.CaptureError `json:"errors,omitempty"`
}

// problemStatus maps an error code to its HTTP status and title. It is the
// one place where codes meet statuses; an unknown code is an internal error.
func problemStatus(code string) (int, string) {
	switch code {
	case lotledger.EINVALID:
		return http.StatusBadRequest, "Invalid request"
	case lotledger.EUNAUTHORIZED:
		return http.StatusUnauthorized, "Unauthorized"
	case lotledger.EFORBIDDEN:
		return http.StatusForbidden, "Forbidden"
	case lotledger.ENOTFOUND:
		return http.StatusNotFound, "Not found"
	case codeMethodNotAllowed:
		return http.StatusMethodNotAllowed, "Method not allowed"
	case lotledger.ECONFLICT:
		return http.StatusConflict, "Conflict"
	case lotledger.EINSUFFICIENT:
		return http.StatusConflict, "Insufficient stock"
	case lotledger.EBLOCKED:
		return http.StatusConflict, "Lot blocked"
	case lotledger.ETOOLARGE:
		return http.StatusRequestEntityTooLarge, "Request too large"
	case codeUnsupportedMedia:
		return http.StatusUnsupportedMediaType, "Unsupported media type"
	case codeNotAcceptable:
		return http.StatusNotAcceptable, "Not acceptable"
	case lotledger.EUNKNOWN:
		return http.StatusUnprocessableEntity, "Unknown reference"
	case codeNotImplemented:
		return http.StatusNotImplemented, "Not implemented"
	default:
		return http.StatusInternalServerError, "Internal error"
	}
}

// problemOf turns any error into a Problem. Errors that are not a
// lotledger.Error, and internal ones, never show their text: it may hold SQL
// or file paths. The caller logs them.
func problemOf(err error) Problem {
	e := lotledger.AsError(err)
	if e == nil {
		e = &lotledger.Error{Code: lotledger.EINTERNAL}
	}
	status, title := problemStatus(e.Code)
	p := Problem{
		Type:   problemTypePrefix + e.Code,
		Title:  title,
		Status: status,
		Detail: e.Message,
		Code:   e.Code,
		Field:  e.Field,
	}
	if status == http.StatusInternalServerError {
		p.Type, p.Code, p.Detail, p.Field = problemTypePrefix+lotledger.EINTERNAL, lotledger.EINTERNAL, "internal error", ""
	}
	if p.Detail == "" {
		p.Detail = title
	}
	return p
}

// epcisProblemType is the problem type the EPCIS 2.0 REST binding gives an
// answer of this status on r, an /epcis/ route ("" elsewhere): the
// standard's exception names, which partners' EPCIS clients act on.
// lotledger's own code and field stay in the problem beside it.
func epcisProblemType(r *http.Request, status int) string {
	if !strings.HasPrefix(r.URL.Path, "/epcis/") {
		return ""
	}
	capture := (r.URL.Path == "/epcis/capture" || r.URL.Path == "/epcis/events") && r.Method == http.MethodPost
	switch {
	case status == http.StatusConflict && (r.URL.Path == "/epcis/events" || r.URL.Path == "/epcis/queries") && r.Method == http.MethodPost:
		return "epcisException:ResourceAlreadyExistsException"
	case status == http.StatusBadRequest && strings.HasSuffix(r.URL.Path, "/subscriptions") && r.Method == http.MethodPost:
		return "epcisException:SubscriptionControlsException"
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return "epcisException:SecurityException"
	case status == http.StatusNotFound:
		return "epcisException:NoSuchResourceException"
	case status == http.StatusNotAcceptable:
		return "epcisException:NotAcceptableException"
	case status == http.StatusUnsupportedMediaType:
		return "epcisException:UnsupportedMediaTypeException"
	case status == http.StatusRequestEntityTooLarge && capture:
		return "epcisException:CaptureLimitExceededException"
	case status == http.StatusRequestEntityTooLarge:
		return "epcisException:QueryTooLargeException"
	case status >= 500:
		return "epcisException:ImplementationException"
	case capture: // invalid, or refused by the ledger (unknown lot, no stock)
		return "epcisException:ValidationException"
	case status == http.StatusBadRequest:
		return "epcisException:QueryParameterException"
	}
	return ""
}

// writeError answers with err as application/problem+json. Internal errors
// are logged with their full text, which the client does not see.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	s.writeProblem(w, r, err, nil)
}

// writeProblem is writeError with the list of a document's problems (EPCIS
// capture), each with its JSON pointer. On the /epcis/ routes the type is
// the REST binding's exception name.
func (s *Server) writeProblem(w http.ResponseWriter, r *http.Request, err error, list []epcis.CaptureError) {
	p := problemOf(err)
	p.Instance, p.Errors = r.URL.Path, list
	if t := epcisProblemType(r, p.Status); t != "" {
		p.Type = t
	}
	if info := infoFrom(r.Context()); info != nil {
		info.code = p.Code
	}
	if p.Status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "internal error",
			"method", r.Method, "path", r.URL.Path, "request_id", requestIDFrom(r.Context()), "err", err)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// writeJSON answers with v as JSON. An encoding failure after the header is
// sent can only be logged.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	b = append(b, '\n')
	if _, err := w.Write(b); err != nil {
		s.log.DebugContext(r.Context(), "write response", "err", err)
	}
}

// notImplemented answers 501 for a route whose optional service (EPCIS,
// capture, notices) this server was started without.
func (s *Server) notImplemented(w http.ResponseWriter, r *http.Request, what string) {
	s.writeError(w, r, lotledger.Errorf(codeNotImplemented, "", "this server has no %s service", what))
}
