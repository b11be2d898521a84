package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/indexer"
	"github.com/newsfind/newsfind/internal/store"
)

func TestConfiguredSearchLimits(t *testing.T) {
	st, err := store.Open("", store.Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv, err := New(Config{MaxPageSize: 20, MaxFacetSize: 5, MaxQueryLen: 10}, st, indexer.New(st, fakeExtractor{}, indexer.Options{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	tests := []struct{ path, want string }{
		{"/api/search?size=21", "size: must be between 1 and 20, got 21"},
		{"/api/search?facet_size=6", "facet_size: must be between 1 and 5, got 6"},
		{"/api/search?q=abcdefghijk", "q: longer than 10 bytes (11)"},
		{"/api/search?said=abcdefghijk", "said: longer than 10 bytes (11)"},
		{"/api/quotes?size=21", "size: must be between 1 and 20"},
		{"/api/facets/speaker?size=6", "size: must be between 1 and 5, got 6"},
		{"/api/search?size=20&facet_size=5&q=abc", ""},
	}
	for _, tt := range tests {
		resp, err := http.Get(ts.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		var body ErrorBody
		json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if tt.want == "" {
			if resp.StatusCode != 200 {
				t.Errorf("%s: status %d (%s), want 200", tt.path, resp.StatusCode, body.Error)
			}
			continue
		}
		if resp.StatusCode != 400 || !strings.Contains(body.Error, tt.want) {
			t.Errorf("%s: %d %q, want 400 containing %q", tt.path, resp.StatusCode, body.Error, tt.want)
		}
	}
	if err := (Config{MaxPageSize: 5000}).Validate(); err == nil || !strings.Contains(err.Error(), "max page size 5000") {
		t.Errorf("Validate over the hard cap: %v", err)
	}
}
