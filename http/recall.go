package http

import (
	"encoding/csv"
	"net/http"
	"strings"

	"lotledger"
)

// handleStartRecall answers POST /api/v1/recalls: the scope is found, every
// lot in it recalled (unless mock) and the scope recorded, in one step.
func (s *Server) handleStartRecall(w http.ResponseWriter, r *http.Request) {
	var req lotledger.RecallRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.ledger.StartRecall(r.Context(), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/recalls/"+rec.ID)
	s.writeJSON(w, r, http.StatusCreated, rec)
}

// handleRecall answers GET /api/v1/recalls/{id}, as JSON or, with
// ?format=csv, as one row per customer and lot for the regulator.
func (s *Server) handleRecall(w http.ResponseWriter, r *http.Request) {
	rec, err := s.ledger.Recall(r.Context(), r.PathValue("id"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	switch r.URL.Query().Get("format") {
	case "", "json":
		s.writeJSON(w, r, http.StatusOK, rec)
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+rec.ID+`.csv"`)
		writeRecallCSV(w, rec)
	default:
		s.writeError(w, r, lotledger.Errorf(lotledger.EINVALID, "format", "format must be json or csv"))
	}
}

// writeRecallCSV writes one row per customer and lot: who received how much
// of which lot, when, under which references.
func writeRecallCSV(w http.ResponseWriter, rec *lotledger.Recall) {
	cw := csv.NewWriter(w)
	cw.Write([]string{"recall", "reason", "customer", "customer_name", "email", "sku", "lot", "quantity", "first_shipped", "last_shipped", "references"})
	for _, c := range rec.Customers {
		cw.Write([]string{rec.ID, rec.Reason, c.Customer, c.Name, c.Email, c.Lot.SKU, c.Lot.Lot, c.Quantity.String(),
			c.First.Format("2006-01-02"), c.Last.Format("2006-01-02"), strings.Join(c.References, " ")})
	}
	cw.Flush()
}

// handleRecovery answers POST /api/v1/recalls/{id}/recoveries.
func (s *Server) handleRecovery(w http.ResponseWriter, r *http.Request) {
	var req lotledger.RecoveryRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.ledger.RecordRecovery(r.Context(), r.PathValue("id"), req)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusCreated, rec)
}

// closeRequest is the body of POST /api/v1/recalls/{id}/close.
type closeRequest struct {
	Reason string `json:"reason"`
}

// handleCloseRecall answers POST /api/v1/recalls/{id}/close.
func (s *Server) handleCloseRecall(w http.ResponseWriter, r *http.Request) {
	var req closeRequest
	if err := s.decodeBody(w, r, &req, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	rec, err := s.ledger.CloseRecall(r.Context(), r.PathValue("id"), req.Reason)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, rec)
}

// handleRecalls answers GET /api/v1/recalls?mock=: recalls and drills,
// newest first, with how long each took to scope.
func (s *Server) handleRecalls(w http.ResponseWriter, r *http.Request) {
	p, err := pageRequest(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.ledger.Recalls(r.Context(), lotledger.RecallFilter{Mock: r.URL.Query().Get("mock"), PageRequest: p})
	writePage(s, w, r, page, err)
}
