package http

import (
	"context"
	"net/http"

	"lotledger"
)

// Every movement endpoint decodes one command, hands it to the Ledger and
// answers with the recorded event: 201 when it is new, 200 when the
// command's id had been seen before and the ledger replayed the first answer.

func (s *Server) handleReceive(w http.ResponseWriter, r *http.Request) {
	runCommand(s, w, r, s.ledger.Receive)
}

func (s *Server) handleShip(w http.ResponseWriter, r *http.Request) {
	runCommand(s, w, r, s.ledger.Ship)
}

func (s *Server) handleTransfer(w http.ResponseWriter, r *http.Request) {
	runCommand(s, w, r, s.ledger.Transfer)
}

func (s *Server) handleProduce(w http.ResponseWriter, r *http.Request) {
	runCommand(s, w, r, s.ledger.Produce)
}

func (s *Server) handleAdjust(w http.ResponseWriter, r *http.Request) {
	runCommand(s, w, r, s.ledger.Adjust)
}

func (s *Server) handleDispose(w http.ResponseWriter, r *http.Request) {
	runCommand(s, w, r, s.ledger.Dispose)
}

func (s *Server) handleReturn(w http.ResponseWriter, r *http.Request) {
	runCommand(s, w, r, s.ledger.Return)
}

// arrivalBody is the optional body of POST /api/v1/transfers/{id}/arrival;
// the transfer comes from the path, so the body cannot name another one.
type arrivalBody struct {
	ID   string `json:"id,omitempty"`
	Time string `json:"time,omitempty"`
}

// handleArrival completes the transfer whose event id is in the path.
func (s *Server) handleArrival(w http.ResponseWriter, r *http.Request) {
	var b arrivalBody
	if err := s.decodeBody(w, r, &b, true); err != nil {
		s.writeError(w, r, err)
		return
	}
	a := lotledger.Arrival{ID: b.ID, Time: b.Time, Transfer: r.PathValue("id")}
	res, err := s.ledger.ArriveTransfer(r.Context(), a)
	s.writeResult(w, r, res, err)
}

// statusBody is the body of POST /api/v1/lots/{sku}/{lot}/status; the lot
// comes from the path.
type statusBody struct {
	ID     string `json:"id,omitempty"`
	Time   string `json:"time,omitempty"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// handleStatus changes the status of the lot in the path.
func (s *Server) handleStatus(w http.ResponseWriter, r *http.Request) {
	var b statusBody
	if err := s.decodeBody(w, r, &b, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	c := lotledger.StatusChange{
		ID: b.ID, Time: b.Time, SKU: r.PathValue("sku"), Lot: r.PathValue("lot"),
		Status: b.Status, Reason: b.Reason,
	}
	res, err := s.ledger.ChangeLotStatus(r.Context(), c)
	s.writeResult(w, r, res, err)
}

// runCommand decodes a command of type C from the body and runs it.
func runCommand[C any](s *Server, w http.ResponseWriter, r *http.Request, do func(context.Context, C) (*lotledger.Result, error)) {
	var c C
	if err := s.decodeBody(w, r, &c, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	res, err := do(r.Context(), c)
	s.writeResult(w, r, res, err)
}

// writeResult answers a command: 201 for a new event, 200 for a replay.
func (s *Server) writeResult(w http.ResponseWriter, r *http.Request, res *lotledger.Result, err error) {
	if err == nil && res == nil {
		err = lotledger.Errorf(lotledger.EINTERNAL, "", "ledger returned no result")
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if res.Replayed {
		s.writeJSON(w, r, http.StatusOK, res)
		return
	}
	s.metrics.eventRecorded(res.Kind)
	s.writeJSON(w, r, http.StatusCreated, res)
}
