package server

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/search"
)

// withoutTook decodes a JSON answer and drops took_ms, the one field a
// cached answer may differ in.
func withoutTook(t *testing.T, body []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	delete(m, "took_ms")
	return m
}

// TestSearchCache: each cached endpoint answers miss, then hit with the
// same body; no-cache requests bypass the cache; a disabled cache always
// bypasses.
func TestSearchCache(t *testing.T) {
	paths := []string{
		"/api/search?q=Berlin",
		"/api/search?speaker=Ann+Lee&size=5",
		"/api/quotes?speaker=Bob+Stone",
		"/api/facets/speaker?prefix=an",
	}
	for _, tc := range []struct {
		name   string
		cfg    Config
		header map[string]string
		want   []string // X-Cache of three requests in a row
	}{
		{"cache on", Config{CacheBytes: 1 << 20}, nil, []string{"miss", "hit", "hit"}},
		{"no-cache", Config{CacheBytes: 1 << 20}, map[string]string{"Cache-Control": "no-cache"}, []string{"bypass", "bypass", "bypass"}},
		{"no-store, max-age", Config{CacheBytes: 1 << 20}, map[string]string{"Cache-Control": "max-age=0, No-Store"}, []string{"bypass", "bypass", "bypass"}},
		{"pragma", Config{CacheBytes: 1 << 20}, map[string]string{"Pragma": "no-cache"}, []string{"bypass", "bypass", "bypass"}},
		{"max-age only", Config{CacheBytes: 1 << 20}, map[string]string{"Cache-Control": "max-age=0"}, []string{"miss", "hit", "hit"}},
		{"cache off", Config{}, nil, []string{"bypass", "bypass", "bypass"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := searchEnvWith(t, tc.cfg)
			for _, p := range paths {
				var first map[string]any
				for i, want := range tc.want {
					r := e.do(req{method: "GET", path: p, header: tc.header})
					if r.status != 200 {
						t.Fatalf("%s: status %d: %s", p, r.status, r.body)
					}
					if got := r.header.Get("X-Cache"); got != want {
						t.Errorf("%s request %d: X-Cache %q, want %q", p, i+1, got, want)
					}
					body := withoutTook(t, r.body)
					if first == nil {
						first = body
					} else if diff := cmp.Diff(first, body); diff != "" {
						t.Errorf("%s request %d differs from the first (-first +got):\n%s", p, i+1, diff)
					}
				}
			}
		})
	}
}

func searchEnvWith(t *testing.T, cfg Config) *env {
	e := newEnv(t, cfg)
	a1 := testArticle("a1", "Election in Berlin", "Voters in Berlin chose a new mayor.", "Ann Lee", "Bob Stone")
	a2 := testArticle("a2", "Floods in Jakarta", "Heavy rain flooded Jakarta.", "Ann Lee")
	e.seed(a1, a2)
	return e
}

// TestSearchCacheWrites: a search right after a write through the API, or
// straight to the store, sees the write.
func TestSearchCacheWrites(t *testing.T) {
	e := searchEnvWith(t, Config{CacheBytes: 1 << 20})
	total := func(path string) (int, string) {
		r := e.do(req{method: "GET", path: path})
		if r.status != 200 {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		var res struct {
			Total  int                 `json:"total"`
			Values []search.FacetValue `json:"values"`
		}
		if err := json.Unmarshal(r.body, &res); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(path, "/api/facets/") {
			return len(res.Values), r.header.Get("X-Cache")
		}
		return res.Total, r.header.Get("X-Cache")
	}
	for _, step := range []struct {
		name  string
		write func()
		want  int // Berlin articles, Obama quotes and Obama values after it
	}{
		{"before", func() {}, 1},
		{"PUT", func() {
			r := e.do(req{method: "PUT", path: "/api/articles/b2", header: jsonHeader(),
				body: strings.NewReader(`{"title":"Berlin talks","body":"Obama said \"we talk\" in Berlin."}`)})
			if r.status != 201 {
				t.Fatalf("PUT: %d %s", r.status, r.body)
			}
		}, 2},
		{"store write", func() { e.seed(testArticle("b3", "Berlin again", "Berlin.", "Barack Obama")) }, 3},
		{"DELETE", func() {
			if r := e.do(req{method: "DELETE", path: "/api/articles/b2"}); r.status != 200 {
				t.Fatalf("DELETE: %d %s", r.status, r.body)
			}
		}, 2},
	} {
		step.write()
		berlin, status := total("/api/search?q=Berlin")
		if berlin != step.want || status != "miss" {
			t.Errorf("%s: %d Berlin articles (%s), want %d (miss)", step.name, berlin, status, step.want)
		}
		if again, status := total("/api/search?q=Berlin"); again != berlin || status != "hit" {
			t.Errorf("%s: repeated search %d (%s), want %d (hit)", step.name, again, status, berlin)
		}
		quotes, _ := total("/api/quotes?speaker=Barack+Obama")
		values, _ := total("/api/facets/person?prefix=ob")
		if wantQ := step.want - 1; quotes != wantQ || values != min(wantQ, 1) {
			t.Errorf("%s: %d Obama quotes, %d Obama values; want %d, %d", step.name, quotes, values, wantQ, min(wantQ, 1))
		}
	}
}

// TestSearchCacheMetrics: the cache's counters are exported.
func TestSearchCacheMetrics(t *testing.T) {
	e := searchEnvWith(t, Config{CacheBytes: 1 << 20})
	for _, h := range []map[string]string{nil, nil, nil, {"Cache-Control": "no-cache"}} {
		e.do(req{method: "GET", path: "/api/search?q=Berlin", header: h})
	}
	r := e.do(req{method: "GET", path: "/metrics"})
	for _, want := range []string{
		`newsfind_search_cache_requests_total{result="hit"} 2`,
		`newsfind_search_cache_requests_total{result="miss"} 1`,
		`newsfind_search_cache_requests_total{result="bypass"} 1`,
		`newsfind_search_cache_entries 1`,
		`newsfind_search_cache_max_bytes 1.048576e+06`,
	} {
		if !strings.Contains(string(r.body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestNoCacheHeader(t *testing.T) {
	for _, tc := range []struct {
		h    http.Header
		want bool
	}{
		{http.Header{}, false},
		{http.Header{"Cache-Control": {"no-cache"}}, true},
		{http.Header{"Cache-Control": {"max-age=0"}}, false},
		{http.Header{"Cache-Control": {"max-age=0,no-cache"}}, true},
		{http.Header{"Cache-Control": {"max-age=0", "NO-STORE"}}, true},
		{http.Header{"Cache-Control": {`no-cache="Set-Cookie"`}}, true},
		{http.Header{"Cache-Control": {"no-transform"}}, false},
		{http.Header{"Pragma": {"no-cache"}}, true},
		{http.Header{"Pragma": {"foo"}}, false},
	} {
		if got := noCache(tc.h); got != tc.want {
			t.Errorf("noCache(%v) = %v, want %v", tc.h, got, tc.want)
		}
	}
}

func TestConfigCacheBytes(t *testing.T) {
	if err := (Config{CacheBytes: -1}).Validate(); err == nil || !strings.Contains(err.Error(), "cache size") {
		t.Errorf("negative cache size: %v", err)
	}
	if err := (Config{CacheBytes: 64 << 20}).Validate(); err != nil {
		t.Errorf("64 MiB cache: %v", err)
	}
}

// BenchmarkSearchHTTPCache is BenchmarkSearchHTTP with the cache on: a
// request that bypasses it, and a cache hit, through the whole handler
// (decode, cache, encode).
func BenchmarkSearchHTTPCache(b *testing.B) {
	e := benchEnvWith(b, Config{CacheBytes: 64 << 20}, 2000)
	const path = "/api/search?q=election&size=10"
	b.Run("no-cache", func(b *testing.B) { benchGet(b, e.srv.Handler(), path, "Cache-Control", "no-cache") })
	b.Run("hit", func(b *testing.B) { benchGet(b, e.srv.Handler(), path) })
}

// TestSearchCacheDuringWrites: readers repeating the same searches while
// writers bulk-index never get an answer older than the writes
// acknowledged before they asked, with the cache on.
func TestSearchCacheDuringWrites(t *testing.T) {
	e := newEnv(t, Config{CacheBytes: 1 << 20})
	const writers, requests, perRequest, readers = 2, 8, 3, 3
	var acked atomic.Int64
	var writing sync.WaitGroup
	for w := range writers {
		writing.Add(1)
		go func() {
			defer writing.Done()
			for r := range requests {
				var body strings.Builder
				for i := range perRequest {
					fmt.Fprintf(&body, `{"id":"w%d-%d-%d","title":"Obama in Berlin","body":"Obama said \"we stay\" in Berlin."}`+"\n", w, r, i)
				}
				hr, err := http.NewRequest("POST", e.ts.URL+"/api/bulk", strings.NewReader(body.String()))
				if err != nil {
					t.Error(err)
					return
				}
				hr.Header.Set("Content-Type", "application/x-ndjson")
				res, err := e.ts.Client().Do(hr)
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					t.Errorf("bulk: %d", res.StatusCode)
					return
				}
				acked.Add(perRequest)
			}
		}()
	}
	done := make(chan struct{})
	go func() { writing.Wait(); close(done) }()
	var hits atomic.Int64
	get := func(path string) (int64, bool) {
		hr, err := http.NewRequest("GET", e.ts.URL+path, nil)
		if err != nil {
			t.Error(err)
			return 0, false
		}
		res, err := e.ts.Client().Do(hr)
		if err != nil {
			t.Error(err)
			return 0, false
		}
		defer res.Body.Close()
		var v struct {
			Total  int64 `json:"total"`
			Values []search.FacetValue
		}
		if err := json.NewDecoder(res.Body).Decode(&v); err != nil || res.StatusCode != 200 {
			t.Errorf("%s: %d %v", path, res.StatusCode, err)
			return 0, false
		}
		if res.Header.Get("X-Cache") == "hit" {
			hits.Add(1)
		}
		if len(v.Values) > 0 {
			return int64(v.Values[0].Count), true
		}
		return v.Total, true
	}
	var reading sync.WaitGroup
	for range readers {
		reading.Add(1)
		go func() {
			defer reading.Done()
			last := map[string]int64{}
			for {
				select {
				case <-done:
					return
				default:
				}
				floor := acked.Load() // acknowledged before these searches began
				for _, p := range []string{"/api/search?q=Berlin&size=1", "/api/quotes?speaker=Barack+Obama&size=1", "/api/facets/person?prefix=ob"} {
					n, ok := get(p)
					if !ok {
						return
					}
					if n < floor || n < last[p] {
						t.Errorf("%s: %d, but %d articles were acknowledged before it (and %d seen before)", p, n, floor, last[p])
						return
					}
					last[p] = n
				}
			}
		}()
	}
	reading.Wait()
	for range 2 { // after the writes: the second is a hit
		if n, _ := get("/api/search?q=Berlin&size=1"); n != writers*requests*perRequest {
			t.Errorf("%d Berlin articles after the writes, want %d", n, writers*requests*perRequest)
		}
	}
	// Deletes: after each acknowledged DELETE every answer, cached or
	// not, has one article less (a stale hit would show the old count).
	remaining := int64(writers * requests * perRequest)
	for i := range 4 {
		hr, err := http.NewRequest("DELETE", fmt.Sprintf("%s/api/articles/w0-%d-0", e.ts.URL, i), nil)
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.ts.Client().Do(hr)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode >= 300 {
			t.Fatalf("DELETE: %d", res.StatusCode)
		}
		remaining--
		for range 2 { // a miss, then a hit
			for _, p := range []string{"/api/search?q=Berlin&size=1", "/api/facets/person?prefix=ob"} {
				if n, _ := get(p); n != remaining {
					t.Errorf("after %d deletes %s: %d, want %d", i+1, p, n, remaining)
				}
			}
		}
	}
	if hits.Load() == 0 {
		t.Error("no answer came from the cache")
	}
	t.Logf("%d cache hits", hits.Load())
}

// TestCacheHeaderExposedToCORS: pages of allowed origins can read X-Cache.
func TestCacheHeaderExposedToCORS(t *testing.T) {
	e := searchEnvWith(t, Config{CacheBytes: 1 << 20, CORSOrigins: []string{"http://app.example"}})
	r := e.do(req{method: "GET", path: "/api/search?q=Berlin", header: map[string]string{"Origin": "http://app.example"}})
	if r.status != 200 || r.header.Get("X-Cache") != "miss" {
		t.Fatalf("status %d, X-Cache %q", r.status, r.header.Get("X-Cache"))
	}
	if exp := r.header.Get("Access-Control-Expose-Headers"); !strings.Contains(exp, "X-Cache") {
		t.Errorf("Access-Control-Expose-Headers %q lacks X-Cache", exp)
	}
}
