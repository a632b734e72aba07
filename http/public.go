package http

import (
	_ "embed"
	"html/template"
	"net/http"
	"strings"

	"lotledger"
)

//go:embed public.html
var publicPage string

var publicTemplate = template.Must(template.New("public").Parse(publicPage))

// handlePublicLot answers GET /01/{gtin}/10/{lot}, the GS1 Digital Link of
// a lot: the page a consumer reaches by scanning the code on a jar. It says
// whether the lot is recalled and why, and nothing about stock or customers.
// A client that asks for JSON gets JSON.
func (s *Server) handlePublicLot(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store") // a recall can start any minute
	wantsJSON := strings.Contains(r.Header.Get("Accept"), "application/json")
	p, err := s.ledger.PublicLot(r.Context(), r.PathValue("gtin"), r.PathValue("lot"))
	if err != nil {
		code := lotledger.ErrorCode(err)
		if wantsJSON || code != lotledger.ENOTFOUND && code != lotledger.EINVALID {
			s.writeError(w, r, err)
			return
		}
		// A person scanned a code we cannot place: say so in words, not JSON.
		s.renderPublic(w, r, http.StatusNotFound, publicView{Unknown: true})
		return
	}
	if wantsJSON {
		s.writeJSON(w, r, http.StatusOK, p)
		return
	}
	s.renderPublic(w, r, http.StatusOK, publicView{PublicLot: *p})
}

// publicView is what the consumer's page shows.
type publicView struct {
	lotledger.PublicLot
	Unknown bool
}

func (s *Server) renderPublic(w http.ResponseWriter, r *http.Request, status int, v publicView) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	if err := publicTemplate.Execute(w, v); err != nil {
		s.log.ErrorContext(r.Context(), "render public lot page", "err", err)
	}
}
