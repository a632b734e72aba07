package http

import (
	_ "embed"
	"net/http"
)

// docsHTML renders /api/openapi.json in the browser. It is plain HTML and
// JavaScript with nothing fetched from elsewhere, so it works offline.
//
//go:embed docs.html
var docsHTML []byte

// handleDocs answers GET /api/docs with the API reference page.
func (s *Server) handleDocs(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'")
	_, _ = w.Write(docsHTML)
}
