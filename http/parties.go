package http

import (
	"net/http"

	"lotledger"
)

// handleCreateParty answers POST /api/v1/parties with 201 and the party.
func (s *Server) handleCreateParty(w http.ResponseWriter, r *http.Request) {
	var p lotledger.Party
	if err := s.decodeBody(w, r, &p, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	created, err := s.ledger.CreateParty(r.Context(), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, created)
}

// handleParties answers GET /api/v1/parties with one page of parties.
func (s *Server) handleParties(w http.ResponseWriter, r *http.Request) {
	p, err := pageRequest(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.ledger.Parties(r.Context(), p)
	writePage(s, w, r, page, err)
}
