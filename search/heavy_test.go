package search

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind/schema"
)

// TestScoredHitsMatchesSearch: the count Heavy goes by is the number of
// hits the search then finds (its total), over shards with replaced and
// deleted articles.
func TestScoredHitsMatchesSearch(t *testing.T) {
	st := newestStore(t)
	ctx := context.Background()
	top, err := Search(ctx, st, Request{FacetSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	val := func(f string, i int) string { return top.Facets[f][i].Value }
	bucket := top.Histogram[len(top.Histogram)/2]
	for _, req := range []Request{
		{Query: "government", From: bucket.Start, To: bucket.End},
		{Query: "government election", From: bucket.Start},
		{Query: "government", To: bucket.End, Speakers: []string{val(schema.FieldSpeaker, 0)}},
		{Query: "government"},
		{Query: "election"},
		{Query: "government election"},
		{Query: "government OR climate"},
		{Query: "government -election"},
		{Query: "+climate government"},
		{Query: "earthquake", Sources: []string{"replaced"}},
		{Query: "government", Persons: []string{val(schema.FieldPerson, 0)}},
		{Query: "election", Speakers: []string{val(schema.FieldSpeaker, 0)}, Places: []string{val(schema.FieldPlace, 1)}},
		{Query: "nosuchword"},
	} {
		r, err := req.normalize()
		if err != nil {
			t.Fatal(err)
		}
		p, err := articleFilters(r)
		if err != nil {
			t.Fatal(err)
		}
		limit := uint64(1 << 30)
		if p.has(filterDate) {
			// Just under the count without the range, so that the range
			// is counted (see scoredHits).
			w, _ := countHits(context.Background(), p.query(filterDate), st.ArticleShards(), limit, nil)
			if w == 0 {
				t.Fatalf("%+v: no hits without the date range", req)
			}
			limit = w - 1
		}
		// The search first: it builds the date columns of the segments
		// it reads, which scoredHits uses but never builds. The store may
		// merge segments meanwhile (new ones, not built): a few tries.
		var n, total uint64
		var ok bool
		for try := 0; try < 5 && (!ok || n != total); try++ {
			res, err := Search(ctx, st, req)
			if err != nil {
				t.Fatal(err)
			}
			total = res.Total
			n, ok = scoredHits(context.Background(), p, SortRelevance, st.ArticleShards(), columns, limit)
		}
		if !ok || n != total {
			t.Errorf("%+v: scoredHits %d (compiled %v), search total %d", req, n, ok, total)
		}
	}
}

// TestHeavy: which searches the server serves after the light ones.
func TestHeavy(t *testing.T) {
	st := newestStore(t)
	defer func(n uint64) { heavyHits = n }(heavyHits)
	res, err := Search(context.Background(), st, Request{Query: "government"})
	if err != nil {
		t.Fatal(err)
	}
	heavyHits = res.Total - 1 // "government" is just heavy
	for _, tc := range []struct {
		req   Request
		heavy bool
	}{
		{Request{Query: "government"}, true},
		{Request{Query: "government", Sort: SortDate}, false}, // newest first from the columns
		{Request{Query: "government earthquake"}, true},       // either word
		{Request{Query: "+government +earthquake"}, false},
		{Request{Query: "government", Sources: []string{"replaced"}}, false},
		{Request{}, false},
		{Request{Sources: []string{"replaced"}}, false},
		{Request{Query: `"government election"`}, true}, // a phrase: positions, hit by hit
		{Request{Query: "govern*"}, true},
		{Request{Query: "+government +earthquake", Said: "nosuchword"}, false}, // a quote search first, of nothing
		{Request{Query: "+government +earthquake", Said: `"a b"`}, true},       // a phrase in quotes
		{Request{Query: "government", Size: -1}, false},                        // refused at once
		{Request{Query: "government AND ("}, false},                            // refused at once
		{Request{Query: rareWords(maxCountedLookups / len(textFields))}, false},
		{Request{Query: rareWords(maxCountedLookups/len(textFields) + 1)}, true}, // too long to count
	} {
		if got := Heavy(context.Background(), st, tc.req); got != tc.heavy {
			t.Errorf("Heavy(%+v) = %v, want %v", tc.req, got, tc.heavy)
		}
	}
	for _, tc := range []struct {
		req   QuoteRequest
		heavy bool
	}{
		{QuoteRequest{}, false},
		{QuoteRequest{Query: `"government election"`}, true},
		{QuoteRequest{Query: "nosuchword"}, false},
	} {
		if got := HeavyQuotes(context.Background(), st, tc.req); got != tc.heavy {
			t.Errorf("HeavyQuotes(%+v) = %v, want %v", tc.req, got, tc.heavy)
		}
	}
	for _, tc := range []struct {
		req   FacetValuesRequest
		heavy bool
	}{
		{FacetValuesRequest{Field: schema.FieldPerson}, false},
		{FacetValuesRequest{Field: schema.FieldPerson, Filters: Request{Query: "government"}}, false}, // counted on bitmaps
		{FacetValuesRequest{Field: schema.FieldPerson, Filters: Request{Query: `"government election"`}}, true},
	} {
		if got := HeavyFacetValues(context.Background(), st, tc.req); got != tc.heavy {
			t.Errorf("HeavyFacetValues(%+v) = %v, want %v", tc.req, got, tc.heavy)
		}
	}
}

// rareWords is a query of n words no article has.
func rareWords(n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = "zq" + string(rune('a'+i/26)) + string(rune('a'+i%26))
	}
	return strings.Join(w, " ")
}

// TestClosedIndex: searches of an index closed under them (a server shutting
// down) fail with an error naming it, and Heavy answers; nothing panics.
func TestClosedIndex(t *testing.T) {
	st := newestStore(t)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, req := range []Request{{}, {Query: "government"}, {Query: "government", Sort: SortDate}, {Query: `"government election"`}, {Said: "election"}} {
		if _, err := Search(ctx, st, req); err == nil {
			t.Errorf("Search(%+v) on a closed index: no error", req)
		}
		Heavy(context.Background(), st, req)
	}
	for _, req := range []QuoteRequest{{}, {Query: "election"}} {
		if _, err := SearchQuotes(ctx, st, req); err == nil {
			t.Errorf("SearchQuotes(%+v) on a closed index: no error", req)
		}
		HeavyQuotes(context.Background(), st, req)
	}
	fv := FacetValuesRequest{Field: schema.FieldPerson, Prefix: "a"}
	if _, err := FacetValues(ctx, st, fv); err == nil {
		t.Errorf("FacetValues(%+v) on a closed index: no error", fv)
	}
	HeavyFacetValues(context.Background(), st, fv)
}

// TestHeavyDateRange: a broad keyword in a date range with few of its hits
// is light once the date columns are built, and counted as heavy (without
// the range) before: Heavy never builds columns itself.
func TestHeavyDateRange(t *testing.T) {
	st := newestStore(t)
	defer func(n uint64) { heavyHits = n }(heavyHits)
	p, err := articleFilters(Request{Query: "government"})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := countHits(context.Background(), p.query(), st.ArticleShards(), 1<<30, nil)
	if n < 2 {
		t.Fatalf("government: %d hits", n)
	}
	heavyHits = n - 1
	req := Request{Query: "government", From: time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(1990, 12, 31, 0, 0, 0, 0, time.UTC)}
	if !Heavy(context.Background(), st, req) {
		t.Errorf("Heavy(%+v) = false before the date columns are built", req)
	}
	heavy := true
	// A search builds them (a few tries: the store may merge segments
	// meanwhile, whose columns are not built).
	for try := 0; try < 5 && heavy; try++ {
		if _, err := Search(context.Background(), st, Request{}); err != nil {
			t.Fatal(err)
		}
		heavy = Heavy(context.Background(), st, req)
	}
	if heavy {
		t.Errorf("Heavy(%+v) = true: the range holds none of the keyword's hits", req)
	}
}
