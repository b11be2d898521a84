package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/search"
)

func TestClassify(t *testing.T) {
	_, invalid := indexer.DecodeArticle([]byte(`{"body":1}`))
	tests := []struct {
		name   string
		err    error
		status int
		msg    string // "" to skip the message check
	}{
		{"http error", errorf(418, "teapot %d", 1), 418, "teapot 1"},
		{"search request", fmt.Errorf("search: %w", &search.RequestError{Field: "size", Message: "too big"}), 400, "size: too big"},
		{"search request with query", fmt.Errorf("search %q: %w", strings.Repeat("word ", 800), &search.RequestError{Field: "cursor", Message: "not a cursor"}), 400, "cursor: not a cursor"},
		{"invalid article", fmt.Errorf("put: %w", invalid), 400, "put: body: expected string, got a number"},
		{"not found", fmt.Errorf("get x: %w", store.ErrNotFound), 404, "article not found"},
		{"max bytes", fmt.Errorf("read: %w", &http.MaxBytesError{Limit: 10}), 413, "request body exceeds the limit of 10 bytes"},
		{"deadline", fmt.Errorf("search: %w", context.DeadlineExceeded), 503, "request timed out"},
		{"client gone", fmt.Errorf("search: %w", context.Canceled), 499, ""},
		{"internal", errors.New("open /secret/path: disk on fire"), 500, "internal server error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, msg := classify(tt.err)
			if status != tt.status || (tt.msg != "" && msg != tt.msg) {
				t.Errorf("classify = %d %q, want %d %q", status, msg, tt.status, tt.msg)
			}
		})
	}
}

// TestEncodeFailure: a value JSON cannot encode (NaN) is a logged 500,
// never a half-written 200.
func TestEncodeFailure(t *testing.T) {
	e := newEnv(t, Config{})
	h := e.srv.observe(e.srv.api(func(r *http.Request) (any, error) {
		return map[string]float64{"score": math.NaN()}, nil
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	resp{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}.checkError(t, 500)
	if !strings.Contains(e.log.String(), "unsupported value: NaN") {
		t.Errorf("encode failure not logged: %s", e.log.String())
	}
}
