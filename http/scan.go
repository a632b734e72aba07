package http

import "net/http"

// scanRequest is the body of POST /api/v1/scan.
type scanRequest struct {
	Data string `json:"data"`
}

// handleScan answers POST /api/v1/scan: what a scanned GS1 barcode means.
func (s *Server) handleScan(w http.ResponseWriter, r *http.Request) {
	var req scanRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := s.ledger.Scan(r.Context(), req.Data)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, res)
}
