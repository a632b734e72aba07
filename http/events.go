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
