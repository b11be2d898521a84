package search

import (
	"context"
	"strings"
	"testing"

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
	for _, req := range []Request{
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
		n, ok := scoredHits(p, SortRelevance, st.ArticleShards(), 1<<30)
		res, err := Search(ctx, st, req)
		if err != nil {
			t.Fatal(err)
		}
		if !ok || n != res.Total {
			t.Errorf("%+v: scoredHits %d (compiled %v), search total %d", req, n, ok, res.Total)
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
		if got := Heavy(st, tc.req); got != tc.heavy {
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
		if got := HeavyQuotes(st, tc.req); got != tc.heavy {
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
		if got := HeavyFacetValues(st, tc.req); got != tc.heavy {
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
		Heavy(st, req)
	}
	for _, req := range []QuoteRequest{{}, {Query: "election"}} {
		if _, err := SearchQuotes(ctx, st, req); err == nil {
			t.Errorf("SearchQuotes(%+v) on a closed index: no error", req)
		}
		HeavyQuotes(st, req)
	}
	fv := FacetValuesRequest{Field: schema.FieldPerson, Prefix: "a"}
	if _, err := FacetValues(ctx, st, fv); err == nil {
		t.Errorf("FacetValues(%+v) on a closed index: no error", fv)
	}
	HeavyFacetValues(st, fv)
}
