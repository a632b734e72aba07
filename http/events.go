package http

import (
	"net/http"

	"lotledger"
)

// handleEvents answers GET /api/v1/events with ledger events, oldest first,
// filtered by after_seq, kind, sku and lot.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := pageRequest(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	after, err := afterSeqParam(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	kind, err := kindParam(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := lotledger.EventFilter{AfterSeq: after, Kind: kind, SKU: q.Get("sku"), Lot: q.Get("lot"), PageRequest: p}
	page, err := s.ledger.Events(r.Context(), f)
	writePage(s, w, r, page, err)
}

// handleVerify answers GET /api/v1/ledger/verify: the hash chain recomputed,
// with the first altered event named. A broken chain is still a 200: the
// check ran, and its answer is in the body.
func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	rep, err := s.ledger.Verify(r.Context())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, rep)
}
