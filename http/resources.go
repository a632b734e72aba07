package http

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"lotledger"
	"lotledger/epcis"
)

// The REST binding's resource navigation: /epcis/eventTypes,
// /epcis/bizSteps, /epcis/dispositions, /epcis/readPoints and
// /epcis/bizLocations list the values found in the ledger's events, and
// /epcis/{resource}/{value}/events (and /epcis/epcs/{epc}/events) are
// GET /epcis/events with that value as one more filter.

// epcisEventTypes are the event types of EPCIS 2.0, all of which the
// ledger stores.
var epcisEventTypes = []string{"ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent", "AssociationEvent"}

// resourceParams maps a navigable resource to the query parameter its
// value filters by.
var resourceParams = map[string]string{
	"eventTypes":   "eventType",
	"bizSteps":     "EQ_bizStep",
	"dispositions": "EQ_disposition",
	"readPoints":   "EQ_readPoint",
	"bizLocations": "EQ_bizLocation",
	"epcs":         "MATCH_anyEPC",
}

// handleEventTypes answers GET /epcis/eventTypes.
func (s *Server) handleEventTypes(w http.ResponseWriter, r *http.Request) {
	s.epcisHeaders(w)
	s.writeJSON(w, r, http.StatusOK, epcisEventTypes)
}

// epcisTopLevel are the REST binding's top-level resources, as GET /epcis
// lists them.
var epcisTopLevel = []string{"capture", "events", "eventTypes", "epcs", "bizSteps", "bizLocations", "readPoints", "dispositions", "queries"}

// handleEPCISRoot answers GET /epcis: the top-level resources (the
// binding's HATEOAS discovery).
func (s *Server) handleEPCISRoot(w http.ResponseWriter, r *http.Request) {
	s.epcisHeaders(w)
	s.writeJSON(w, r, http.StatusOK, epcisTopLevel)
}

// handleSubResources answers GET /epcis/{resource}/{value}: what can be
// read under one value, which is its events.
func (s *Server) handleSubResources(w http.ResponseWriter, r *http.Request) {
	s.epcisHeaders(w)
	s.writeJSON(w, r, http.StatusOK, []string{"events"})
}

// handleEPCISValues answers GET /epcis/{resource} for the resources whose
// values come from the ledger: a JSON array of values in order, a page at
// a time (perPage, default 30, at most 1,000; Link rel=next).
func (s *Server) handleEPCISValues(resource string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.epcisHeaders(w)
		if s.epcis == nil {
			s.notImplemented(w, r, "EPCIS")
			return
		}
		q := r.URL.Query()
		perPage := lotledger.EPCISDefaultPerPage
		if v := q.Get("perPage"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				s.writeError(w, r, lotledger.Errorf(lotledger.EINVALID, "perPage", "perPage must be a positive integer, not %q", v))
				return
			}
			perPage = min(n, lotledger.EPCISMaxPerPage)
		}
		after, err := base64.RawURLEncoding.DecodeString(q.Get("nextPageToken"))
		if err != nil {
			s.writeError(w, r, lotledger.Errorf(lotledger.EINVALID, "nextPageToken", "nextPageToken %q is not a token this repository issued", q.Get("nextPageToken")))
			return
		}
		values, next, err := s.epcis.EPCISValues(r.Context(), resource, string(after), perPage)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		if next != "" {
			w.Header().Set("Link", "<"+nextPageURL(r, base64.RawURLEncoding.EncodeToString([]byte(next)))+`>; rel="next"`)
		}
		s.writeJSON(w, r, http.StatusOK, values)
	}
}

// handleResourceEvents answers GET /epcis/{resource}/{value}/events: the
// events with that value, filtered and paged as GET /epcis/events. For
// /epcis/epcs, a class (a GTIN, or a lot: …/01/{gtin}/10/{lot}) finds the
// events naming it in any quantity list, an instance those naming it in
// any role.
func (s *Server) handleResourceEvents(resource string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q, ok := s.epcisQuery(w, r)
		if !ok {
			return
		}
		value := r.PathValue("value")
		param := resourceParams[resource]
		if resource == "epcs" && isClassID(value) {
			param = "MATCH_anyEPCClass"
		}
		if _, dup := q.Params[param]; dup {
			s.writeError(w, r, lotledger.Errorf(lotledger.EINVALID, param, "%s is given by the path of /epcis/%s/{value}/events", param, resource))
			return
		}
		q.Params[param] = []string{value}
		s.answerQuery(w, r, simpleEventQuery, q)
	}
}

// isClassID reports whether an identifier names a class of trade items (a
// GTIN, or a GTIN's lot) rather than one instance (a GTIN with a serial).
func isClassID(id string) bool {
	c := epcis.CanonicalID(id)
	return strings.HasPrefix(c, "https://id.gs1.org/01/") && !strings.Contains(c, "/21/")
}
