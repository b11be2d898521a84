package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

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
	var status search.CacheStatus
	ctx := search.WithDocSetMemo(r.Context()) // Heavy's bitmaps, the search's too
	res, err := s.cache.Search(ctx, s.st, req,
		s.cacheOptions(r, &status, func() bool { return search.Heavy(ctx, s.st, req) })...)
	err = s.searchTimedOut(err)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", req.Query, err)
	}
	return cached(res, status), nil
}

func (s *Server) quotes(r *http.Request) (any, error) {
	req, err := search.QuoteFromValues(r.URL.Query())
	if err != nil {
		return nil, err
	}
	if err := s.checkLimits(req.Query, "", req.Size, req.FacetSize, "facet_size"); err != nil {
		return nil, err
	}
	var status search.CacheStatus
	ctx := search.WithDocSetMemo(r.Context())
	res, err := s.cache.SearchQuotes(ctx, s.st, req,
		s.cacheOptions(r, &status, func() bool { return search.HeavyQuotes(ctx, s.st, req) })...)
	err = s.searchTimedOut(err)
	if err != nil {
		return nil, fmt.Errorf("quote search %q: %w", req.Query, err)
	}
	return cached(res, status), nil
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
	var status search.CacheStatus
	ctx := search.WithDocSetMemo(r.Context())
	vals, err := s.cache.FacetValues(ctx, s.st, req,
		s.cacheOptions(r, &status, func() bool { return search.HeavyFacetValues(ctx, s.st, req) })...)
	err = s.searchTimedOut(err)
	if err != nil {
		return nil, fmt.Errorf("facet values of %s: %w", req.Field, err)
	}
	if vals == nil {
		vals = []search.FacetValue{}
	}
	return cached(FacetValuesResponse{Field: req.Field, Values: vals}, status), nil
}

// searchTimedOut gives a request whose deadline passed while it waited for
// a search shared through the cache (queued or running for it and others)
// the answer the limiter gives a request that timed out in its queue: 503
// with Retry-After. Other errors pass unchanged.
func (s *Server) searchTimedOut(err error) error {
	var he *httpError
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &he) {
		return err
	}
	return searchBusy(err, fmt.Sprintf("request timed out after waiting %s (serve --request-timeout) for its search, "+
		"queued or running on one of %d search slots; retry later", s.cfg.RequestTimeout, s.searches.slots))
}

// Answers from the cache share their hits and facets with other requests
// (see search.Cache): handlers only encode them, never change them.

// cacheOptions are a search request's options for the cache: its search
// (on a miss) holds a search slot, light ones served first (heavy tells,
// see search.Heavy); Cache-Control: no-cache bypasses the cache; status
// receives how the request was answered.
func (s *Server) cacheOptions(r *http.Request, status *search.CacheStatus, heavy func() bool) []search.CacheOption {
	gate := func(ctx context.Context, f func(context.Context) error) error {
		return s.withSearchSlotAs(ctx, heavy, f)
	}
	return []search.CacheOption{search.NoCache(noCache(r.Header)), search.WithGate(gate), search.ReportStatus(status)}
}

// noCache reports whether the request asks for an answer not served from a
// cache: Cache-Control no-cache or no-store (RFC 9111), or the HTTP/1.0
// Pragma: no-cache.
func noCache(h http.Header) bool {
	for _, v := range h.Values("Cache-Control") {
		for _, d := range strings.Split(v, ",") {
			name, _, _ := strings.Cut(strings.TrimSpace(d), "=")
			if strings.EqualFold(name, "no-cache") || strings.EqualFold(name, "no-store") {
				return true
			}
		}
	}
	for _, v := range h.Values("Pragma") {
		if strings.EqualFold(strings.TrimSpace(v), "no-cache") {
			return true
		}
	}
	return false
}

// cacheHeader is the response header saying how the cache answered:
// hit, miss (searched, or waited for the same search of another request)
// or bypass (not cached: disabled, no-cache, or an invalid request).
const cacheHeader = "X-Cache"

// cached wraps a search answer with its X-Cache header.
func cached(body any, status search.CacheStatus) response {
	v := string(status)
	if status == search.CacheCoalesced {
		v = string(search.CacheMiss)
	}
	return response{status: http.StatusOK, header: http.Header{cacheHeader: {v}}, body: body}
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
