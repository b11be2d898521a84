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
	res, err := search.Search(r.Context(), s.st.Index(), req)
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
	res, err := search.SearchQuotes(r.Context(), s.st.Index(), req)
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
	vals, err := search.FacetValues(r.Context(), s.st.Index(), req)
	if err != nil {
		return nil, fmt.Errorf("facet values of %s: %w", req.Field, err)
	}
	if vals == nil {
		vals = []search.FacetValue{}
	}
	return FacetValuesResponse{Field: req.Field, Values: vals}, nil
}
