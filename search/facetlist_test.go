package search

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/store"
)

func TestNormalizeFacets(t *testing.T) {
	tests := []struct {
		in      []string
		want    []string
		wantErr string
	}{
		{nil, nil, ""},
		{[]string{"person"}, []string{"person"}, ""},
		{[]string{"place,person", "person"}, []string{"person", "place"}, ""},
		{[]string{" Source ", "histogram"}, []string{"histogram", "source"}, ""},
		{[]string{"none"}, []string{"none"}, ""},
		{[]string{"none,none"}, []string{"none"}, ""},
		{[]string{"speaker,person,place,org,source,histogram"}, nil, ""}, // all: the default
		{[]string{"none", "person"}, nil, "cannot be combined"},
		{[]string{"persons"}, nil, `unknown facet "persons"`},
		{[]string{"person,"}, nil, "empty name"},
		{[]string{""}, nil, "empty name"},
	}
	for _, tt := range tests {
		got, err := normalizeFacets(tt.in, articleCounts)
		if tt.wantErr != "" {
			var re *RequestError
			if !errors.As(err, &re) || re.Field != "facets" || !strings.Contains(re.Message, tt.wantErr) {
				t.Errorf("normalizeFacets(%q) = %v, %v; want a facets error containing %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("normalizeFacets(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestSearchFacetsChosen(t *testing.T) {
	forEngine(t, corpus(), func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		for _, base := range []Request{
			{Query: "climate"},
			{Speakers: []string{"Josh Earnest"}, From: mustDate(t, "2016-01-01", false)}, // filtered facet and dates: their own passes
		} {
			all, err := Search(ctx, st, base)
			if err != nil {
				t.Fatal(err)
			}
			if len(all.Facets) != 5 || len(all.Histogram) == 0 {
				t.Fatalf("default: facets %v, histogram %v; want all five and a histogram", all.Facets, all.Histogram)
			}
			for _, tt := range []struct {
				facets     []string
				wantFacets []string
				wantHist   bool
			}{
				{[]string{"none"}, nil, false},
				{[]string{"speaker"}, []string{"speaker"}, false},
				{[]string{"histogram", "place"}, []string{"place"}, true},
			} {
				req := base
				req.Facets = tt.facets
				got, err := Search(ctx, st, req)
				if err != nil {
					t.Fatal(err)
				}
				if got.Total != all.Total || !cmp.Equal(hitIDs(got.Hits), hitIDs(all.Hits)) {
					t.Errorf("facets %v: hits %v (%d); want %v (%d), as without it", tt.facets, hitIDs(got.Hits), got.Total, hitIDs(all.Hits), all.Total)
				}
				want := map[string][]FacetValue{}
				for _, f := range tt.wantFacets {
					want[f] = all.Facets[f]
				}
				if diff := cmp.Diff(want, got.Facets); diff != "" {
					t.Errorf("facets %v: counts (-want +got):\n%s", tt.facets, diff)
				}
				if tt.wantHist != (got.Histogram != nil) || (tt.wantHist && !cmp.Equal(got.Histogram, all.Histogram)) {
					t.Errorf("facets %v: histogram %v; want it %v", tt.facets, got.Histogram, tt.wantHist)
				}
			}
		}
	})
}

func TestSearchQuotesFacetsNone(t *testing.T) {
	st := openStore(t, corpus())
	ctx := context.Background()
	all, err := SearchQuotes(ctx, st, QuoteRequest{})
	if err != nil {
		t.Fatal(err)
	}
	none, err := SearchQuotes(ctx, st, QuoteRequest{Facets: []string{"none"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Facets["speaker"]) == 0 || len(none.Facets) != 0 || none.Total != all.Total || len(none.Hits) != len(all.Hits) {
		t.Errorf("facets=none: %d facets, %d of %d hits; default: %d speakers, %d of %d hits",
			len(none.Facets), len(none.Hits), none.Total, len(all.Facets["speaker"]), len(all.Hits), all.Total)
	}
	if _, err := SearchQuotes(ctx, st, QuoteRequest{Facets: []string{"person"}}); err == nil || !strings.Contains(err.Error(), `unknown facet "person"`) {
		t.Errorf("quote facets=person: err %v; want unknown facet", err)
	}
}

func TestFacetsParam(t *testing.T) {
	r, err := FromValues(url.Values{"facets": {"place,person"}, "q": {"x"}})
	if err != nil || !slices.Equal(r.Facets, []string{"person", "place"}) {
		t.Errorf("FromValues facets=place,person: %v, %v", r.Facets, err)
	}
	r, err = FromValues(url.Values{"facets": {"place", "histogram,person"}})
	if err != nil || !slices.Equal(r.Facets, []string{"histogram", "person", "place"}) {
		t.Errorf("FromValues facets=place&facets=histogram,person: %v, %v", r.Facets, err)
	}
	if _, err := FromValues(url.Values{"facets": {"bogus"}}); err == nil || !strings.Contains(err.Error(), "facets") {
		t.Errorf("FromValues facets=bogus: err %v; want one naming facets", err)
	}
	q, err := QuoteFromValues(url.Values{"facets": {"none"}})
	if err != nil || !slices.Equal(q.Facets, []string{"none"}) {
		t.Errorf("QuoteFromValues facets=none: %v, %v", q.Facets, err)
	}
	// Spelling out every count is the default: one cache key.
	if articleKey(Request{Facets: []string{"speaker,person,place,org,source,histogram"}}) != articleKey(Request{}) {
		t.Error("facets listing every count has another cache key than the default")
	}
	if articleKey(Request{Facets: []string{"none"}}) == articleKey(Request{}) {
		t.Error("facets=none shares the default's cache key")
	}
	// facet_size sizes nothing without a facet field: one answer, one key.
	if articleKey(Request{Facets: []string{"histogram"}, FacetSize: 5}) != articleKey(Request{Facets: []string{"histogram"}}) ||
		quoteKey(QuoteRequest{Facets: []string{"none"}, FacetSize: 5}) != quoteKey(QuoteRequest{Facets: []string{"none"}}) {
		t.Error("facet_size splits the cache key of a search that counts no facet")
	}
	if articleKey(Request{Facets: []string{"place"}, FacetSize: 5}) == articleKey(Request{Facets: []string{"place"}}) {
		t.Error("facet_size does not change the cache key of a search that counts a facet")
	}
}
