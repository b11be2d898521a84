package server

import (
	"fmt"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/newsfind/newsfind/search"
)

// FacetValuesResponse is the JSON shape of GET /api/facets/{field}.
type FacetValuesResponse struct {
	Field  string              `json:"field"`
	Values []search.FacetValue `json:"values"`
}

func (s *Server) search(r *http.Request) (any, error) {
	req, err := search.FromValues(r.URL.Query())
	if err != nil {
		return nil, err
	}
	if err := s.checkLimits(req.Query, req.Said, req.Size, req.FacetSize, "facet_size"); err != nil {
		return nil, err
	}
	var res *search.Response
	err = s.withSearchSlot(r.Context(), func() (err error) {
		res, err = search.Search(r.Context(), s.st, req)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", req.Query, err)
	}
	return res, nil
}

func (s *Server) quotes(r *http.Request) (any, error) {
	req, err := search.QuoteFromValues(r.URL.Query())
	if err != nil {
		return nil, err
	}
	if err := s.checkLimits(req.Query, "", req.Size, req.FacetSize, "facet_size"); err != nil {
		return nil, err
	}
	var res *search.QuoteResponse
	err = s.withSearchSlot(r.Context(), func() (err error) {
		res, err = search.SearchQuotes(r.Context(), s.st, req)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("quote search %q: %w", req.Query, err)
	}
	return res, nil
}

func (s *Server) facets(r *http.Request) (any, error) {
	field := mux.Vars(r)["field"]
	req, err := search.FacetFromValues(field, r.URL.Query())
	if err != nil {
		return nil, err
	}
	if err := s.checkLimits(req.Filters.Query, req.Filters.Said, 0, req.Size, "size"); err != nil {
		return nil, err
	}
	var vals []search.FacetValue
	err = s.withSearchSlot(r.Context(), func() (err error) {
		vals, err = search.FacetValues(r.Context(), s.st, req)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("facet values of %s: %w", req.Field, err)
	}
	if vals == nil {
		vals = []search.FacetValue{}
	}
	return FacetValuesResponse{Field: req.Field, Values: vals}, nil
}

// checkLimits applies the operator's per-request limits (Config.MaxPageSize,
// MaxFacetSize, MaxQueryLen), which may be lower than the search package's
// hard caps; the answer is a 400 naming the parameter, like search's own.
func (s *Server) checkLimits(q, said string, size, facetSize int, facetParam string) error {
	switch {
	case len(q) > s.cfg.MaxQueryLen:
		return &search.RequestError{Field: "q", Message: fmt.Sprintf("longer than %d bytes (%d)", s.cfg.MaxQueryLen, len(q))}
	case len(said) > s.cfg.MaxQueryLen:
		return &search.RequestError{Field: "said", Message: fmt.Sprintf("longer than %d bytes (%d)", s.cfg.MaxQueryLen, len(said))}
	case size > s.cfg.MaxPageSize:
		return &search.RequestError{Field: "size", Message: fmt.Sprintf("must be between 1 and %d, got %d", s.cfg.MaxPageSize, size)}
	case facetSize > s.cfg.MaxFacetSize:
		return &search.RequestError{Field: facetParam, Message: fmt.Sprintf("must be between 1 and %d, got %d", s.cfg.MaxFacetSize, facetSize)}
	}
	return nil
}
