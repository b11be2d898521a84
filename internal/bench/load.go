package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Query kinds of the realistic mix, in report order.
const (
	KindKeyword       = "keyword"
	KindKeywordFilter = "keyword+speaker"
	KindPhrase        = "phrase"
	KindFacets        = "match-all+5 facets"
	KindQuotes        = "quote search"
	KindFacetValues   = "facet values"
)

// Kinds lists the query kinds in report order.
var Kinds = []string{KindKeyword, KindKeywordFilter, KindPhrase, KindFacets, KindQuotes, KindFacetValues}

// KindKeywordFilterNoCounts is keyword+speaker with facets=none, as the
// next pages of a result list ask: run alone, not in the mix.
const KindKeywordFilterNoCounts = "keyword+speaker, facets=none"

// IsolatedKinds are the kinds run alone, in report order.
var IsolatedKinds = append(slices.Clone(Kinds), KindKeywordFilterNoCounts)

// isolatedQueries are the queries of kind, run alone: those of the mix, or
// for KindKeywordFilterNoCounts the keyword+speaker ones without counts.
func isolatedQueries(qs []Query, kind string) []Query {
	var out []Query
	for _, q := range qs {
		switch {
		case q.Kind == kind:
			out = append(out, q)
		case kind == KindKeywordFilterNoCounts && q.Kind == KindKeywordFilter:
			out = append(out, Query{Kind: kind, Path: q.Path + "&facets=none"})
		}
	}
	return out
}

// Query is one request of the mix.
type Query struct {
	Kind string
	Path string // path and query string
}

// keywords and phrases are common words of English news: each matches a
// few hundred to many thousand articles of the corpus.
var (
	keywords = strings.Fields("oil bank government market profit election film shares trade minister prices company growth talks music police deal tax court football")
	phrases  = []string{"prime minister", "interest rates", "chief executive", "stock market", "oil prices", "central bank", "world cup", "general election"}
)

// BuildQueries makes the query mix from the index itself: the top values
// of every facet field become the filters (the values a user would click),
// so filters select real articles whatever the corpus.
func BuildQueries(ctx context.Context, c *http.Client, base string) ([]Query, error) {
	top, err := topValues(ctx, c, base)
	if err != nil {
		return nil, err
	}
	return mixQueries(top), nil
}

// topValues are the 20 most frequent values of each facet field.
func topValues(ctx context.Context, c *http.Client, base string) (map[string][]string, error) {
	top := map[string][]string{}
	for _, f := range []string{"speaker", "person", "place", "org", "source"} {
		var fv struct {
			Values []struct {
				Value string `json:"value"`
			} `json:"values"`
		}
		if err := getJSON(ctx, c, base+"/api/facets/"+f+"?size=20", &fv); err != nil {
			return nil, err
		}
		for _, v := range fv.Values {
			top[f] = append(top[f], v.Value)
		}
		if len(top[f]) == 0 {
			return nil, fmt.Errorf("bench: facet %s has no values: is the index empty?", f)
		}
	}
	return top, nil
}

// mixQueries is the fixed mix over the top facet values.
func mixQueries(top map[string][]string) []Query {
	pick := func(f string, i int) string { vs := top[f]; return vs[i%len(vs)] }
	var qs []Query
	for i := 0; i < 40; i++ {
		kw := keywords[i%len(keywords)]
		qs = append(qs,
			Query{KindKeyword, "/api/search?" + url.Values{"q": {kw}}.Encode()},
			Query{KindKeywordFilter, "/api/search?" + url.Values{"q": {keywords[(i*7+3)%len(keywords)]}, "speaker": {pick("speaker", i)}}.Encode()},
			Query{KindPhrase, "/api/search?" + url.Values{"q": {`"` + phrases[i%len(phrases)] + `"`}}.Encode()},
			// One value clicked in each of the five facets: five
			// disjunctive counts (each facet without its own filter).
			Query{KindFacets, "/api/search?" + url.Values{"speaker": {pick("speaker", i)}, "person": {pick("person", i/2)},
				"place": {pick("place", i/3)}, "org": {pick("org", i/4)}, "source": {pick("source", i)}}.Encode()},
			Query{KindQuotes, "/api/quotes?" + url.Values{"q": {keywords[(i*3+1)%len(keywords)]}}.Encode()},
			Query{KindFacetValues, "/api/facets/" + []string{"person", "place", "org", "speaker"}[i%4] + "?" +
				url.Values{"prefix": {prefixOf(pick([]string{"person", "place", "org", "speaker"}[i%4], i+1), 2)}}.Encode()},
		)
	}
	return qs
}

// poolWords and poolPhrases widen the Zipf pool beyond the fixed mix's
// words: more common words and phrases of English news.
var (
	poolWords = strings.Fields("oil bank government market profit election film shares trade minister prices company growth talks " +
		"music police deal tax court football health school war budget union report sales plan rates dollar strike energy " +
		"workers party vote leader security game league season crisis debt bonds inflation farm wheat coffee gold steel " +
		"airline hospital army peace exports jobs housing climate internet television")
	poolPhrases = []string{"prime minister", "interest rates", "chief executive", "stock market", "oil prices", "central bank",
		"world cup", "general election", "foreign minister", "human rights", "trade deficit", "white house", "united nations",
		"supreme court", "health service", "climate change"}
)

// zipfFilterCombos is how many match-all+5 facets filter combinations
// the Zipf pool tries (fewer when some repeat or are in the fixed mix).
const zipfFilterCombos = 400

// ZipfSeed fixes the Zipf stream, so runs compare.
const ZipfSeed = 1

// ZipfExponent is the stream's s: query logs of web search follow a
// power law with an exponent near 1 (rand.NewZipf needs s > 1).
const ZipfExponent = 1.1

// BuildZipfStream makes n requests drawn from a pool of distinct requests
// of the mix's kinds (more words, every word with every top speaker, more
// filter combinations), none of them in exclude (the fixed mix, whose
// answers may be cached already). Kinds take turns as in the fixed mix;
// within a kind, requests are ranked in a shuffled order and drawn with a
// Zipf law of exponent ZipfExponent: a few repeat often, most rarely, as
// in real traffic. It returns the stream and the pool's size.
func BuildZipfStream(ctx context.Context, c *http.Client, base string, exclude []Query, n int) ([]Query, int, error) {
	top, err := topValues(ctx, c, base)
	if err != nil {
		return nil, 0, err
	}
	pool := zipfPool(top, exclude)
	return zipfStream(pool, n, rand.New(rand.NewSource(ZipfSeed))), len(pool), nil
}

// zipfPool lists the distinct requests of the pool, in a fixed order.
func zipfPool(top map[string][]string, exclude []Query) []Query {
	seen := map[string]bool{}
	for _, q := range exclude {
		seen[q.Path] = true
	}
	var pool []Query
	add := func(kind, path string) {
		if !seen[path] {
			seen[path] = true
			pool = append(pool, Query{kind, path})
		}
	}
	for _, w := range poolWords {
		add(KindKeyword, "/api/search?"+url.Values{"q": {w}}.Encode())
		add(KindQuotes, "/api/quotes?"+url.Values{"q": {w}}.Encode())
		for _, s := range top["speaker"] {
			add(KindKeywordFilter, "/api/search?"+url.Values{"q": {w}, "speaker": {s}}.Encode())
		}
	}
	for _, ph := range poolPhrases {
		add(KindPhrase, "/api/search?"+url.Values{"q": {`"` + ph + `"`}}.Encode())
	}
	pick := func(f string, i int) string { vs := top[f]; return vs[i%len(vs)] }
	for i := range zipfFilterCombos {
		add(KindFacets, "/api/search?"+url.Values{"speaker": {pick("speaker", i)}, "person": {pick("person", i/3)},
			"place": {pick("place", i/7)}, "org": {pick("org", i/11)}, "source": {pick("source", i/13)}}.Encode())
	}
	for _, f := range []string{"person", "place", "org", "speaker"} {
		for _, v := range top[f] {
			for _, n := range []int{2, 3, 4} { // as a user types
				if utf8.RuneCountInString(v) >= n {
					add(KindFacetValues, "/api/facets/"+f+"?"+url.Values{"prefix": {prefixOf(v, n)}}.Encode())
				}
			}
		}
	}
	return pool
}

// zipfStream draws n requests from pool: kinds in turn, in loadKinds
// order; within a kind, a Zipf law over its requests in an order r
// shuffles.
func zipfStream(pool []Query, n int, r *rand.Rand) []Query {
	if len(pool) == 0 || n <= 0 {
		return nil
	}
	type ranking struct {
		qs []Query
		z  *rand.Zipf // nil: one request
	}
	var kinds []ranking
	for _, k := range loadKinds(pool) {
		var qs []Query
		for _, q := range pool {
			if q.Kind == k {
				qs = append(qs, q)
			}
		}
		r.Shuffle(len(qs), func(i, j int) { qs[i], qs[j] = qs[j], qs[i] })
		rk := ranking{qs: qs}
		if len(qs) > 1 {
			rk.z = rand.NewZipf(r, ZipfExponent, 1, uint64(len(qs)-1))
		}
		kinds = append(kinds, rk)
	}
	out := make([]Query, n)
	for i := range out {
		rk := kinds[i%len(kinds)]
		j := uint64(0)
		if rk.z != nil {
			j = rk.z.Uint64()
		}
		out[i] = rk.qs[j]
	}
	return out
}

// prefixOf is what a user has typed of a value: its first n letters, lower
// case.
func prefixOf(v string, n int) string {
	r := []rune(strings.ToLower(v))
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

func getJSON(ctx context.Context, c *http.Client, u string, v any) error {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Cache-Control", "no-cache") // setup: leave the result cache empty
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("bench: GET %s: %w", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("bench: GET %s: %w", u, err)
	}
	if resp.StatusCode != 200 {
		return fmt.Errorf("bench: GET %s: status %d: %s", u, resp.StatusCode, b)
	}
	return json.Unmarshal(b, v)
}

// KindStats are the latencies of one query kind (or "all").
type KindStats struct {
	Kind   string        `json:"kind"`
	N      int           `json:"n"`
	Errors int           `json:"errors"`
	P50    time.Duration `json:"p50_ns"`
	P95    time.Duration `json:"p95_ns"`
	P99    time.Duration `json:"p99_ns"`
	Max    time.Duration `json:"max_ns"`
	// CacheHits counts answers with X-Cache: hit (only levels that allow
	// the cache can have any).
	CacheHits int `json:"cache_hits"`
}

// LoadResult is one load level.
type LoadResult struct {
	Clients int           `json:"clients"`
	Queries int           `json:"queries"`
	Elapsed time.Duration `json:"elapsed_ns"`
	QPS     float64       `json:"qps"`
	Kinds   []KindStats   `json:"kinds"` // Kinds order, then "all"
	Load    string        `json:"load"`  // 1-minute load average at the end
	// Cached says the level let the server answer from its result cache;
	// other levels send Cache-Control: no-cache with every request, so
	// they measure searches.
	Cached bool `json:"cached"`
	// Distinct is the number of distinct requests the level cycled
	// through; CacheHitRate is the share of answered queries that were
	// cache hits (cached levels only).
	Distinct     int     `json:"distinct_requests"`
	CacheHitRate float64 `json:"cache_hit_rate"`
}

// Stats returns the stats of kind ("all" for every query).
func (r LoadResult) Stats(kind string) KindStats {
	for _, k := range r.Kinds {
		if k.Kind == kind {
			return k
		}
	}
	return KindStats{Kind: kind}
}

// loopbackOnly refuses to dial anything but the loopback interface: the
// load generator must never send traffic off the machine.
func loopbackOnly(ctx context.Context, network, addr string) (net.Conn, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("bench: load generator dials only loopback addresses, not %s", addr)
	}
	return (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, network, addr)
}

// NewClient is an HTTP client for the load generator: keep-alive
// connections for up to maxConns clients, loopback only.
func NewClient(maxConns int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			DialContext:         loopbackOnly,
			MaxIdleConns:        maxConns,
			MaxIdleConnsPerHost: maxConns,
			DisableCompression:  true,
		},
	}
}

// RunLoad sends the queries (in order, round robin) from clients concurrent
// clients until total queries are done or maxTime has passed, and measures
// each one's latency from request to fully read response. Every request
// carries Cache-Control: no-cache, so the server searches for each one
// rather than answering from its result cache.
func RunLoad(ctx context.Context, c *http.Client, base string, qs []Query, clients, total int, maxTime time.Duration) LoadResult {
	return runLoad(ctx, c, base, qs, clients, total, maxTime, false)
}

// RunLoadCached is RunLoad without the no-cache header: the server may
// answer repeated requests from its result cache. The result counts the
// answers marked X-Cache: hit.
func RunLoadCached(ctx context.Context, c *http.Client, base string, qs []Query, clients, total int, maxTime time.Duration) LoadResult {
	return runLoad(ctx, c, base, qs, clients, total, maxTime, true)
}

func runLoad(ctx context.Context, c *http.Client, base string, qs []Query, clients, total int, maxTime time.Duration, cached bool) LoadResult {
	ctx, cancel := context.WithTimeout(ctx, maxTime)
	defer cancel()
	type sample struct {
		kind int
		d    time.Duration
		err  bool
		hit  bool
	}
	kinds := loadKinds(qs)
	kindIdx := map[string]int{}
	for i, k := range kinds {
		kindIdx[k] = i
	}
	var next atomic.Int64
	samples := make([][]sample, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < clients; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= total {
					return
				}
				q := qs[i%len(qs)]
				t0 := time.Now()
				xc, err := getCache(ctx, c, base+q.Path, cached)
				if ctx.Err() != nil {
					return // cut by the time bound: not a sample
				}
				samples[w] = append(samples[w], sample{kindIdx[q.Kind], time.Since(t0), err != nil, err == nil && xc == "hit"})
			}
		}()
	}
	wg.Wait()
	distinct := map[string]bool{}
	for _, q := range qs {
		distinct[q.Path] = true
	}
	res := LoadResult{Clients: clients, Elapsed: time.Since(start), Load: LoadAvg(), Cached: cached, Distinct: len(distinct)}
	by := make([][]time.Duration, len(kinds)+1)
	errs := make([]int, len(kinds)+1)
	hits := make([]int, len(kinds)+1)
	for _, ss := range samples {
		for _, s := range ss {
			res.Queries++
			for _, k := range []int{s.kind, len(kinds)} {
				if s.err {
					errs[k]++
				} else {
					by[k] = append(by[k], s.d)
				}
				if s.hit {
					hits[k]++
				}
			}
		}
	}
	res.QPS = float64(res.Queries) / res.Elapsed.Seconds()
	for k, ds := range by {
		name := "all"
		if k < len(kinds) {
			name = kinds[k]
		}
		ks := percentiles(name, ds, errs[k])
		ks.CacheHits = hits[k]
		res.Kinds = append(res.Kinds, ks)
	}
	if all := res.Stats("all"); cached && all.N > 0 {
		res.CacheHitRate = float64(all.CacheHits) / float64(all.N)
	}
	return res
}

// loadKinds are the kinds of qs, in report order (IsolatedKinds, then any
// other in order of appearance), each once.
func loadKinds(qs []Query) []string {
	var kinds []string
	for _, k := range IsolatedKinds {
		if slices.ContainsFunc(qs, func(q Query) bool { return q.Kind == k }) {
			kinds = append(kinds, k)
		}
	}
	for _, q := range qs {
		if !slices.Contains(kinds, q.Kind) {
			kinds = append(kinds, q.Kind)
		}
	}
	return kinds
}

func percentiles(kind string, ds []time.Duration, errs int) KindStats {
	s := KindStats{Kind: kind, N: len(ds), Errors: errs}
	if len(ds) == 0 {
		return s
	}
	slices.Sort(ds)
	at := func(p float64) time.Duration {
		i := int(p*float64(len(ds))+0.5) - 1
		return ds[max(0, min(i, len(ds)-1))]
	}
	s.P50, s.P95, s.P99, s.Max = at(0.50), at(0.95), at(0.99), ds[len(ds)-1]
	return s
}

func get(ctx context.Context, c *http.Client, u string) error {
	_, err := getCache(ctx, c, u, false)
	return err
}

// getCache GETs u and reads the whole answer; unless cached, it asks the
// server not to answer from its result cache. It returns the answer's
// X-Cache header.
func getCache(ctx context.Context, c *http.Client, u string, cached bool) (string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return "", err
	}
	if !cached {
		req.Header.Set("Cache-Control", "no-cache")
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != 200 {
		err = fmt.Errorf("status %d", resp.StatusCode)
	}
	return resp.Header.Get("X-Cache"), err
}
