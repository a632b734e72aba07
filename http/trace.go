package http

import (
	"net/http"
	"strconv"

	"lotledger"
)

// handleTrace answers GET /api/v1/lots/{sku}/{lot}/trace?direction=&depth=:
// every lot reached backward and/or forward, the production links, the
// suppliers and the customers.
func (s *Server) handleTrace(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := lotledger.TraceRequest{SKU: r.PathValue("sku"), Lot: r.PathValue("lot"), Direction: q.Get("direction")}
	if d := q.Get("depth"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 0 {
			s.writeError(w, r, lotledger.Errorf(lotledger.EINVALID, "depth", "depth must be a whole number, 0 for all levels"))
			return
		}
		req.Depth = n
	}
	t, err := s.ledger.Trace(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, t)
}

// handleScope answers GET /api/v1/lots/{sku}/{lot}/scope?direction=: the
// lots, suppliers, customers' holdings and stock the lot concerns.
func (s *Server) handleScope(w http.ResponseWriter, r *http.Request) {
	req := lotledger.ScopeRequest{Lots: []lotledger.LotRef{{SKU: r.PathValue("sku"), Lot: r.PathValue("lot")}}, Direction: r.URL.Query().Get("direction")}
	sc, err := s.ledger.Scope(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, sc)
}
