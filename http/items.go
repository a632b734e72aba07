package http

import (
	"net/http"
	"net/url"

	"lotledger"
)

// handleCreateItem answers POST /api/v1/items with 201 and the item.
func (s *Server) handleCreateItem(w http.ResponseWriter, r *http.Request) {
	var it lotledger.Item
	if err := s.decodeBody(w, r, &it, false); err != nil {
		s.writeError(w, r, err)
		return
	}
	created, err := s.ledger.CreateItem(r.Context(), it)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/items/"+url.PathEscape(created.SKU))
	s.writeJSON(w, r, http.StatusCreated, created)
}

// handleItems answers GET /api/v1/items with one page of items.
func (s *Server) handleItems(w http.ResponseWriter, r *http.Request) {
	p, err := pageRequest(r.URL.Query())
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	page, err := s.ledger.Items(r.Context(), p)
	writePage(s, w, r, page, err)
}

// handleItem answers GET /api/v1/items/{sku}.
func (s *Server) handleItem(w http.ResponseWriter, r *http.Request) {
	it, err := s.ledger.Item(r.Context(), r.PathValue("sku"))
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, it)
}

// writePage answers with a page, or with err. An empty page lists "items":
// [] rather than null so clients can range over it without a check.
func writePage[T any](s *Server, w http.ResponseWriter, r *http.Request, page *lotledger.Page[T], err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if page == nil {
		page = &lotledger.Page[T]{}
	}
	if page.Items == nil {
		page.Items = []T{}
	}
	s.writeJSON(w, r, http.StatusOK, page)
}
