package http

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"lotledger"
	"lotledger/epcis"
)

// The EPCIS 2.0 query interface (REST binding): GET /epcis/events and
// GET /epcis/events/{eventID} answer EPCISQueryDocuments over the same
// ledger the native API writes. The events are sent as the ledger stores
// them, with the ledger's recordTime and any error declaration made about
// them (store.answerEvent), their EPC URNs written as Digital Links unless
// the client asks for them as captured (epcFormat).

// EPCIS answers EPCIS 2.0 queries; the store implements it. It is separate
// from lotledger.Ledger so that a server without it still serves the native
// API (the EPCIS routes then answer 501).
type EPCIS interface {
	QueryEPCIS(ctx context.Context, q lotledger.EPCISQuery) (*lotledger.EPCISResult, error)
	EPCISEvent(ctx context.Context, eventID string) (json.RawMessage, error)
	// EPCISValues lists the values of one field of the ledger's events
	// (resource: bizSteps, dispositions, readPoints, bizLocations; epcs,
	// the identifiers of objects), a page at a time: next is the after of
	// the following page, "" at the end.
	EPCISValues(ctx context.Context, resource, after string, limit int) (values []string, next string, err error)
}

// The versions of the standards the answers follow, sent on every EPCIS
// answer as the REST binding asks.
const (
	epcisVersion = "2.0.0"
	cbvVersion   = "2.0.0"
)

// simpleEventQuery names the query of GET /epcis/events in its answers.
const simpleEventQuery = "SimpleEventQuery"

// handleEPCISEvents answers GET /epcis/events: one page of matching events,
// with a Link header to the next page.
func (s *Server) handleEPCISEvents(w http.ResponseWriter, r *http.Request) {
	q, ok := s.epcisQuery(w, r)
	if ok {
		s.answerQuery(w, r, simpleEventQuery, q)
	}
}

// epcisQuery starts an EPCIS query route: the EPCIS headers, 501 without
// the service, 406 for a client that cannot read the answer, and the
// query string read as GET /epcis/events reads it. It reports whether the
// route may go on.
func (s *Server) epcisQuery(w http.ResponseWriter, r *http.Request) (lotledger.EPCISQuery, bool) {
	s.epcisHeaders(w)
	if s.epcis == nil {
		s.notImplemented(w, r, "EPCIS")
		return lotledger.EPCISQuery{}, false
	}
	if err := acceptable(r); err != nil {
		s.writeError(w, r, err)
		return lotledger.EPCISQuery{}, false
	}
	q, err := ParseEPCISQuery(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return q, false
	}
	return q, true
}

// answerQuery runs q and answers its page as an EPCISQueryDocument of the
// query queryName, with a Link header to the next page.
func (s *Server) answerQuery(w http.ResponseWriter, r *http.Request, queryName string, q lotledger.EPCISQuery) {
	res, err := s.epcis.QueryEPCIS(r.Context(), q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if res.NextPageToken != "" {
		w.Header().Set("Link", "<"+nextPageURL(r, res.NextPageToken)+`>; rel="next"`)
		w.Header().Set("GS1-Next-Page-Token-Expires", res.NextPageExpires.UTC().Format(time.RFC3339))
	}
	s.writeQueryDocument(w, r, queryName, res.Events, res.Time)
}

// handleEPCISEvent answers GET /epcis/events/{eventID}: the one event, in a
// query document as the REST binding specifies. eventID comes URL-encoded
// (an eventID is a URI); it may also be the event's CBV 2.0 hash.
func (s *Server) handleEPCISEvent(w http.ResponseWriter, r *http.Request) {
	s.epcisHeaders(w)
	if s.epcis == nil {
		s.notImplemented(w, r, "EPCIS")
		return
	}
	if err := acceptable(r); err != nil {
		s.writeError(w, r, err)
		return
	}
	ev, err := s.epcis.EPCISEvent(r.Context(), r.PathValue("eventID"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeQueryDocument(w, r, simpleEventQuery, []json.RawMessage{ev}, time.Now())
}

// epcisOptions answers OPTIONS on an EPCIS resource, the REST binding's
// discovery: the methods, the one EPCIS and CBV version spoken, identifiers
// written as Digital Links, and for capture its limits and its one error
// behaviour.
func (s *Server) epcisOptions(allow string, capture bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Allow", allow)
		s.epcisHeaders(w)
		for _, name := range []string{"GS1-EPCIS-Min", "GS1-EPCIS-Max"} {
			h.Set(name, epcisVersion)
		}
		for _, name := range []string{"GS1-CBV-Min", "GS1-CBV-Max"} {
			h.Set(name, cbvVersion)
		}
		h.Set("GS1-EPC-Format", "Always_GS1_Digital_Link")
		if capture {
			captureHeaders(w)
			h.Set("GS1-Capture-Error-Behaviour", "rollback")
		}
		w.WriteHeader(http.StatusNoContent)
	}
}

// acceptable refuses, as the REST binding's 406, a query whose client
// accepts neither JSON nor JSON-LD (application/xml alone, say), asks for
// EPCIS or CBV versions that exclude 2.0.0 (GS1-EPCIS-Min and -Max,
// GS1-CBV-Min and -Max), the only ones spoken here, or asks for
// identifiers as EPC URNs (epcFormat).
func acceptable(r *http.Request) error {
	if accept := r.Header.Get("Accept"); accept != "" && !acceptsJSON(accept) {
		return lotledger.Errorf(codeNotAcceptable, "Accept", "answers are application/json or application/ld+json, which Accept %q does not take", accept)
	}
	if _, err := epcFormat(r); err != nil {
		return err
	}
	for _, h := range []struct{ min, max, version string }{
		{"GS1-EPCIS-Min", "GS1-EPCIS-Max", epcisVersion},
		{"GS1-CBV-Min", "GS1-CBV-Max", cbvVersion},
	} {
		if v := r.Header.Get(h.min); v != "" && compareVersions(v, h.version) > 0 {
			return lotledger.Errorf(codeNotAcceptable, h.min, "%s %s: this repository speaks %s only", h.min, v, h.version)
		}
		if v := r.Header.Get(h.max); v != "" && compareVersions(v, h.version) < 0 {
			return lotledger.Errorf(codeNotAcceptable, h.max, "%s %s: this repository speaks %s only", h.max, v, h.version)
		}
	}
	return nil
}

// acceptsJSON reports whether an Accept header takes JSON or JSON-LD.
func acceptsJSON(accept string) bool {
	for _, part := range strings.Split(accept, ",") {
		media, _, _ := strings.Cut(part, ";")
		switch strings.ToLower(strings.TrimSpace(media)) {
		case "*/*", "application/*", "application/json", "application/ld+json":
			return true
		}
	}
	return false
}

// compareVersions compares dotted version numbers ("2.0" is "2.0.0").
func compareVersions(a, b string) int {
	as, bs := strings.Split(strings.TrimSpace(a), "."), strings.Split(b, ".")
	for i := range max(len(as), len(bs)) {
		x, y := 0, 0
		if i < len(as) {
			x, _ = strconv.Atoi(as[i])
		}
		if i < len(bs) {
			y, _ = strconv.Atoi(bs[i])
		}
		if x != y {
			return cmp.Compare(x, y)
		}
	}
	return 0
}

func (s *Server) epcisHeaders(w http.ResponseWriter) {
	w.Header().Set("GS1-EPCIS-Version", epcisVersion)
	w.Header().Set("GS1-CBV-Version", cbvVersion)
}

// ParseEPCISQuery reads the REST binding's query string: perPage and
// nextPageToken for paging, every other parameter an EPCIS query parameter
// whose values are "|"-separated (OpenAPI pipeDelimited), or repeated.
// lotledger export reads its --query the same way.
func ParseEPCISQuery(v url.Values) (lotledger.EPCISQuery, error) {
	q := lotledger.EPCISQuery{Params: map[string][]string{}, NextPageToken: v.Get("nextPageToken")}
	if s := v.Get("perPage"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return q, lotledger.Errorf(lotledger.EINVALID, "perPage", "perPage must be a positive integer, not %q", s)
		}
		q.PerPage = n
	}
	for name, values := range v {
		if name == "perPage" || name == "nextPageToken" {
			continue
		}
		for _, val := range values {
			q.Params[name] = append(q.Params[name], splitPipes(name, val)...)
		}
	}
	return q, nil
}

// splitPipes splits one value on "|". In a time, a space can only be a "+"
// of the zone offset that was not percent-encoded, so it is put back.
func splitPipes(name, val string) []string {
	if strings.HasSuffix(name, "Time") {
		val = strings.ReplaceAll(val, " ", "+")
	}
	return strings.Split(val, "|")
}

// nextPageURL is the request's own URL with the next token. It is relative
// (RFC 8288 allows a URI reference): behind a proxy, the server cannot know
// the scheme and host the client used.
func nextPageURL(r *http.Request, token string) string {
	q := r.URL.Query()
	q.Set("nextPageToken", token)
	return r.URL.Path + "?" + q.Encode()
}

// epcFormat reads the request's GS1-EPC-Format: how the events' identifiers
// are written in the answer. Without it, or with Always_GS1_Digital_Link,
// EPC URNs become Digital Links (the REST binding's default);
// Never_Translates and No_Preference keep the identifiers as captured.
// Always_EPC_URN is refused (406): a Digital Link's GS1 company prefix, and
// so its URN, cannot be told from the key alone.
func epcFormat(r *http.Request) (string, error) {
	switch f := strings.TrimSpace(r.Header.Get("GS1-EPC-Format")); f {
	case "", epcis.EPCFormatDigitalLink:
		return epcis.EPCFormatDigitalLink, nil
	case epcis.EPCFormatAsCaptured, epcis.EPCFormatAny:
		return epcis.EPCFormatAsCaptured, nil
	case epcis.EPCFormatURN:
		return "", lotledger.Errorf(codeNotAcceptable, "GS1-EPC-Format", "identifiers are answered as GS1 Digital Links (Always_GS1_Digital_Link) or as captured "+
			"(Never_Translates), not as EPC URNs: the length of a GS1 company prefix cannot be told from a Digital Link")
	default:
		return "", lotledger.Errorf(lotledger.EINVALID, "GS1-EPC-Format", "GS1-EPC-Format %q is not No_Preference, Always_GS1_Digital_Link, Always_EPC_URN or Never_Translates", f)
	}
}

// inEPCFormat writes events' identifiers as the request asks (epcFormat,
// already checked) and says so in the answer's GS1-EPC-Format.
func inEPCFormat(w http.ResponseWriter, r *http.Request, events []json.RawMessage) []json.RawMessage {
	f, _ := epcFormat(r)
	w.Header().Set("GS1-EPC-Format", f)
	if f == epcis.EPCFormatDigitalLink {
		return epcis.DigitalLinkEvents(events)
	}
	return events
}

// writeQueryDocument answers with events wrapped in an EPCISQueryDocument
// of the query queryName, their identifiers as the request asks.
func (s *Server) writeQueryDocument(w http.ResponseWriter, r *http.Request, queryName string, events []json.RawMessage, created time.Time) {
	body, err := epcis.QueryDocument(queryName, "", inEPCFormat(w, r, events), created)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if _, err := w.Write(body); err != nil {
		s.log.DebugContext(r.Context(), "write response", "err", err)
	}
}
