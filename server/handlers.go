package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gorilla/mux"
	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// noParams rejects query parameters on endpoints that take none, so a typo
// is reported instead of silently ignored.
func noParams(r *http.Request) error {
	for k := range r.URL.Query() {
		return errorf(http.StatusBadRequest, "unknown query parameter %q (this endpoint takes none)", k)
	}
	return nil
}

// pathID is the {id} path variable, unescaped and checked like a body id.
func pathID(r *http.Request) (string, error) {
	raw := mux.Vars(r)["id"]
	id, err := url.PathUnescape(raw)
	if err != nil {
		return "", errorf(http.StatusBadRequest, "article id in path: bad escape: %v", err)
	}
	switch {
	case strings.TrimSpace(id) == "":
		return "", errorf(http.StatusBadRequest, "article id in path: is empty")
	case !utf8.ValidString(id):
		return "", errorf(http.StatusBadRequest, "article id in path: invalid UTF-8")
	case strings.ContainsFunc(id, unicode.IsControl):
		return "", errorf(http.StatusBadRequest, "article id in path: contains a control character (NUL, newline, ...)")
	case len(id) > indexer.MaxIDBytes:
		return "", errorf(http.StatusBadRequest, "article id in path: %d bytes, over the limit of %d", len(id), indexer.MaxIDBytes)
	case strings.Contains(id, "#q"):
		return "", errorf(http.StatusBadRequest, "article id in path: must not contain %q (reserved for quote documents)", "#q")
	}
	return id, nil
}

// WriteResult is the answer to PUT, POST and DELETE on an article.
type WriteResult struct {
	ID     string `json:"id"`
	Result string `json:"result"` // created, updated or deleted
}

func (s *Server) healthz(r *http.Request) (any, error) {
	return map[string]string{"status": "ok"}, nil
}

func (s *Server) readyz(r *http.Request) (any, error) {
	if s.isDraining() {
		return nil, errorf(http.StatusServiceUnavailable, "shutting down")
	}
	if _, err := s.st.Count(); err != nil {
		return nil, &httpError{status: http.StatusServiceUnavailable, msg: "index is not searchable", err: err}
	}
	return map[string]string{"status": "ready"}, nil
}

func (s *Server) getArticle(r *http.Request) (any, error) {
	if err := noParams(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	a, err := s.st.Get(id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errorf(http.StatusNotFound, "article %q not found", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get article %q: %w", id, err)
	}
	return a, nil
}

// readArticle decodes a single-article body.
func (s *Server) readArticle(r *http.Request) (*schema.Article, error) {
	gz, err := checkMediaType(r, articleTypes)
	if err != nil {
		return nil, err
	}
	limit := min(s.cfg.MaxBodyBytes, indexer.DefaultMaxArticleBytes)
	if r.ContentLength > limit {
		return nil, errorf(http.StatusRequestEntityTooLarge, "article body is %d bytes, over the limit of %d bytes", r.ContentLength, limit)
	}
	b, err := openBody(r, gz, limit)
	if err != nil {
		return nil, err
	}
	raw, err := b.readAll()
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		// DecodeArticle would say "empty line", its NDJSON wording.
		return nil, errorf(http.StatusBadRequest, "request body is empty: send one JSON article")
	}
	return indexer.DecodeArticle(raw)
}

// writeResult turns a store result into the response: 201 with a Location
// for a new article, 200 otherwise.
func (s *Server) writeResult(id string, res store.Result) any {
	s.metrics.indexed.WithLabelValues(string(res)).Inc()
	wr := WriteResult{ID: id, Result: string(res)}
	if res == store.Created {
		h := http.Header{}
		h.Set("Location", "/api/articles/"+url.PathEscape(id))
		return response{status: http.StatusCreated, header: h, body: wr}
	}
	return wr
}

func (s *Server) putArticle(r *http.Request) (any, error) {
	if err := noParams(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	a, err := s.readArticle(r)
	if err != nil {
		return nil, err
	}
	a.ID = id // the path names the resource
	res, err := s.ix.Put(r.Context(), a)
	if err != nil {
		return nil, fmt.Errorf("put article %q: %w", id, err)
	}
	return s.writeResult(id, res), nil
}

func (s *Server) postArticle(r *http.Request) (any, error) {
	if err := noParams(r); err != nil {
		return nil, err
	}
	a, err := s.readArticle(r)
	if err != nil {
		return nil, err
	}
	res, err := s.ix.Put(r.Context(), a)
	if err != nil {
		return nil, fmt.Errorf("post article %q: %w", a.ID, err)
	}
	return s.writeResult(a.ID, res), nil
}

func (s *Server) deleteArticle(r *http.Request) (any, error) {
	if err := noParams(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	res, err := s.ix.Delete(r.Context(), id)
	if err != nil {
		return nil, fmt.Errorf("delete article %q: %w", id, err)
	}
	if res == store.NotFound {
		return nil, errorf(http.StatusNotFound, "article %q not found", id)
	}
	return s.writeResult(id, res), nil
}

func (s *Server) bulk(r *http.Request) (any, error) {
	if err := noParams(r); err != nil {
		return nil, err
	}
	gz, err := checkMediaType(r, bulkTypes)
	if err != nil {
		return nil, err
	}
	if r.ContentLength > s.cfg.MaxBodyBytes {
		return nil, errorf(http.StatusRequestEntityTooLarge, "request body is %d bytes, over the limit of %d bytes", r.ContentLength, s.cfg.MaxBodyBytes)
	}
	select {
	case s.bulkSlots <- struct{}{}:
		defer func() { <-s.bulkSlots }()
	case <-r.Context().Done():
		return nil, &httpError{status: http.StatusServiceUnavailable, err: r.Context().Err(),
			msg: fmt.Sprintf("bulk request timed out waiting for one of %d bulk slots; retry later", cap(s.bulkSlots))}
	}
	b, err := openBody(r, gz, s.cfg.MaxBodyBytes)
	if err != nil {
		return nil, err
	}
	res, err := s.ix.Bulk(r.Context(), b)
	if f := b.failure(); f != nil {
		// Lines read before the body failed were indexed: the answer lists
		// them beside the error, so the client can send the rest.
		he := f.(*httpError)
		switch {
		case res == nil: // the store failed too: nothing is known
			he.msg += "; lines before that point may have been indexed, send the rest in a separate request"
			return nil, he
		case len(res.Items) == 0:
			he.msg += "; no line was read before that point"
			return nil, he
		}
		he.msg += fmt.Sprintf("; the %d lines before that point were processed (see items), send the rest in a separate request", len(res.Items))
		he.bulk = res
		return nil, he
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return nil, &httpError{status: http.StatusServiceUnavailable, err: err, msg: fmt.Sprintf(
			"bulk request timed out after %s; lines read before then may have been indexed, send the rest in a separate request",
			s.cfg.WriteRequestTimeout)}
	}
	if err != nil {
		return nil, fmt.Errorf("bulk: %w", err)
	}
	if len(res.Items) == 0 {
		return nil, errorf(http.StatusBadRequest, "request body is empty: send one JSON article per line (NDJSON)")
	}
	s.metrics.indexed.WithLabelValues(string(store.Created)).Add(float64(res.Created))
	s.metrics.indexed.WithLabelValues(string(store.Updated)).Add(float64(res.Updated))
	s.metrics.indexed.WithLabelValues("failed").Add(float64(res.Failed))
	return res, nil
}
