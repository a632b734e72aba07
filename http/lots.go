package http

import (
	"net/http"

	"lotledger"
)

// handleStock answers GET /api/v1/stock with stock rows filtered by sku,
// lot, location and status.
func (s *Server) handleStock(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := pageRequest(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status, err := statusParam(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := lotledger.StockFilter{
		SKU: q.Get("sku"), Lot: q.Get("lot"), Location: q.Get("location"), Status: status,
		PageRequest: p,
	}
	page, err := s.ledger.Stock(r.Context(), f)
	writePage(s, w, r, page, err)
}

// handleLots answers GET /api/v1/lots with lots filtered by sku, status,
// supplier_lot and expires_before.
func (s *Server) handleLots(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, err := pageRequest(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	status, err := statusParam(q)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	before, err := lotledger.ParseDate("expires_before", q.Get("expires_before"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	f := lotledger.LotFilter{
		SKU: q.Get("sku"), Status: status, SupplierLot: q.Get("supplier_lot"), ExpiresBefore: before,
		PageRequest: p,
	}
	page, err := s.ledger.Lots(r.Context(), f)
	writePage(s, w, r, page, err)
}

// handleLot answers GET /api/v1/lots/{sku}/{lot} with the lot, its stock,
// its genealogy links and its events.
func (s *Server) handleLot(w http.ResponseWriter, r *http.Request) {
	d, err := s.ledger.Lot(r.Context(), r.PathValue("sku"), r.PathValue("lot"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, d)
}
