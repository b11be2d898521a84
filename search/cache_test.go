package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// ignoreTook: took_ms is the one field a cached answer may differ in.
var ignoreTook = cmpopts.IgnoreFields(Response{}, "TookMs")
var ignoreQuoteTook = cmpopts.IgnoreFields(QuoteResponse{}, "TookMs")

// TestCacheMatchesUncached: the first call misses, the second hits, and
// both equal the uncached answer, for every kind of request.
func TestCacheMatchesUncached(t *testing.T) {
	st := openStore(t, corpus())
	ctx := context.Background()
	c := NewCache(1 << 20)
	jakarta := GeoNear{Lat: -6.2, Lon: 106.85, RadiusKm: 50}
	for _, tc := range []struct {
		name string
		// run calls the search directly (c nil) or through c.
		run func(c *Cache, opts ...CacheOption) (any, error)
	}{
		{"keyword", func(c *Cache, o ...CacheOption) (any, error) {
			return searchVia(c, ctx, st, Request{Query: "climate"}, o...)
		}},
		{"keyword+filter", func(c *Cache, o ...CacheOption) (any, error) {
			return searchVia(c, ctx, st, Request{Query: "climate", Speakers: []string{"Josh Earnest"}}, o...)
		}},
		{"match all, date sort, dates", func(c *Cache, o ...CacheOption) (any, error) {
			return searchVia(c, ctx, st, Request{Sort: SortDate, From: day("2016-01-01"), To: day("2016-01-14"), Size: 2}, o...)
		}},
		{"said", func(c *Cache, o ...CacheOption) (any, error) {
			return searchVia(c, ctx, st, Request{Said: "climate"}, o...)
		}},
		{"near", func(c *Cache, o ...CacheOption) (any, error) {
			return searchVia(c, ctx, st, Request{Near: &jakarta}, o...)
		}},
		{"no hits", func(c *Cache, o ...CacheOption) (any, error) {
			return searchVia(c, ctx, st, Request{Query: "volcano"}, o...)
		}},
		{"quotes", func(c *Cache, o ...CacheOption) (any, error) {
			if c == nil {
				return SearchQuotes(ctx, st, QuoteRequest{Query: "climate"})
			}
			return c.SearchQuotes(ctx, st, QuoteRequest{Query: "climate"}, o...)
		}},
		{"quotes by speaker", func(c *Cache, o ...CacheOption) (any, error) {
			req := QuoteRequest{Speakers: []string{"Joko Widodo"}, Sort: SortDate}
			if c == nil {
				return SearchQuotes(ctx, st, req)
			}
			return c.SearchQuotes(ctx, st, req, o...)
		}},
		{"facet values", func(c *Cache, o ...CacheOption) (any, error) {
			req := FacetValuesRequest{Field: schema.FieldPerson, Prefix: "j"}
			if c == nil {
				return FacetValues(ctx, st, req)
			}
			return c.FacetValues(ctx, st, req, o...)
		}},
		{"facet values filtered", func(c *Cache, o ...CacheOption) (any, error) {
			req := FacetValuesRequest{Field: schema.FieldPlace, Filters: Request{Query: "attack"}}
			if c == nil {
				return FacetValues(ctx, st, req)
			}
			return c.FacetValues(ctx, st, req, o...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want, err := tc.run(nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, wantStatus := range []CacheStatus{CacheMiss, CacheHit, CacheHit} {
				var status CacheStatus
				got, err := tc.run(c, ReportStatus(&status))
				if err != nil {
					t.Fatal(err)
				}
				if status != wantStatus {
					t.Errorf("status %q, want %q", status, wantStatus)
				}
				if diff := cmp.Diff(want, got, ignoreTook, ignoreQuoteTook); diff != "" {
					t.Errorf("%s answer differs from the uncached one (-want +got):\n%s", status, diff)
				}
			}
		})
	}
}

func searchVia(c *Cache, ctx context.Context, ix Index, req Request, opts ...CacheOption) (*Response, error) {
	if c == nil {
		return Search(ctx, ix, req)
	}
	return c.Search(ctx, ix, req, opts...)
}

// TestCacheWriteInvalidates: after a write returns, every kind of cached
// answer reflects it.
func TestCacheWriteInvalidates(t *testing.T) {
	st := openStore(t, corpus())
	ctx := context.Background()
	c := NewCache(1 << 20)
	count := func() (search, quotes int, facet bool) {
		r, err := c.Search(ctx, st, Request{Query: "volcano"})
		if err != nil {
			t.Fatal(err)
		}
		q, err := c.SearchQuotes(ctx, st, QuoteRequest{Query: "volcano"})
		if err != nil {
			t.Fatal(err)
		}
		vs, err := c.FacetValues(ctx, st, FacetValuesRequest{Field: schema.FieldPerson, Prefix: "vu"})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			facet = facet || v.Value == "Vulcan Smith"
		}
		return int(r.Total), int(q.Total), facet
	}
	for range 2 { // fill, then hit
		if s, q, f := count(); s != 0 || q != 0 || f {
			t.Fatalf("before the write: %d articles, %d quotes, facet %v", s, q, f)
		}
	}
	a := &schema.Article{ID: "v1", Source: "ap", Published: day("2016-02-01"), Title: "Volcano erupts",
		Body:     "The volcano erupted. \"The volcano is calm now,\" Vulcan Smith said.",
		Entities: []schema.Entity{person("Vulcan Smith")},
		Quotes:   []schema.Quote{quote("The volcano is calm now", schema.KindDirect, "Vulcan Smith")}}
	if _, err := st.Apply([]store.Op{{ID: a.ID, Article: a}}); err != nil {
		t.Fatal(err)
	}
	if s, q, f := count(); s != 1 || q != 1 || !f {
		t.Fatalf("after the write: %d articles, %d quotes, facet %v; want 1, 1, true", s, q, f)
	}
	if _, err := st.Apply([]store.Op{{ID: a.ID}}); err != nil {
		t.Fatal(err)
	}
	if s, q, f := count(); s != 0 || q != 0 {
		t.Fatalf("after the delete: %d articles, %d quotes (facet %v); want 0, 0", s, q, f)
	}
	if n := c.Stats().Entries; n != 3 {
		t.Errorf("%d entries after the writes, want 3 (older generations dropped)", n)
	}
}

// TestCacheStoresUnderGenerationRead: a search that a write overtakes
// files its answer under the generation it started at, which the write
// retired: the next call searches again.
func TestCacheStoresUnderGenerationRead(t *testing.T) {
	st := openStore(t, corpus())
	ctx := context.Background()
	c := NewCache(1 << 20)
	wrote := false
	c.searchFn = func(ctx context.Context, ix Index, req Request) (*Response, error) {
		r, err := Search(ctx, ix, req)
		if !wrote { // the write lands after the search read the index
			wrote = true
			a := &schema.Article{ID: "v1", Title: "Volcano", Body: "volcano"}
			if _, err := st.Apply([]store.Op{{ID: a.ID, Article: a}}); err != nil {
				t.Error(err)
			}
		}
		return r, err
	}
	r, err := c.Search(ctx, st, Request{Query: "volcano"})
	if err != nil || r.Total != 0 {
		t.Fatalf("first search: %v, %v", r, err)
	}
	var status CacheStatus
	r, err = c.Search(ctx, st, Request{Query: "volcano"}, ReportStatus(&status))
	if err != nil || r.Total != 1 || status != CacheMiss {
		t.Fatalf("after the write: total %d, status %s, err %v; want 1, miss", r.Total, status, err)
	}
}

// TestCacheKeys: equivalent requests share an entry, different ones do not.
func TestCacheKeys(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	from := time.Date(2016, 1, 10, 0, 0, 0, 0, time.UTC)
	near := GeoNear{Lat: 1, Lon: 2, RadiusKm: 3}
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"size default", articleKey(Request{Query: "x"}), articleKey(Request{Query: "x", Size: DefaultSize}), true},
		{"facet size default", articleKey(Request{Query: "x"}), articleKey(Request{Query: "x", FacetSize: DefaultFacetSize}), true},
		{"sort default", articleKey(Request{Query: "x"}), articleKey(Request{Query: "x", Sort: SortRelevance}), true},
		{"same instant, other zone", articleKey(Request{From: from}), articleKey(Request{From: from.In(berlin)}), true},
		{"empty and nil filters", articleKey(Request{Persons: []string{}}), articleKey(Request{}), true},
		{"near copies", articleKey(Request{Near: &near}), articleKey(Request{Near: &GeoNear{Lat: 1, Lon: 2, RadiusKm: 3}}), true},
		{"query", articleKey(Request{Query: "x"}), articleKey(Request{Query: "y"}), false},
		{"size", articleKey(Request{Query: "x"}), articleKey(Request{Query: "x", Size: 11}), false},
		{"sort", articleKey(Request{Query: "x"}), articleKey(Request{Query: "x", Sort: SortDate}), false},
		{"cursor", articleKey(Request{Query: "x"}), articleKey(Request{Query: "x", Cursor: "abc"}), false},
		{"speaker", articleKey(Request{Speakers: []string{"A"}}), articleKey(Request{Speakers: []string{"B"}}), false},
		{"speaker or person", articleKey(Request{Speakers: []string{"A"}}), articleKey(Request{Persons: []string{"A"}}), false},
		{"from", articleKey(Request{From: from}), articleKey(Request{From: from.Add(time.Second)}), false},
		{"from or to", articleKey(Request{From: from}), articleKey(Request{To: from}), false},
		{"near radius", articleKey(Request{Near: &near}), articleKey(Request{Near: &GeoNear{Lat: 1, Lon: 2, RadiusKm: 4}}), false},
		{"said", articleKey(Request{Said: "x"}), articleKey(Request{Query: "x"}), false},
		{"search or quotes", articleKey(Request{Query: "x"}), quoteKey(QuoteRequest{Query: "x"}), false},
		{"quote size default", quoteKey(QuoteRequest{Query: "x"}), quoteKey(QuoteRequest{Query: "x", Size: DefaultSize}), true},
		{"quote article", quoteKey(QuoteRequest{ArticleID: "a1"}), quoteKey(QuoteRequest{ArticleID: "a2"}), false},
		{"facet size default", facetKey(FacetValuesRequest{Field: "person"}), facetKey(FacetValuesRequest{Field: "person", Size: DefaultFacetSize}), true},
		{"facet filter defaults", facetKey(FacetValuesRequest{Field: "person"}), facetKey(FacetValuesRequest{Field: "person", Filters: Request{Size: DefaultSize}}), true},
		{"facet field", facetKey(FacetValuesRequest{Field: "person"}), facetKey(FacetValuesRequest{Field: "place"}), false},
		{"facet prefix", facetKey(FacetValuesRequest{Field: "person", Prefix: "a"}), facetKey(FacetValuesRequest{Field: "person", Prefix: "b"}), false},
		{"facet filters", facetKey(FacetValuesRequest{Field: "person"}), facetKey(FacetValuesRequest{Field: "person", Filters: Request{Query: "x"}}), false},
	} {
		if tc.a == "" || tc.b == "" {
			t.Errorf("%s: a valid request has no key (%q, %q)", tc.name, tc.a, tc.b)
			continue
		}
		if (tc.a == tc.b) != tc.same {
			t.Errorf("%s: keys %q and %q, want same=%v", tc.name, tc.a, tc.b, tc.same)
		}
	}
	// Invalid requests are not cached: the search reports their error.
	for name, k := range map[string]string{
		"size":         articleKey(Request{Size: MaxSize + 1}),
		"sort":         articleKey(Request{Sort: "popular"}),
		"quote size":   quoteKey(QuoteRequest{Size: -1}),
		"facet size":   facetKey(FacetValuesRequest{Field: "person", Size: MaxFacetSize + 1}),
		"facet prefix": facetKey(FacetValuesRequest{Field: "person", Prefix: strings.Repeat("a", MaxPrefixLen+1)}),
		"facet filter": facetKey(FacetValuesRequest{Field: "person", Filters: Request{Speakers: []string{" "}}}),
	} {
		if k != "" {
			t.Errorf("invalid %s has key %q", name, k)
		}
	}
}

// fakeSearch counts searches and answers each with a page of n hits whose
// total says which call made it.
type fakeSearch struct {
	calls atomic.Int64
	n     int
	gate  chan struct{}         // when set, searches wait for it (or their context)
	err   error                 // when set, the answer
	cause atomic.Pointer[error] // why the last search's context ended
}

func (f *fakeSearch) search(ctx context.Context, _ Index, req Request) (*Response, error) {
	call := f.calls.Add(1)
	if f.gate != nil {
		select {
		case <-f.gate:
		case <-ctx.Done():
			cause := context.Cause(ctx)
			f.cause.Store(&cause)
			return nil, ctx.Err()
		}
	}
	if f.err != nil {
		return nil, f.err
	}
	r := &Response{Total: uint64(call), Hits: make([]Hit, f.n)}
	for i := range r.Hits {
		r.Hits[i] = Hit{ID: fmt.Sprintf("%s-%d", req.Query, i), Title: strings.Repeat("t", 100)}
	}
	return r, nil
}

// fixedGen is a Generational index whose generation the test sets.
type fixedGen struct {
	Index
	gen atomic.Uint64
}

func (f *fixedGen) Generation() uint64 { return f.gen.Load() }

func newFake(c *Cache, n int) (*fakeSearch, *fixedGen) {
	f := &fakeSearch{n: n}
	c.searchFn = f.search
	ix := &fixedGen{}
	ix.gen.Store(1)
	return f, ix
}

func statusOf(t *testing.T, c *Cache, ix Index, q string) CacheStatus {
	t.Helper()
	var s CacheStatus
	if _, err := c.Search(context.Background(), ix, Request{Query: q}, ReportStatus(&s)); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestCacheEvicts: the byte bound holds, and the least recently used
// entries go first.
func TestCacheEvicts(t *testing.T) {
	probe := NewCache(1 << 30)
	_, ix := newFake(probe, 10)
	statusOf(t, probe, ix, "q00")
	one := probe.Stats().Bytes // one entry's estimate
	if one < 10*100 {
		t.Fatalf("an answer of 10 hits with 100-byte titles is estimated at %d bytes", one)
	}
	c := NewCache(10 * one) // room for 10; one entry is under the max share
	f, ix := newFake(c, 10)
	for i := range 10 {
		statusOf(t, c, ix, fmt.Sprintf("q%02d", i))
	}
	if s := statusOf(t, c, ix, "q00"); s != CacheHit { // q00 is now the most recent
		t.Fatalf("q00 after 10 entries: %s, want hit", s)
	}
	statusOf(t, c, ix, "q10") // evicts the least recently used: q01
	st := c.Stats()
	if st.Bytes > st.MaxBytes || st.Entries != 10 {
		t.Fatalf("stats %+v: want 10 entries within the bound", st)
	}
	for _, tc := range []struct {
		q    string
		want CacheStatus
	}{{"q00", CacheHit}, {"q10", CacheHit}, {"q02", CacheHit}, {"q01", CacheMiss}} {
		if s := statusOf(t, c, ix, tc.q); s != tc.want {
			t.Errorf("%s: %s, want %s", tc.q, s, tc.want)
		}
	}
	// An answer over an eighth of the cache is returned but not kept.
	f.n = 20
	if s, s2 := statusOf(t, c, ix, "big"), statusOf(t, c, ix, "big"); s != CacheMiss || s2 != CacheMiss {
		t.Errorf("oversized answer: %s then %s, want miss twice", s, s2)
	}
}

// TestCacheGenerations: a new generation is a miss, and retires the
// entries of older ones.
func TestCacheGenerations(t *testing.T) {
	c := NewCache(1 << 20)
	f, ix := newFake(c, 1)
	statusOf(t, c, ix, "a")
	statusOf(t, c, ix, "b")
	ix.gen.Add(1)
	if s := statusOf(t, c, ix, "a"); s != CacheMiss {
		t.Fatalf("after a new generation: %s, want miss", s)
	}
	if st := c.Stats(); st.Entries != 1 {
		t.Errorf("%d entries, want 1: the older generation's are retired", st.Entries)
	}
	if f.calls.Load() != 3 {
		t.Errorf("%d searches, want 3", f.calls.Load())
	}
}

// TestCacheCoalesces: identical misses at once run one search; different
// requests do not wait for each other.
func TestCacheCoalesces(t *testing.T) {
	c := NewCache(1 << 20)
	f, ix := newFake(c, 1)
	f.gate = make(chan struct{})
	const n = 8
	statuses := make([]CacheStatus, n)
	answers := make([]*Response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := c.Search(context.Background(), ix, Request{Query: "same"}, ReportStatus(&statuses[i]))
			if err != nil {
				t.Error(err)
			}
			answers[i] = r
		}()
	}
	waitFor(t, func() bool { st := c.Stats(); return st.Misses+st.Coalesced == n })
	close(f.gate)
	wg.Wait()
	if got := f.calls.Load(); got != 1 {
		t.Fatalf("%d searches for %d identical requests, want 1", got, n)
	}
	misses := 0
	for i, s := range statuses {
		if s == CacheMiss {
			misses++
		} else if s != CacheCoalesced {
			t.Errorf("call %d: %s", i, s)
		}
		if answers[i] == nil || answers[i].Total != 1 {
			t.Errorf("call %d answer %+v, want the one search's", i, answers[i])
		}
	}
	if misses != 1 {
		t.Errorf("%d misses, want 1 (the rest coalesced)", misses)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 10 s")
		}
	}
}

// TestCacheWaiterCancel: a caller that gives up does not spoil the search
// for the others; when all give up the search is cancelled and not filed.
func TestCacheWaiterCancel(t *testing.T) {
	c := NewCache(1 << 20)
	f, ix := newFake(c, 1)
	f.gate = make(chan struct{})
	first, cancelFirst := context.WithCancel(context.Background())
	errc := make(chan error, 2)
	go func() { _, err := c.Search(first, ix, Request{Query: "q"}); errc <- err }()
	waitFor(t, func() bool { return c.Stats().Misses == 1 })
	var second *Response
	go func() {
		var err error
		second, err = c.Search(context.Background(), ix, Request{Query: "q"})
		errc <- err
	}()
	waitFor(t, func() bool { return c.Stats().Coalesced == 1 })
	cancelFirst()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled caller: %v, want context.Canceled", err)
	}
	close(f.gate)
	if err := <-errc; err != nil || second.Total != 1 {
		t.Fatalf("other caller: %+v, %v; want the search's answer", second, err)
	}
	if s := statusOf(t, c, ix, "q"); s != CacheHit {
		t.Fatalf("after the shared search: %s, want hit", s)
	}

	// Everyone gives up (here at a deadline): the search sees its context
	// end with the last caller's error as cause, nothing is filed, and the
	// next caller starts afresh.
	f.gate = make(chan struct{})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	go func() { _, err := c.Search(ctx, ix, Request{Query: "gone"}); errc <- err }()
	if err := <-errc; !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("timed-out caller: %v", err)
	}
	waitFor(t, func() bool { return f.cause.Load() != nil })
	if cause := *f.cause.Load(); !errors.Is(cause, context.DeadlineExceeded) {
		t.Errorf("abandoned search's context ended with cause %v, want the caller's deadline", cause)
	}
	waitFor(t, func() bool { c.mu.Lock(); defer c.mu.Unlock(); return len(c.flights) == 0 })
	close(f.gate)
	if s := statusOf(t, c, ix, "gone"); s != CacheMiss {
		t.Fatalf("after everyone left: %s, want miss", s)
	}
}

// TestCacheErrorsNotCached: a failed search is not filed; nor is one that
// panics, which becomes an error.
func TestCacheErrorsNotCached(t *testing.T) {
	c := NewCache(1 << 20)
	f, ix := newFake(c, 1)
	boom := errors.New("boom")
	f.err = boom
	if _, err := c.Search(context.Background(), ix, Request{Query: "q"}); !errors.Is(err, boom) {
		t.Fatalf("err %v, want boom", err)
	}
	f.err = nil
	if s := statusOf(t, c, ix, "q"); s != CacheMiss {
		t.Fatalf("after an error: %s, want miss", s)
	}
	c.searchFn = func(context.Context, Index, Request) (*Response, error) { panic("bad search") }
	if _, err := c.Search(context.Background(), ix, Request{Query: "p"}); err == nil || !strings.Contains(err.Error(), "bad search") {
		t.Fatalf("panicking search: err %v", err)
	}
}

// TestCacheBypass: a disabled cache, NoCache and indexes without a
// generation always search and never fill the cache.
func TestCacheBypass(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     *Cache
		opts  []CacheOption
		plain bool // an index that is not Generational
	}{
		{"nil cache", nil, nil, false},
		{"zero bytes", NewCache(0), nil, false},
		{"no-cache", NewCache(1 << 20), []CacheOption{NoCache(true)}, false},
		{"not generational", NewCache(1 << 20), nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int64
			gates := 0
			search := func(context.Context, Index, Request) (*Response, error) {
				calls.Add(1)
				return &Response{}, nil
			}
			var ix Index = &fixedGen{}
			if tc.plain {
				ix = struct{ Index }{}
			}
			opts := append(tc.opts, WithGate(func(ctx context.Context, run func(context.Context) error) error { gates++; return run(ctx) }))
			if tc.c != nil {
				tc.c.searchFn = search
			} else {
				ix = openStore(t, corpus()) // a nil cache runs the package's Search
			}
			for range 3 {
				var s CacheStatus
				r, err := tc.c.Search(context.Background(), ix, Request{Query: "climate"}, append(opts, ReportStatus(&s))...)
				if err != nil {
					t.Fatal(err)
				}
				if s != CacheBypass {
					t.Errorf("status %s, want bypass", s)
				}
				if tc.c == nil && r.Total != 4 {
					t.Errorf("nil cache: %d hits for climate, want 4", r.Total)
				}
			}
			if gates != 3 {
				t.Errorf("%d gate passes for 3 calls, want 3", gates)
			}
			if tc.c == nil {
				return
			}
			if calls.Load() != 3 {
				t.Errorf("%d searches for 3 calls, want 3", calls.Load())
			}
			if st := tc.c.Stats(); st.Entries != 0 || st.Bypassed != 3 {
				t.Errorf("stats %+v, want no entries and 3 bypassed", st)
			}
		})
	}
}

// TestCacheGateOnlyOnSearch: hits and coalesced callers do not pass the
// gate (a search-slot limiter); the one search does.
func TestCacheGateOnlyOnSearch(t *testing.T) {
	c := NewCache(1 << 20)
	_, ix := newFake(c, 1)
	var gates atomic.Int64
	gate := WithGate(func(ctx context.Context, run func(context.Context) error) error { gates.Add(1); return run(ctx) })
	for range 3 {
		if _, err := c.Search(context.Background(), ix, Request{Query: "q"}, gate); err != nil {
			t.Fatal(err)
		}
	}
	if gates.Load() != 1 {
		t.Errorf("%d gate passes for a miss and two hits, want 1", gates.Load())
	}
}

// TestCacheCopies: a caller changing its answer's top level does not
// change what the next caller gets.
func TestCacheCopies(t *testing.T) {
	c := NewCache(1 << 20)
	_, ix := newFake(c, 2)
	ctx := context.Background()
	r1, err := c.Search(ctx, ix, Request{Query: "q"})
	if err != nil {
		t.Fatal(err)
	}
	r1.Total, r1.TookMs, r1.NextCursor, r1.Hits = 99, 99, "x", nil
	r2, err := c.Search(ctx, ix, Request{Query: "q"})
	if err != nil {
		t.Fatal(err)
	}
	if r2.Total != 1 || r2.NextCursor != "" || len(r2.Hits) != 2 || r2.TookMs == 99 {
		t.Errorf("second answer %+v changed with the first", r2)
	}
}

// TestCacheConcurrent mixes reads, writes and evictions for the race
// detector; every answer must be one the index could give.
func TestCacheConcurrent(t *testing.T) {
	st := openStore(t, corpus())
	c := NewCache(16 << 10) // small: evictions all the time
	ctx := context.Background()
	queries := []string{"climate", "jakarta", "markets", "paris", "volcano"}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				q := queries[(w+i)%len(queries)]
				if _, err := c.Search(ctx, st, Request{Query: q}); err != nil {
					t.Error(err)
					return
				}
				if _, err := c.FacetValues(ctx, st, FacetValuesRequest{Field: schema.FieldPerson, Filters: Request{Query: q}}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := range 5 {
		id := fmt.Sprintf("v%d", i)
		a := &schema.Article{ID: id, Title: "Volcano " + id, Body: "volcano"}
		if _, err := st.Apply([]store.Op{{ID: id, Article: a}}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	r, err := c.Search(ctx, st, Request{Query: "volcano"})
	if err != nil || r.Total != 5 {
		t.Fatalf("after the writes: %d volcano articles (%v), want 5", r.Total, err)
	}
	if s := c.Stats(); s.Bytes > s.MaxBytes {
		t.Errorf("%d bytes over the bound %d", s.Bytes, s.MaxBytes)
	}
}

// BenchmarkCache compares one keyword+filter search uncached and as a
// cache hit, on the benchmark index (go test -bench Cache -benchdocs N).
func BenchmarkCache(b *testing.B) {
	req := Request{Query: "election", Persons: []string{"John Mi"}}
	b.Run("uncached", func(b *testing.B) { benchSearch(b, req) })
	b.Run("hit", func(b *testing.B) {
		st := benchIndex(b)
		c := NewCache(64 << 20)
		ctx := context.Background()
		if _, err := c.Search(ctx, st, req); err != nil {
			b.Fatal(err)
		}
		b.ResetTimer()
		for b.Loop() {
			if _, err := c.Search(ctx, st, req); err != nil {
				b.Fatal(err)
			}
		}
		s := c.Stats()
		if s.Misses != 1 {
			b.Fatalf("stats %+v: want one miss", s)
		}
		b.ReportMetric(float64(s.Bytes), "entry-bytes")
	})
}

// TestCacheSizeEstimate: the byte estimate of real answers is of the order
// of their JSON encoding (which holds the same strings), so --cache-mb
// means roughly what it says.
func TestCacheSizeEstimate(t *testing.T) {
	st := openStore(t, corpus())
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		get  func() (any, int64, error)
	}{
		{"search", func() (any, int64, error) {
			r, err := Search(ctx, st, Request{Query: "climate"})
			return r, responseBytesOrZero(r), err
		}},
		{"match all", func() (any, int64, error) {
			r, err := Search(ctx, st, Request{Size: 100})
			return r, responseBytesOrZero(r), err
		}},
		{"quotes", func() (any, int64, error) {
			r, err := SearchQuotes(ctx, st, QuoteRequest{})
			if err != nil {
				return nil, 0, err
			}
			return r, quoteResponseBytes(r), nil
		}},
		{"facet values", func() (any, int64, error) {
			r, err := FacetValues(ctx, st, FacetValuesRequest{Field: schema.FieldPerson})
			return r, facetValuesBytes(r), err
		}},
	} {
		v, est, err := tc.get()
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		ratio := float64(est) / float64(len(b))
		t.Logf("%s: estimate %d bytes, JSON %d bytes (%.2f×)", tc.name, est, len(b), ratio)
		if ratio < 0.5 || ratio > 4 {
			t.Errorf("%s: estimated %d bytes for %d bytes of JSON (%.2f×), want 0.5-4×", tc.name, est, len(b), ratio)
		}
	}
}

func responseBytesOrZero(r *Response) int64 {
	if r == nil {
		return 0
	}
	return responseBytes(r)
}

// cancelOnArticles cancels the caller's context the first time Articles()
// is called (SearchQuotes calls it for its page's articles, after its main
// search), then waits, so the cache's waiter gives up and the flight's
// context ends while the search is still running.
type cancelOnArticles struct {
	*store.Store
	armed  bool
	cancel func()
}

func (t *cancelOnArticles) Articles() bleve.Index {
	if t.armed {
		t.armed = false
		t.cancel()
		time.Sleep(100 * time.Millisecond)
	}
	return t.Store.Articles()
}

// TestCacheAbandonedSearchNotFiled: a search every caller gave up on is
// not filed. bleve's alias search answers a cancelled context with what it
// has and no error; that partial answer (quote hits without their
// articles) used to be served as a hit until the next write.
func TestCacheAbandonedSearchNotFiled(t *testing.T) {
	st := openStore(t, corpus())
	good, err := SearchQuotes(context.Background(), st, QuoteRequest{})
	if err != nil || len(good.Hits) == 0 {
		t.Fatalf("uncached: %v, %d hits", err, len(good.Hits))
	}
	c := NewCache(1 << 20)
	ctx, cancel := context.WithCancel(context.Background())
	ix := &cancelOnArticles{Store: st, armed: true, cancel: cancel}
	if _, err := c.SearchQuotes(ctx, ix, QuoteRequest{}); err == nil {
		t.Fatal("the cancelled caller got no error")
	}
	time.Sleep(200 * time.Millisecond) // the abandoned flight ends
	var status CacheStatus
	got, err := c.SearchQuotes(context.Background(), ix, QuoteRequest{}, ReportStatus(&status))
	if err != nil {
		t.Fatal(err)
	}
	if status == CacheHit {
		t.Errorf("the abandoned search's answer was filed and served")
	}
	if diff := cmp.Diff(good.Hits, got.Hits); diff != "" {
		t.Errorf("answer after the abandoned search (-uncached +got):\n%s", diff)
	}
}
