package http

import (
	_ "embed"
	"html/template"
	"net/http"
	"strings"
)

//go:embed public.html
var publicPage string

var publicTemplate = template.Must(template.New("public").Parse(publicPage))

// handlePublicLot answers GET /01/{gtin}/10/{lot}, the GS1 Digital Link of
// a lot: the page a consumer reaches by scanning the code on a jar. It says
// whether the lot is recalled and why, and nothing about stock or customers.
// A client that asks for JSON gets JSON.
func (s *Server) handlePublicLot(w http.ResponseWriter, r *http.Request) {
	p, err := s.ledger.PublicLot(r.Context(), r.PathValue("gtin"), r.PathValue("lot"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store") // a recall can start any minute
	if strings.Contains(r.Header.Get("Accept"), "application/json") {
		s.writeJSON(w, r, http.StatusOK, p)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := publicTemplate.Execute(w, p); err != nil {
		s.log.ErrorContext(r.Context(), "render public lot page", "err", err)
	}
}
