package http

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"lotledger"
)

// Named queries and subscriptions, the REST binding's /queries routes under
// /epcis: a partner saves a query, reads its events, and subscribes a
// webhook to it (package notify sends the reports).

// Queries keeps named queries and their subscriptions; the store implements
// it. nil makes the /epcis/queries routes answer 501.
type Queries interface {
	SaveEPCISQuery(ctx context.Context, name string, params map[string][]string) (*lotledger.EPCISNamedQuery, error)
	EPCISQueries(ctx context.Context) ([]lotledger.EPCISNamedQuery, error)
	EPCISNamedQuery(ctx context.Context, name string) (*lotledger.EPCISNamedQuery, error)
	DeleteEPCISQuery(ctx context.Context, name string) error
	Subscribe(ctx context.Context, sub lotledger.EPCISSubscription) (*lotledger.EPCISSubscription, error)
	Subscriptions(ctx context.Context, query string) ([]lotledger.EPCISSubscription, error)
	Subscription(ctx context.Context, query, id string) (*lotledger.EPCISSubscription, error)
	Unsubscribe(ctx context.Context, query, id string) error
	// SubscriptionStart and SubscriptionReport serve WebSocket
	// subscriptions, whose place in the ledger the server keeps.
	SubscriptionStart(ctx context.Context, initial time.Time) (int64, error)
	SubscriptionReport(ctx context.Context, sub lotledger.EPCISSubscription, perPage int) ([]json.RawMessage, int64, bool, error)
}

// queriesReady answers 501 without a Queries, and sets the EPCIS headers.
func (s *Server) queriesReady(w http.ResponseWriter, r *http.Request) bool {
	s.epcisHeaders(w)
	if s.queries == nil || s.epcis == nil {
		s.notImplemented(w, r, "EPCIS named queries")
		return false
	}
	return true
}

// namedQueryRequest is the body of POST /epcis/queries.
type namedQueryRequest struct {
	Name  string                     `json:"name"`
	Query map[string]json.RawMessage `json:"query"`
}

// handleSaveQuery answers POST /epcis/queries: 201 with the query's
// Location, 409 when the name is taken.
func (s *Server) handleSaveQuery(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	var req namedQueryRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	params, err := namedQueryParams(req.Query)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	q, err := s.queries.SaveEPCISQuery(r.Context(), req.Name, params)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/epcis/queries/"+url.PathEscape(q.Name))
	s.writeJSON(w, r, http.StatusCreated, q)
}

// namedQueryParams reads a named query's parameters in their JSON form (the
// REST binding's query schema): a list of strings, or one string or number
// (times, quantities). JSON-LD keys ("@context") are not parameters. A
// missing query is left nil, for the store to refuse.
func namedQueryParams(raw map[string]json.RawMessage) (map[string][]string, error) {
	if raw == nil {
		return nil, nil
	}
	params := map[string][]string{}
	for name, v := range raw {
		if strings.HasPrefix(name, "@") {
			continue
		}
		var list []string
		var one string
		var num json.Number
		switch {
		case json.Unmarshal(v, &list) == nil && list != nil:
			params[name] = list
		case json.Unmarshal(v, &one) == nil:
			params[name] = []string{one}
		case json.Unmarshal(v, &num) == nil:
			params[name] = []string{num.String()}
		default:
			return nil, lotledger.Errorf(lotledger.EINVALID, "query."+name,
				"query.%s must be a list of strings, a string or a number", name)
		}
	}
	return params, nil
}

// handleQueries answers GET /epcis/queries: every named query.
func (s *Server) handleQueries(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	qs, err := s.queries.EPCISQueries(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, qs)
}

// handleQuery answers GET /epcis/queries/{queryName}.
func (s *Server) handleQuery(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	q, err := s.queries.EPCISNamedQuery(r.Context(), r.PathValue("queryName"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, q)
}

// handleDeleteQuery answers DELETE /epcis/queries/{queryName}: the query
// and its subscriptions go together.
func (s *Server) handleDeleteQuery(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	if err := s.queries.DeleteEPCISQuery(r.Context(), r.PathValue("queryName")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// handleQueryEvents answers GET /epcis/queries/{queryName}/events: a page
// of the query's events, paged as GET /epcis/events is. Only perPage and
// nextPageToken may be given: the filter is the saved one.
func (s *Server) handleQueryEvents(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	page, ok := s.epcisQuery(w, r)
	if !ok {
		return
	}
	q, err := s.queries.EPCISNamedQuery(r.Context(), r.PathValue("queryName"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if isWebSocket(r) {
		s.subscribeSocket(w, r, q)
		return
	}
	if extra := slices.Sorted(maps.Keys(page.Params)); len(extra) > 0 {
		s.writeError(w, r, lotledger.Errorf(lotledger.EINVALID, extra[0],
			"%s: a named query's events take only perPage and nextPageToken; its filter is the saved one", extra[0]))
		return
	}
	page.Params = q.Query
	s.answerQuery(w, r, q.Name, page)
}

// subscribeRequest is the body of POST /epcis/queries/{queryName}/subscriptions.
type subscribeRequest struct {
	Dest              string                   `json:"dest"`
	SignatureToken    string                   `json:"signatureToken"`
	ReportIfEmpty     bool                     `json:"reportIfEmpty"`
	Stream            bool                     `json:"stream"`
	Schedule          *lotledger.EPCISSchedule `json:"schedule"`
	InitialRecordTime string                   `json:"initialRecordTime"`
}

// handleSubscribe answers POST /epcis/queries/{queryName}/subscriptions:
// 201 with the subscription's Location. Its signatureToken is not shown
// back.
func (s *Server) handleSubscribe(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	var req subscribeRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	sub := lotledger.EPCISSubscription{Query: r.PathValue("queryName"), Dest: req.Dest, SignatureToken: req.SignatureToken,
		ReportIfEmpty: req.ReportIfEmpty, Stream: req.Stream, Schedule: req.Schedule}
	if req.InitialRecordTime != "" {
		t, err := lotledger.ParseTime("initialRecordTime", req.InitialRecordTime)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		sub.InitialRecordTime = t
	}
	made, err := s.queries.Subscribe(r.Context(), sub)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	made.SignatureToken = ""
	w.Header().Set("Location", subscriptionPath(made))
	s.writeJSON(w, r, http.StatusCreated, made)
}

func subscriptionPath(sub *lotledger.EPCISSubscription) string {
	return "/epcis/queries/" + url.PathEscape(sub.Query) + "/subscriptions/" + url.PathEscape(sub.ID)
}

// handleSubscriptions answers GET /epcis/queries/{queryName}/subscriptions.
func (s *Server) handleSubscriptions(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	subs, err := s.queries.Subscriptions(r.Context(), r.PathValue("queryName"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	for i := range subs {
		subs[i].SignatureToken = ""
	}
	s.writeJSON(w, r, http.StatusOK, subs)
}

// handleSubscription answers GET /epcis/queries/{queryName}/subscriptions/{subscriptionID}.
func (s *Server) handleSubscription(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	sub, err := s.queries.Subscription(r.Context(), r.PathValue("queryName"), r.PathValue("subscriptionID"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	sub.SignatureToken = ""
	s.writeJSON(w, r, http.StatusOK, sub)
}

// handleUnsubscribe answers DELETE /epcis/queries/{queryName}/subscriptions/{subscriptionID}.
func (s *Server) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	if !s.queriesReady(w, r) {
		return
	}
	if err := s.queries.Unsubscribe(r.Context(), r.PathValue("queryName"), r.PathValue("subscriptionID")); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
