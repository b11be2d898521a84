package search

import (
	"context"
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
