package search

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/store"
)

// BenchmarkIndex searches a real index, for profiling searches on the
// data they are slow on (the synthetic benchmarks above are small and
// uniform). It runs only with NEWSFIND_BENCH_INDEX set to an index
// directory that no other process has open, e.g. one kept by
// `newsfind bench --work DIR --keep`:
//
//	NEWSFIND_BENCH_INDEX=/tmp/idx go test ./search -run X -bench Index -benchtime 600x -cpuprofile cpu.out
//
// The words are those of internal/bench's query mix; the speakers are the
// index's 20 most quoted. Compare CPU time (the process's user+sys less its
// start, or the profile's samples), not ns/op: passes run in parallel.
func BenchmarkIndex(b *testing.B) {
	dir := os.Getenv("NEWSFIND_BENCH_INDEX")
	if dir == "" {
		b.Skip("NEWSFIND_BENCH_INDEX is not set")
	}
	st, err := store.Open(dir, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	top, err := Search(ctx, st, Request{FacetSize: 20}) // also decodes the facet columns
	if err != nil {
		b.Fatal(err)
	}
	var speakers []string
	for _, v := range top.Facets["speaker"] {
		speakers = append(speakers, v.Value)
	}
	if len(speakers) == 0 {
		b.Fatal("the index has no speakers")
	}
	// The busiest bucket of the histogram: a date filter a user clicks.
	busiest := top.Histogram[0]
	for _, b := range top.Histogram {
		if b.Count > busiest.Count {
			busiest = b
		}
	}
	words := strings.Fields("oil bank government market profit election film shares trade minister prices company growth talks music police deal tax court football")
	keyword := func(i int) Request { return Request{Query: words[i%len(words)]} }
	keywordSpeaker := func(i int) Request {
		return Request{Query: words[(i*7+3)%len(words)], Speakers: []string{speakers[i%len(speakers)]}}
	}
	keywordBucket := func(i int) Request {
		return Request{Query: words[i%len(words)], From: busiest.Start, To: busiest.End}
	}
	// The second page of each word (search_after), as "more results" asks.
	page2 := make([]string, len(words))
	for i, w := range words {
		res, err := Search(ctx, st, Request{Query: w, Facets: []string{FacetNone}})
		if err != nil {
			b.Fatal(err)
		}
		page2[i] = res.NextCursor
	}
	for _, bc := range []struct {
		name string
		req  func(i int) Request
	}{
		{"keyword", keyword},
		{"keyword_page2", func(i int) Request {
			return Request{Query: words[i%len(words)], Facets: []string{FacetNone}, Cursor: page2[i%len(words)]}
		}},
		{"keyword_speaker", keywordSpeaker},
		{"keyword_newest", func(i int) Request { return Request{Query: words[i%len(words)], Sort: SortDate} }},
		{"keyword_nocounts", func(i int) Request { return Request{Query: words[i%len(words)], Facets: []string{FacetNone}} }},
		{"phrase", func(int) Request { return Request{Query: `"prime minister"`} }},
		{"matchall", func(int) Request { return Request{} }},
		{"matchall_speaker", func(i int) Request { return Request{Speakers: []string{speakers[i%len(speakers)]}} }},
		{"matchall_busiest_bucket", func(int) Request { return Request{From: busiest.Start, To: busiest.End} }},
		{"keyword_busiest_bucket", keywordBucket},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var hits uint64
			i := 0
			for b.Loop() {
				res, err := Search(ctx, st, bc.req(i))
				if err != nil {
					b.Fatal(err)
				}
				hits += res.Total
				i++
			}
			b.ReportMetric(float64(hits)/float64(i), "hits/op")
		})
	}
	for _, bc := range []struct {
		name string
		req  func(i int) QuoteRequest
	}{
		{"quotes_keyword", func(i int) QuoteRequest { return QuoteRequest{Query: words[i%len(words)]} }},
		{"quotes_latest", func(int) QuoteRequest { return QuoteRequest{} }},
		{"quotes_keyword_newest", func(i int) QuoteRequest { return QuoteRequest{Query: words[i%len(words)], Sort: SortDate} }},
		{"quotes_speaker", func(i int) QuoteRequest { return QuoteRequest{Speakers: []string{speakers[i%len(speakers)]}} }},
		{"quotes_keyword_speaker", func(i int) QuoteRequest {
			return QuoteRequest{Query: words[(i*7+3)%len(words)], Speakers: []string{speakers[i%len(speakers)]}}
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var hits uint64
			i := 0
			for b.Loop() {
				res, err := SearchQuotes(ctx, st, bc.req(i))
				if err != nil {
					b.Fatal(err)
				}
				hits += res.Total
				i++
			}
			b.ReportMetric(float64(hits)/float64(i), "hits/op")
		})
	}
	// What the server spends on each request to tell heavy searches from
	// light ones (search.Heavy), and the share found heavy.
	for _, bc := range []struct {
		name string
		req  func(i int) Request
	}{{"heavy_keyword", keyword}, {"heavy_keyword_speaker", keywordSpeaker}, {"heavy_keyword_busiest_bucket", keywordBucket}} {
		b.Run(bc.name, func(b *testing.B) {
			heavy, i := 0, 0
			for b.Loop() {
				if Heavy(context.Background(), st, bc.req(i)) {
					heavy++
				}
				i++
			}
			b.ReportMetric(float64(heavy)/float64(i), "heavy/op")
		})
	}
}
