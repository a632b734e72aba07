package http

import (
	"context"
	_ "embed"
	"html/template"
	"net/http"
	"strings"

	"lotledger"
)

// Notices acknowledges recall notices. The store answers for the notices
// and a signer (package notify) for the links, so the server never holds
// the server key; cmd/lotledger puts the two together.
type Notices interface {
	Notice(ctx context.Context, id string) (*lotledger.Notice, error)
	AcknowledgeNotice(ctx context.Context, id, by string) error
	// ValidAckLink reports whether sig is the signature of notice id's
	// acknowledgement link.
	ValidAckLink(id, sig string) bool
}

// ackRequest is the body of POST /api/v1/notices/{id}/ack; By defaults to
// the acting user.
type ackRequest struct {
	By string `json:"by,omitempty"`
}

// handleAckNotice answers POST /api/v1/notices/{id}/ack: a customer's
// system, or someone who took the notice by phone, acknowledges it.
// Acknowledging again changes nothing and answers the same.
func (s *Server) handleAckNotice(w http.ResponseWriter, r *http.Request) {
	if s.notices == nil {
		s.notImplemented(w, r, "recall notice")
		return
	}
	var req ackRequest
	if err := s.decodeBody(w, r, &req, true); err != nil {
		s.writeError(w, r, err)
		return
	}
	by := strings.TrimSpace(req.By)
	if by == "" {
		by = lotledger.UserFrom(r.Context())
	}
	n, err := s.acknowledge(r.Context(), r.PathValue("id"), by)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, n)
}

func (s *Server) acknowledge(ctx context.Context, id, by string) (*lotledger.Notice, error) {
	if err := s.notices.AcknowledgeNotice(ctx, id, by); err != nil {
		return nil, err
	}
	return s.notices.Notice(ctx, id)
}

//go:embed ack.html
var ackPage string

var ackTemplate = template.Must(template.New("ack").Parse(ackPage))

// handleAckLink answers GET /ack/{id}?sig=..., the link in a notice: the
// signature proves the link came from the notice, so a person who clicks it
// needs no account. A wrong signature is refused with 403 and changes
// nothing.
func (s *Server) handleAckLink(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the signature must not leak to other sites
	if s.notices == nil {
		s.notImplemented(w, r, "recall notice")
		return
	}
	id := r.PathValue("id")
	if !s.notices.ValidAckLink(id, r.URL.Query().Get("sig")) {
		s.writeError(w, r, lotledger.Errorf(lotledger.EFORBIDDEN, "sig", "this acknowledgement link is not valid: use the link in the notice as it was sent"))
		return
	}
	n, err := s.notices.Notice(r.Context(), id)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if n, err = s.acknowledge(r.Context(), id, n.Customer+" (link in the notice)"); err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := ackTemplate.Execute(w, n); err != nil {
		s.log.ErrorContext(r.Context(), "render acknowledgement page", "err", err)
	}
}
