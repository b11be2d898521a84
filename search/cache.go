package search

import (
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/newsfind/newsfind/schema"
)

// Cache keeps recent answers of Search, SearchQuotes and FacetValues in
// memory, so a request repeated while the index is unchanged (many readers
// of one breaking story, a page refreshed, dashboards polling) is answered
// without searching again. It is the counterpart of Elasticsearch's shard
// request cache.
//
// Answers are keyed by the kind of search, the request in a canonical form
// (defaults filled in, dates in UTC, so equivalent requests share an
// entry) and the index's generation (see Generational), read before the
// search runs: an answer is never filed under a newer generation than the
// data it saw, and after a write no older answer is served. Entries of
// older generations are dropped as soon as a newer one is seen. Memory is
// bounded by an estimate of the answers' bytes; the least recently used
// entries go first. Identical requests that miss at the same time run one
// search and share its answer; a caller whose context ends stops waiting
// without cancelling the search for the others (it is cancelled once every
// caller has gone). Errors are never cached.
//
// A nil Cache, or one of zero bytes, caches nothing: every call searches.
// Indexes that are not Generational are never cached either.
//
// Answers are shared between callers: the top-level Response and
// QuoteResponse are copied per call (with TookMs set for the call), but
// their Hits, Facets and Histogram, and the []FacetValue of FacetValues,
// are the cached ones. Callers must treat them as read-only.
type Cache struct {
	maxBytes int64

	mu      sync.Mutex
	entries map[cacheKey]*list.Element // of *cacheEntry
	lru     list.List                  // most recently used first
	bytes   int64
	newest  uint64 // newest generation seen; entries of older ones are gone
	flights map[cacheKey]*flight

	hits, misses, coalesced, bypassed atomic.Uint64

	// Test hooks: the searches a miss runs (nil: the package's own).
	searchFn func(context.Context, Index, Request) (*Response, error)
	quotesFn func(context.Context, Index, QuoteRequest) (*QuoteResponse, error)
	facetsFn func(context.Context, Index, FacetValuesRequest) ([]FacetValue, error)
}

// maxEntryShare: an answer larger than 1/maxEntryShare of the cache is not
// kept, so one huge page cannot flush everything else.
const maxEntryShare = 8

// entryOverhead approximates the bytes an entry costs besides its answer
// and key: list element, map slot, entry struct.
const entryOverhead = 160

// NewCache makes a cache holding answers of about maxBytes bytes at most
// (an estimate of their size in memory). maxBytes <= 0 disables it.
func NewCache(maxBytes int64) *Cache {
	return &Cache{maxBytes: maxBytes, entries: map[cacheKey]*list.Element{}, flights: map[cacheKey]*flight{}}
}

// CacheStatus says how a Cache answered one call.
type CacheStatus string

const (
	// CacheHit: the answer was in the cache.
	CacheHit CacheStatus = "hit"
	// CacheMiss: the call searched, and filed the answer.
	CacheMiss CacheStatus = "miss"
	// CacheCoalesced: an identical search was already running; the call
	// waited for it and shares its answer.
	CacheCoalesced CacheStatus = "coalesced"
	// CacheBypass: the cache was not used (disabled, NoCache, an index
	// that is not Generational, or a request that fails validation).
	CacheBypass CacheStatus = "bypass"
)

// CacheOption adjusts one call of a Cache.
type CacheOption func(*cacheCall)

type cacheCall struct {
	noCache bool
	gate    Gate
	status  *CacheStatus
}

// NoCache, when on, makes the call search without reading or filling the
// cache (HTTP's Cache-Control: no-cache): its answer is fresh, and its
// latency that of an uncached search.
func NoCache(on bool) CacheOption { return func(c *cacheCall) { c.noCache = c.noCache || on } }

// Gate runs a search: it calls run once, with ctx or a context derived
// from it (one carrying a Yielder, say), and returns run's error.
type Gate func(ctx context.Context, run func(context.Context) error) error

// WithGate runs the call's search inside gate, e.g. a concurrency limiter.
// Hits, and calls waiting for an identical search, do not pass through it:
// only searches do.
func WithGate(gate Gate) CacheOption {
	return func(c *cacheCall) { c.gate = gate }
}

// ReportStatus makes the call store how it was answered in *s.
func ReportStatus(s *CacheStatus) CacheOption { return func(c *cacheCall) { c.status = s } }

// CacheStats are a cache's counters since it was made.
type CacheStats struct {
	Hits      uint64 `json:"hits"`      // answered from the cache
	Misses    uint64 `json:"misses"`    // searched and filed
	Coalesced uint64 `json:"coalesced"` // waited for an identical search
	Bypassed  uint64 `json:"bypassed"`  // not cached (see CacheBypass)
	Entries   int    `json:"entries"`
	Bytes     int64  `json:"bytes"` // estimated size of the entries
	MaxBytes  int64  `json:"max_bytes"`
}

// Stats returns the counters (zero for a nil cache).
func (c *Cache) Stats() CacheStats {
	if c == nil {
		return CacheStats{}
	}
	c.mu.Lock()
	n, b := len(c.entries), c.bytes
	c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Coalesced: c.coalesced.Load(), Bypassed: c.bypassed.Load(),
		Entries: n, Bytes: b, MaxBytes: c.maxBytes}
}

// Search is Search through the cache.
func (c *Cache) Search(ctx context.Context, ix Index, req Request, opts ...CacheOption) (*Response, error) {
	start := time.Now()
	var hook searchFunc[Request, *Response]
	if c != nil {
		hook = c.searchFn
	}
	v, st, err := cachedCall(c, ctx, ix, req, opts, articleKey, or(hook, Search), responseBytes)
	if err != nil {
		return nil, err
	}
	r := *v
	if st == CacheHit || st == CacheCoalesced {
		r.TookMs = time.Since(start).Milliseconds()
	}
	return &r, nil
}

// SearchQuotes is SearchQuotes through the cache.
func (c *Cache) SearchQuotes(ctx context.Context, ix Index, req QuoteRequest, opts ...CacheOption) (*QuoteResponse, error) {
	start := time.Now()
	var hook searchFunc[QuoteRequest, *QuoteResponse]
	if c != nil {
		hook = c.quotesFn
	}
	v, st, err := cachedCall(c, ctx, ix, req, opts, quoteKey, or(hook, SearchQuotes), quoteResponseBytes)
	if err != nil {
		return nil, err
	}
	r := *v
	if st == CacheHit || st == CacheCoalesced {
		r.TookMs = time.Since(start).Milliseconds()
	}
	return &r, nil
}

// FacetValues is FacetValues through the cache. The slice may be shared
// with other callers: do not modify it.
func (c *Cache) FacetValues(ctx context.Context, ix Index, req FacetValuesRequest, opts ...CacheOption) ([]FacetValue, error) {
	var hook searchFunc[FacetValuesRequest, []FacetValue]
	if c != nil {
		hook = c.facetsFn
	}
	v, _, err := cachedCall(c, ctx, ix, req, opts, facetKey, or(hook, FacetValues), facetValuesBytes)
	return v, err
}

// searchFunc is one of the package's searches (or a test's stand-in).
type searchFunc[Req, Res any] func(context.Context, Index, Req) (Res, error)

// or is a test's stand-in when set, else the package's search.
func or[Req, Res any](hook, search searchFunc[Req, Res]) searchFunc[Req, Res] {
	if hook != nil {
		return hook
	}
	return search
}

// cachedCall runs search through c.do: keyOf gives req's key, size the
// answer's estimated bytes.
func cachedCall[Req, Res any](c *Cache, ctx context.Context, ix Index, req Req, opts []CacheOption, keyOf func(Req) string,
	search searchFunc[Req, Res], size func(Res) int64) (Res, CacheStatus, error) {
	v, st, err := c.do(ctx, ix, func() string { return keyOf(req) }, opts, func(ctx context.Context) (any, int64, error) {
		r, err := search(ctx, ix, req)
		if err != nil {
			return nil, 0, err
		}
		return r, size(r), nil
	})
	if err != nil {
		var zero Res
		return zero, st, err
	}
	return v.(Res), st, nil
}

// Canonical request keys. Each normalizes its request as the search itself
// does (defaults filled in), so requests that differ only in spelled-out
// defaults share a key; dates are keyed as instants (UTC), which is all the
// search reads of them. "" means: not cacheable (an invalid request, whose
// error the search itself reports; errors are not cached).

func articleKey(req Request) string {
	r, err := req.normalize()
	if err != nil {
		return ""
	}
	r.From, r.To = utc(r.From), utc(r.To)
	if !slices.ContainsFunc(schema.FacetFields, func(f string) bool { return wantsCount(r.Facets, f) }) {
		r.FacetSize = 0 // no facet to size: the same answer whatever it is
	}
	return canonical("search", r)
}

func quoteKey(req QuoteRequest) string {
	r, err := req.normalize()
	if err != nil {
		return ""
	}
	r.From, r.To = utc(r.From), utc(r.To)
	if !wantsCount(r.Facets, schema.FieldSpeaker) {
		r.FacetSize = 0
	}
	return canonical("quotes", r)
}

func facetKey(req FacetValuesRequest) string {
	size, err := checkSize("size", req.Size, DefaultFacetSize, MaxFacetSize)
	if err != nil || len(req.Prefix) > MaxPrefixLen {
		return ""
	}
	f, err := req.Filters.normalize()
	if err != nil {
		return ""
	}
	f.From, f.To = utc(f.From), utc(f.To)
	req.Size, req.Filters = size, f
	return canonical("facets", req)
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

func canonical(kind string, v any) string {
	b, err := json.Marshal(v)
	if err != nil { // only NaN or Inf coordinates: not worth caching
		return ""
	}
	return kind + "\x00" + string(b)
}

type cacheKey struct {
	gen uint64
	req string
}

type cacheEntry struct {
	key   cacheKey
	val   any
	bytes int64
}

// flight is a search running for one key; done closes when it is over.
type flight struct {
	done    chan struct{}
	val     any
	err     error
	waiters int // callers still waiting, under Cache.mu
	cancel  context.CancelCauseFunc
}

// do answers one call: from the cache, by joining an identical search in
// flight, or by running compute (which returns the answer and its size).
// keyOf gives the request's canonical key ("": not cacheable); it is only
// computed when the cache may be used.
func (c *Cache) do(ctx context.Context, ix Index, keyOf func() string, opts []CacheOption, compute func(context.Context) (any, int64, error)) (any, CacheStatus, error) {
	var call cacheCall
	for _, o := range opts {
		o(&call)
	}
	gate := call.gate
	if gate == nil {
		gate = func(ctx context.Context, run func(context.Context) error) error { return run(ctx) }
	}
	report := func(s CacheStatus) {
		if call.status != nil {
			*call.status = s
		}
	}
	if err := ctx.Err(); err != nil {
		report(CacheBypass)
		return nil, CacheBypass, fmt.Errorf("search: %w", err)
	}
	g, ok := ix.(Generational)
	key := ""
	if ok && c != nil && c.maxBytes > 0 && !call.noCache {
		key = keyOf()
	}
	if key == "" {
		if c != nil {
			c.bypassed.Add(1)
		}
		report(CacheBypass)
		var v any
		err := gate(ctx, func(ctx context.Context) (err error) {
			v, _, err = compute(ctx)
			return err
		})
		return v, CacheBypass, err
	}
	k := cacheKey{gen: g.Generation(), req: key}

	c.mu.Lock()
	c.retire(k.gen)
	if el, ok := c.entries[k]; ok {
		c.lru.MoveToFront(el)
		v := el.Value.(*cacheEntry).val
		c.mu.Unlock()
		c.hits.Add(1)
		report(CacheHit)
		return v, CacheHit, nil
	}
	status := CacheCoalesced
	f, ok := c.flights[k]
	if !ok {
		status = CacheMiss
		// The search belongs to every caller waiting for it: it keeps
		// the first caller's values but not its cancellation.
		fctx, cancel := context.WithCancelCause(context.WithoutCancel(ctx))
		f = &flight{done: make(chan struct{}), cancel: cancel}
		c.flights[k] = f
		go c.run(fctx, k, f, gate, compute)
	}
	f.waiters++
	c.mu.Unlock()
	if status == CacheMiss {
		c.misses.Add(1)
	} else {
		c.coalesced.Add(1)
	}
	report(status)

	select {
	case <-f.done:
		return f.val, status, f.err
	case <-ctx.Done():
		c.mu.Lock()
		f.waiters--
		if f.waiters == 0 {
			// Nobody wants the answer any more: stop the search, and let
			// the next caller start a new one. The cause is the last
			// caller's (its deadline, or its client gone), for a gate
			// that tells them apart (context.Cause).
			f.cancel(ctx.Err())
			if c.flights[k] == f {
				delete(c.flights, k)
			}
		}
		c.mu.Unlock()
		return nil, status, fmt.Errorf("search: %w", ctx.Err())
	}
}

// run runs one flight's search and files its answer.
func (c *Cache) run(ctx context.Context, k cacheKey, f *flight, gate Gate, compute func(context.Context) (any, int64, error)) {
	defer f.cancel(nil)
	var val any
	var size int64
	err := func() (err error) {
		// The search runs on this goroutine, not the caller's: a panic
		// here would end the process, so it becomes the callers' error.
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("search: panic: %v\n%s", p, debug.Stack())
			}
		}()
		return gate(ctx, func(ctx context.Context) (err error) {
			val, size, err = compute(ctx)
			return err
		})
	}()
	if err == nil && ctx.Err() != nil {
		// Abandoned by every caller: whatever came back may be partial.
		err = fmt.Errorf("search: %w", context.Cause(ctx))
	}
	c.mu.Lock()
	if c.flights[k] == f {
		delete(c.flights, k)
	}
	if err == nil {
		c.add(k, val, size)
	}
	f.val, f.err = val, err
	c.mu.Unlock()
	close(f.done)
}

// retire drops the entries of generations older than gen, the first time
// gen is seen. Under c.mu.
func (c *Cache) retire(gen uint64) {
	if gen <= c.newest {
		return
	}
	c.newest = gen
	for el := c.lru.Front(); el != nil; {
		next := el.Next()
		if e := el.Value.(*cacheEntry); e.key.gen < gen {
			c.remove(el)
		}
		el = next
	}
}

// add files an answer, then evicts the least recently used entries until
// the cache is within its bound. Answers of a generation older than the
// newest seen are not filed: nobody will ask for them. Under c.mu.
func (c *Cache) add(k cacheKey, val any, size int64) {
	c.retire(k.gen)
	size += entryOverhead + int64(len(k.req))
	if k.gen < c.newest || size > c.maxBytes/maxEntryShare {
		return
	}
	if el, ok := c.entries[k]; ok { // filed meanwhile by a twin flight its callers had left
		c.remove(el)
	}
	c.entries[k] = c.lru.PushFront(&cacheEntry{key: k, val: val, bytes: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.remove(c.lru.Back())
	}
}

func (c *Cache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*cacheEntry)
	delete(c.entries, e.key)
	c.bytes -= e.bytes
}

// Size estimates: the bytes an answer holds on the heap, strings and slices
// included, roughly (allocator rounding and map buckets are not counted
// exactly; the bound is approximate).

const (
	stringBytes = int64(unsafe.Sizeof(""))
	sliceBytes  = int64(unsafe.Sizeof([]string(nil)))
	mapBytes    = 48 // a map header and its first bucket, roughly per key
	timeBytes   = int64(unsafe.Sizeof(time.Time{}))
)

func strsBytes(ss []string) int64 {
	n := sliceBytes
	for _, s := range ss {
		n += stringBytes + int64(len(s))
	}
	return n
}

func facetValuesBytes(vs []FacetValue) int64 {
	n := sliceBytes
	for _, v := range vs {
		n += int64(unsafe.Sizeof(v)) + int64(len(v.Value))
	}
	return n
}

func facetsBytes(m map[string][]FacetValue) int64 {
	n := int64(mapBytes)
	for k, vs := range m {
		n += mapBytes + int64(len(k)) + facetValuesBytes(vs)
	}
	return n
}

func responseBytes(r *Response) int64 {
	n := int64(unsafe.Sizeof(*r)) + int64(len(r.NextCursor)) + facetsBytes(r.Facets) +
		int64(len(r.Histogram))*int64(unsafe.Sizeof(DateBucket{}))
	for i := range r.Hits {
		h := &r.Hits[i]
		n += int64(unsafe.Sizeof(*h)) + int64(len(h.ID)+len(h.Title)+len(h.URL)+len(h.Source)+len(h.Snippet)) +
			strsBytes(h.Speakers) + strsBytes(h.Persons) + strsBytes(h.Places) + strsBytes(h.Orgs)
		if h.Published != nil {
			n += timeBytes
		}
		if h.Highlights != nil {
			n += mapBytes
			for k, fr := range h.Highlights {
				n += mapBytes + int64(len(k)) + strsBytes(fr)
			}
		}
	}
	return n
}

func quoteResponseBytes(r *QuoteResponse) int64 {
	n := int64(unsafe.Sizeof(*r)) + int64(len(r.NextCursor)) + facetsBytes(r.Facets)
	for i := range r.Hits {
		h := &r.Hits[i]
		n += int64(unsafe.Sizeof(*h)) + int64(len(h.ID)+len(h.Text)+len(h.Highlighted)+len(h.Speaker)+len(h.SpeakerText)+
			len(h.Cue)+len(h.Kind)+len(h.ArticleID)+len(h.ArticleTitle)+len(h.URL)+len(h.Source))
		if h.Published != nil {
			n += timeBytes
		}
	}
	return n
}
