package search

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// benchDocs is the size of the benchmark corpus (setup indexes it once per
// process: 3 minutes for 20,000 on the shared 2-core build machine).
var benchDocs = flag.Int("benchdocs", 20000, "articles in the benchmark index")

var (
	benchOnce  sync.Once
	benchStore *store.Store
	benchErr   error
)

// benchIndex builds, once per process, an on-disk two-shard index of
// -benchdocs synthetic articles shaped like news: Zipf-distributed
// words (a 5,000-word vocabulary whose common words include the benchmark
// query words), 120–320-word bodies, a few of 400 people, 120 places and
// 80 organisations per article (also Zipf, so facets have a long tail),
// 12 sources, two years of dates, and 0–3 quotes each.
func benchIndex(b *testing.B) *store.Store {
	benchOnce.Do(func() {
		start := time.Now()
		dir, err := os.MkdirTemp("", "newsfind-bench-")
		if err != nil {
			benchErr = err
			return
		}
		// On disk: scorch, the engine the server runs (memory-only bleve
		// indexes use the older upsidedown engine).
		benchStore, benchErr = store.Open(dir, store.Options{Shards: 2})
		if benchErr != nil {
			return
		}
		arts := synthArticles(*benchDocs, 42)
		for i := 0; i < len(arts); i += 1000 {
			ops := make([]store.Op, 0, 1000)
			for _, a := range arts[i:min(i+1000, len(arts))] {
				ops = append(ops, store.Op{ID: a.ID, Article: a})
			}
			if _, benchErr = benchStore.Apply(ops); benchErr != nil {
				return
			}
		}
		n, _ := benchStore.Count()
		fmt.Printf("bench setup: %d articles indexed in %v\n", n, time.Since(start).Round(time.Millisecond))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchStore
}

// benchWords are placed at fixed ranks of the vocabulary so the
// benchmark queries have known selectivity.
var benchWords = map[int]string{3: "government", 40: "election", 300: "climate", 2000: "earthquake"}

func synthArticles(n int, seed uint64) []*schema.Article {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	syll := []string{"ka", "lo", "mi", "ra", "ten", "sor", "vel", "an", "gri", "do", "pe", "tu", "mar", "is", "on", "bel"}
	vocab := make([]string, 5000)
	for i := range vocab {
		if w, ok := benchWords[i]; ok {
			vocab[i] = w
			continue
		}
		var sb strings.Builder
		for x := i + 1; x > 0; x /= len(syll) {
			sb.WriteString(syll[x%len(syll)])
		}
		vocab[i] = sb.String()
	}
	words := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
	names := func(prefix string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("%s %s%s", prefix, strings.ToUpper(vocab[i+50][:1]), vocab[i+50][1:])
		}
		return out
	}
	persons := names("Jo", 400)
	for i := range persons {
		persons[i] = []string{"John", "Maria", "Ahmed", "Li", "Olga", "Kwame", "Priya", "Josh"}[i%8] + persons[i][2:]
	}
	places := names("Port", 120)
	orgs := names("Ministry of", 80)
	pick := func(z *rand.Zipf, list []string, k int) []string {
		seen := map[string]bool{}
		var out []string
		for len(out) < k {
			v := list[z.Uint64()]
			if !seen[v] {
				seen[v] = true
				out = append(out, v)
			}
		}
		return out
	}
	zPerson := rand.NewZipf(rng, 1.2, 3, uint64(len(persons)-1))
	zPlace := rand.NewZipf(rng, 1.2, 3, uint64(len(places)-1))
	zOrg := rand.NewZipf(rng, 1.2, 3, uint64(len(orgs)-1))
	text := func(k int) string {
		ws := make([]string, k)
		for i := range ws {
			ws[i] = vocab[words.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	start := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	arts := make([]*schema.Article, n)
	for i := range arts {
		a := &schema.Article{
			ID:        fmt.Sprintf("s%06d", i),
			Title:     text(6 + rng.IntN(6)),
			Body:      text(120 + rng.IntN(200)),
			Source:    fmt.Sprintf("source%02d", rng.IntN(12)),
			Published: start.Add(time.Duration(rng.IntN(730*24)) * time.Hour),
		}
		for _, p := range pick(zPerson, persons, 1+rng.IntN(4)) {
			a.Entities = append(a.Entities, schema.Entity{Type: schema.TypePerson, Name: p})
		}
		for _, p := range pick(zPlace, places, 1+rng.IntN(2)) {
			h := float64(len(p))
			a.Entities = append(a.Entities, schema.Entity{Type: schema.TypePlace, Name: p, Geo: &schema.Geo{Lat: 50 - h, Lon: h * 3}})
		}
		for _, o := range pick(zOrg, orgs, rng.IntN(3)) {
			a.Entities = append(a.Entities, schema.Entity{Type: schema.TypeOrganization, Name: o})
		}
		for q := rng.IntN(4); q > 0; q-- {
			sp := schema.Names(a.Entities, schema.TypePerson)
			a.Quotes = append(a.Quotes, schema.Quote{Text: text(8 + rng.IntN(20)), Kind: schema.KindDirect, Cue: "said", Speaker: sp[rng.IntN(len(sp))]})
		}
		arts[i] = a
	}
	return arts
}

func benchSearch(b *testing.B, req Request) {
	st := benchIndex(b)
	ctx := context.Background()
	res, err := Search(ctx, st, req)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(res.Total), "hits")
	b.ResetTimer()
	for b.Loop() {
		if _, err := Search(ctx, st, req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSearchKeyword: a common and a rarer word, relevance sort,
// 10 hits with highlights, 5 facets, histogram.
func BenchmarkSearchKeyword(b *testing.B) {
	b.Run("common", func(b *testing.B) { benchSearch(b, Request{Query: "election"}) })
	b.Run("rare", func(b *testing.B) { benchSearch(b, Request{Query: "earthquake"}) })
	b.Run("two-words", func(b *testing.B) { benchSearch(b, Request{Query: "climate election"}) })
}

// BenchmarkSearchKeywordFilter adds filters, so their facets need the
// extra disjunctive searches.
func BenchmarkSearchKeywordFilter(b *testing.B) {
	b.Run("person", func(b *testing.B) { benchSearch(b, Request{Query: "election", Persons: []string{"John Mi"}}) })
	b.Run("person+source+date", func(b *testing.B) {
		benchSearch(b, Request{Query: "election", Persons: []string{"John Mi"}, Sources: []string{"source01", "source02"},
			From: time.Date(2015, 6, 1, 0, 0, 0, 0, time.UTC)})
	})
}

// BenchmarkSearchMatchAllFacets: no query, a filter on each of the five
// facet fields (five extra disjunctive searches) and the histogram.
func BenchmarkSearchMatchAllFacets(b *testing.B) {
	b.Run("no-filters", func(b *testing.B) { benchSearch(b, Request{}) })
	b.Run("5-disjunctive", func(b *testing.B) {
		benchSearch(b, Request{Speakers: []string{"John Mi", "Maria Ra"}, Persons: []string{"John Mi", "Maria Ra"},
			Places: []string{"Port Mi"}, Orgs: []string{"Ministry of Mi", "Ministry of Ra"}, Sources: []string{"source01", "source02", "source03"}})
	})
}

func BenchmarkSearchSaid(b *testing.B) {
	benchSearch(b, Request{Said: "climate"})
}

func BenchmarkSearchQuotes(b *testing.B) {
	st := benchIndex(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := SearchQuotes(ctx, st, QuoteRequest{Query: "election"}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFacetValues(b *testing.B) {
	st := benchIndex(b)
	ctx := context.Background()
	for _, prefix := range []string{"", "j", "jo", "mi"} {
		b.Run("prefix="+prefix, func(b *testing.B) {
			for b.Loop() {
				if _, err := FacetValues(ctx, st, FacetValuesRequest{Field: schema.FieldPerson, Prefix: prefix}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearchDeepPage(b *testing.B) {
	st := benchIndex(b)
	ctx := context.Background()
	res, err := Search(ctx, st, Request{Query: "government", Size: 100})
	if err != nil {
		b.Fatal(err)
	}
	for range 20 {
		res, err = Search(ctx, st, Request{Query: "government", Size: 100, Cursor: res.NextCursor})
		if err != nil || res.NextCursor == "" {
			b.Fatal(err, "no next page")
		}
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Search(ctx, st, Request{Query: "government", Size: 10, Cursor: res.NextCursor}); err != nil {
			b.Fatal(err)
		}
	}
}
