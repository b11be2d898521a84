package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestPercentiles(t *testing.T) {
	var ds []time.Duration
	for i := 100; i >= 1; i-- {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		name string
		ds   []time.Duration
		want KindStats
	}{
		{"empty", nil, KindStats{Kind: "k"}},
		{"one", []time.Duration{7}, KindStats{Kind: "k", N: 1, P50: 7, P95: 7, P99: 7, Max: 7}},
		{"hundred", ds, KindStats{Kind: "k", N: 100, P50: 50 * time.Millisecond, P95: 95 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentiles("k", tc.ds, 0); got != tc.want {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func writeCorpus(t *testing.T, dir string, lines ...string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "c.jsonl"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWriteSetRepeatsWithDistinctIDs(t *testing.T) {
	dir := t.TempDir()
	writeCorpus(t, dir, `{"id":"a","title":"T","body":"Body one.","date":"2004-01-02"}`, `{"id":"b","body":"Two"}`)
	c, err := LoadCorpus(dir, []string{"c.jsonl"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Len() != 2 || c.TextBytes() != int64(len("T")+len("Body one.")+len("Two")) {
		t.Fatalf("corpus: %d articles, %d bytes", c.Len(), c.TextBytes())
	}
	out := filepath.Join(dir, "set.jsonl")
	st, err := c.WriteSet(out, 5)
	if err != nil {
		t.Fatal(err)
	}
	if st.Articles != 5 || st.Passes != 3 {
		t.Errorf("stats %+v, want 5 articles in 3 passes", st)
	}
	f, _ := os.Open(out)
	defer f.Close()
	var ids []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a struct{ ID, Date string }
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
		if a.ID[0] == 'a' && a.Date != "2004-01-02" {
			t.Errorf("%s lost its date", a.ID)
		}
	}
	if got := strings.Join(ids, " "); got != "a b a~1 b~1 a~2" {
		t.Errorf("ids = %s", got)
	}
}

func TestLoadCorpusErrors(t *testing.T) {
	for _, tc := range []struct{ name, line, want string }{
		{"bad json", `{"id":`, "c.jsonl:1"},
		{"no body", `{"id":"x"}`, "id and body are required"},
		{"body not string", `{"id":"x","body":3}`, "body"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeCorpus(t, dir, tc.line)
			_, err := LoadCorpus(dir, []string{"c.jsonl"})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

func TestClientRefusesNonLoopback(t *testing.T) {
	c := NewClient(1)
	_, err := c.Get("http://192.0.2.1:9/") // TEST-NET-1: never dialled
	if err == nil || !strings.Contains(err.Error(), "only loopback") {
		t.Fatalf("err = %v, want a loopback-only refusal", err)
	}
}

func TestRunLoadBoundedAndCounted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bad" {
			http.Error(w, "no", 500)
			return
		}
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	qs := []Query{{KindKeyword, "/a"}, {KindFacets, "/b"}, {KindQuotes, "/bad"}}
	c := NewClient(4)
	res := RunLoad(context.Background(), c, srv.URL, qs, 4, 30, 10*time.Second)
	if res.Queries != 30 {
		t.Fatalf("queries = %d, want exactly 30", res.Queries)
	}
	if k := res.Stats(KindKeyword); k.N != 10 || k.Errors != 0 {
		t.Errorf("keyword %+v, want 10 ok", k)
	}
	if k := res.Stats(KindQuotes); k.N != 0 || k.Errors != 10 {
		t.Errorf("quotes %+v, want 10 errors", k)
	}
	if a := res.Stats("all"); a.N != 20 || a.Errors != 10 {
		t.Errorf("all %+v", a)
	}
	// A kind run alone that is not in the mix is counted under its own name.
	res = RunLoad(context.Background(), c, srv.URL, isolatedQueries([]Query{{KindKeywordFilter, "/a?q=x"}}, KindKeywordFilterNoCounts), 2, 6, 10*time.Second)
	if k := res.Stats(KindKeywordFilterNoCounts); k.N != 6 || res.Stats(KindKeyword).N != 0 || len(res.Kinds) != 2 {
		t.Errorf("%s alone: %+v (kinds %+v), want 6 samples under its name", KindKeywordFilterNoCounts, k, res.Kinds)
	}
	// The time bound stops a level that would run long.
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
	}))
	defer slow.Close()
	start := time.Now()
	res = RunLoad(context.Background(), c, slow.URL, qs[:1], 2, 1_000_000, 200*time.Millisecond)
	if el := time.Since(start); el > 5*time.Second || res.Queries >= 1_000_000 {
		t.Errorf("time bound ignored: %d queries in %v", res.Queries, el)
	}
}

// TestRunLoadCacheHeader: RunLoad asks for uncached answers on every
// request; RunLoadCached does not, and counts the X-Cache hits.
func TestRunLoadCacheHeader(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]bool{}
	noCache := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case r.Header.Get("Cache-Control") == "no-cache":
			noCache++
			w.Header().Set("X-Cache", "bypass")
		case seen[r.URL.Path]:
			w.Header().Set("X-Cache", "hit")
		default:
			seen[r.URL.Path] = true
			w.Header().Set("X-Cache", "miss")
		}
		w.Write([]byte("{}"))
	}))
	defer srv.Close()
	qs := []Query{{KindKeyword, "/a"}, {KindKeyword, "/b"}, {KindFacets, "/c"}, {KindFacets, "/c"}}
	c := NewClient(2)
	res := RunLoad(context.Background(), c, srv.URL, qs, 2, 40, 10*time.Second)
	if noCache != 40 || res.Stats("all").CacheHits != 0 || res.Cached || res.CacheHitRate != 0 {
		t.Fatalf("uncached level: %d of 40 requests with no-cache, %d hits, cached %v", noCache, res.Stats("all").CacheHits, res.Cached)
	}
	// One client, so the order is fixed: /a, /b and /c miss once each.
	res = RunLoadCached(context.Background(), c, srv.URL, qs, 1, 40, 10*time.Second)
	if noCache != 40 {
		t.Errorf("cached level sent %d no-cache requests", noCache-40)
	}
	if a := res.Stats("all"); a.N != 40 || a.CacheHits != 37 || res.Distinct != 3 || !res.Cached || res.CacheHitRate != 37.0/40 {
		t.Errorf("cached level: %+v, distinct %d, rate %v; want 37 hits of 40, 3 distinct", a, res.Distinct, res.CacheHitRate)
	}
	if k := res.Stats(KindFacets); k.CacheHits != 19 {
		t.Errorf("facet hits %d, want 19 (20 requests of one path)", k.CacheHits)
	}
}

func TestGetMetrics(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/metrics" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("# HELP a_total x\na_total{result=\"hit\"} 3\nnewsfind_search_cache_entries 12\nnewsfind_search_cache_bytes 1.5e+06\n"))
	}))
	defer srv.Close()
	c := NewClient(1)
	got, err := getMetrics(context.Background(), c, srv.URL, "newsfind_search_cache_entries", "newsfind_search_cache_bytes")
	if err != nil || got[0] != 12 || got[1] != 1.5e6 {
		t.Errorf("getMetrics = %v, %v; want [12 1.5e6]", got, err)
	}
	if _, err := getMetrics(context.Background(), c, srv.URL, "missing"); err == nil {
		t.Error("a missing metric is not an error")
	}
}

func TestMarkdownReportsEveryTarget(t *testing.T) {
	sec := time.Second
	r := &Report{
		Machine: Machine{CPU: "Test CPU", Cores: 2, MemBytes: 4e9, GoVersion: "go1.x", Date: "today"},
		Files:   []string{"bbc.jsonl.gz"}, BaseCount: 10, BaseBytes: 1000, BaseTokens: 200,
		Sets:    []SetInfo{{SetStats: SetStats{Articles: 10000, TextBytes: 1e7, Passes: 1000}, Tokens: 2e6}},
		Extract: ExtractResult{Articles: 10, Tokens: 2000, TextBytes: 1e4, Elapsed: sec, Stages: []Stage{{Name: "ner", Elapsed: sec}}},
		// 300 records rejected: the run is still matched to its set and baseline.
		Full:  []IndexResult{{Articles: 9700, Failed: 300, Elapsed: 5 * sec, DiskBytes: 2e7, PeakRSS: 3e8, Shards: 2}},
		Plain: []IndexResult{{Articles: 10000, Elapsed: 4 * sec, DiskBytes: 4e7}},
		Serve: ServeResult{Articles: 10000, PeakRSS: 2e8, Levels: []LoadResult{{Clients: 16, Queries: 10, QPS: 100,
			Kinds: []KindStats{{Kind: KindKeywordFilter, N: 5, P50: 3 * time.Millisecond, P99: 30 * time.Millisecond}, {Kind: KindFacets, N: 5, P99: 10 * time.Millisecond}}}},
			Cached: LoadResult{Clients: 16, Queries: 1000, QPS: 900, Cached: true, Distinct: 240, CacheHitRate: 0.75,
				Kinds: []KindStats{{Kind: KindKeywordFilter, N: 500, CacheHits: 400, P50: time.Millisecond / 2}, {Kind: "all", N: 1000, CacheHits: 750}}},
			CacheEntries: 240, CacheBytes: 2.4e6,
			Zipf: LoadResult{Clients: 16, Queries: 2000, QPS: 1500, Cached: true, Distinct: 700, CacheHitRate: 0.6,
				Kinds: []KindStats{{Kind: KindQuotes, N: 300, CacheHits: 120, P50: 2 * time.Millisecond}, {Kind: "all", N: 2000, CacheHits: 1200}}},
			ZipfPool: 1700},
	}
	for _, k := range IsolatedKinds {
		lv := LoadResult{Clients: 16, Queries: 10, QPS: 1000}
		if k == KindKeywordFilter {
			lv.Kinds = []KindStats{{Kind: k, N: 10, P50: 12 * time.Millisecond, P99: 24 * time.Millisecond}}
		}
		r.Serve.Isolated = append(r.Serve.Isolated, lv)
	}
	var b bytes.Buffer
	r.WriteMarkdown(&b)
	md := b.String()
	for _, want := range []string{
		"Test CPU, 2 cores",
		"| 16 clients, keyword+filter p50 ≤ 5ms, kind alone (stricter than the target: see below) | 12.0 ms | above |",
		"| 16 clients, keyword+filter p99 ≤ 25ms, kind alone (stricter than the target: see below) | 24.0 ms | within |",
		"a keyword+filter p50 of 5ms there would take about 3200 such searches a second",
		"| full pipeline ≥ 1000 articles/s at 10k | 1940 articles/s | met |",
		"| full ≥ 0.5× plain bleve (same run) at 10k | 0.78× | met |",
		"300 of the records were rejected",
		"keyword+filter p50 ≤ 5ms (in the mix) | 3.0 ms | met |",
		"keyword+filter p99 ≤ 25ms (in the mix) | 30.0 ms | **not met** |",
		"match-all+5 facets p99 ≤ 50ms (in the mix) | 10.0 ms | met |",
		"| index on disk ≤ 1.5× raw text at 10k | 2.000× (20.0 MB for 10.0 MB) | **not met** |",
		"| serving RSS ≤ 1 GB at 10k | 200.0 MB | met |",
		"carries `Cache-Control: no-cache`",
		"### With the result cache",
		"**75.0 % of the answers were cache hits** (750 of 1,000 with `X-Cache: hit`)",
		"repeats 240 distinct requests",
		"upper bound",
		"the cache held 240 answers, estimated at 2.4 MB (10.0 kB each on average)",
		"| keyword+speaker | 500 | 400 |  | 0.5 |",
		"| all | 1000 | 750 | 900 |",
		"### With the result cache, a Zipf-distributed stream",
		"2,000 requests at 16 clients drawn from a pool of 1,700 distinct requests",
		"700 distinct requests were drawn",
		"**60.0 % of the answers were cache hits.**",
		"| quote search | 300 | 120 |  | 2.0 |",
		"| all | 2000 | 1200 | 1500 |",
		"| segments | compressed (index format 5, the default) |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(md)
	}
	r.Uncompressed = true
	b.Reset()
	r.WriteMarkdown(&b)
	if want := "| segments | uncompressed (`--compress=false`, index format 4) |"; !strings.Contains(b.String(), want) {
		t.Errorf("report of an uncompressed run lacks %q", want)
	}
}

// A run cut short after its first phases still renders, without NaN.
func TestMarkdownPartial(t *testing.T) {
	r := &Report{
		Machine: Machine{CPU: "Test CPU", Cores: 2},
		Sets:    []SetInfo{{SetStats: SetStats{Articles: 200000, TextBytes: 2e8}}, {SetStats: SetStats{Articles: 10000, TextBytes: 1e7}}},
		Extract: ExtractResult{Articles: 10, Tokens: 2000, TextBytes: 1e4, Elapsed: time.Second, Stages: []Stage{{Name: "ner", Elapsed: time.Second}}},
		Full:    []IndexResult{{Articles: 200000, Elapsed: 400 * time.Second, DiskBytes: 1e9, Shards: 2}},
	}
	var b bytes.Buffer
	r.WriteMarkdown(&b)
	md := b.String()
	for _, want := range []string{"**Partial report**", "(not run yet)", "| full pipeline ≥ 1000 articles/s at 200k | 500 articles/s | **not met** |"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(md, "NaN") || strings.Contains(md, "Inf") {
		t.Errorf("report has NaN/Inf:\n%s", md)
	}
}

// threadCPU counts this thread's CPU time: busy work moves it forward,
// sleeping does not.
func TestThreadCPU(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("thread CPU time is measured on Linux only")
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0 := threadCPU()
	x := 0
	for start := time.Now(); time.Since(start) < 30*time.Millisecond; x++ {
	}
	c1 := threadCPU()
	time.Sleep(50 * time.Millisecond)
	c2 := threadCPU()
	if c1 <= c0 {
		t.Errorf("busy loop (%d turns) used no CPU: %v -> %v", x, c0, c1)
	}
	if c2-c1 > 20*time.Millisecond {
		t.Errorf("sleeping used %v of CPU", c2-c1)
	}
}

func TestIsolatedQueries(t *testing.T) {
	qs := []Query{{KindKeyword, "/api/search?q=oil"}, {KindKeywordFilter, "/api/search?q=oil&speaker=X"}, {KindQuotes, "/api/quotes?q=oil"}}
	if got := isolatedQueries(qs, KindQuotes); len(got) != 1 || got[0] != qs[2] {
		t.Errorf("quotes alone: %v", got)
	}
	want := []Query{{KindKeywordFilterNoCounts, "/api/search?q=oil&speaker=X&facets=none"}}
	if got := isolatedQueries(qs, KindKeywordFilterNoCounts); !slices.Equal(got, want) {
		t.Errorf("keyword+speaker without counts: %v, want %v", got, want)
	}
}

func TestZipfStream(t *testing.T) {
	top := map[string][]string{}
	for _, f := range []string{"speaker", "person", "place", "org", "source"} {
		for i := range 20 {
			top[f] = append(top[f], fmt.Sprintf("%c%s %d", 'a'+i, f, i))
		}
	}
	mix := mixQueries(top)
	pool := zipfPool(top, mix)
	seen := map[string]bool{}
	for _, q := range mix {
		seen[q.Path] = true
	}
	kinds := map[string]int{}
	for _, q := range pool {
		if seen[q.Path] {
			t.Fatalf("pool repeats %q (a fixed-mix request, or twice)", q.Path)
		}
		seen[q.Path] = true
		kinds[q.Kind]++
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("pool has no %s requests", k)
		}
	}
	n := 6 * 3000
	a := zipfStream(pool, n, rand.New(rand.NewSource(ZipfSeed)))
	b := zipfStream(pool, n, rand.New(rand.NewSource(ZipfSeed)))
	if !slices.Equal(a, b) || len(a) != n {
		t.Fatal("the stream is not the same for the same seed")
	}
	counts, perKind := map[string]int{}, map[string]int{}
	for _, q := range a {
		counts[q.Path]++
		perKind[q.Kind]++
	}
	for _, k := range Kinds { // kinds take turns
		if perKind[k] != n/len(Kinds) {
			t.Errorf("%s drawn %d times, want %d", k, perKind[k], n/len(Kinds))
		}
	}
	freq := slices.Sorted(maps.Values(counts))
	slices.Reverse(freq)
	// A power law: the most frequent request far above the median one,
	// many requests drawn once.
	if top1, median := freq[0], freq[len(freq)/2]; top1 < 20*median {
		t.Errorf("most frequent request drawn %d times, median %d: not skewed", top1, median)
	}
	if len(counts) < len(pool)/4 {
		t.Errorf("only %d of %d pool requests drawn", len(counts), len(pool))
	}
}
