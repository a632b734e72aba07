package http

import (
	"net/http"

	"lotledger"
)

// handleCreateLocation answers POST /api/v1/locations with 201 and the location.
func (s *Server) handleCreateLocation(w http.ResponseWriter, r *http.Request) {
	var l lotledger.Location
	if err := s.decodeBody(w, r, &l, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	created, err := s.ledger.CreateLocation(r.Context(), l)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, created)
}

// handleLocations answers GET /api/v1/locations with one page of locations.
func (s *Server) handleLocations(w http.ResponseWriter, r *http.Request) {
	p, err := pageRequest(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.ledger.Locations(r.Context(), p)
	writePage(s, w, r, page, err)
}
