package search

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// newestStore is columnsStore's kind of index with many articles on the
// same instant (so the id decides) and some without a date.
func newestStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.TempDir(), store.Options{Shards: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	arts := synthArticles(300, 11)
	for i, a := range arts {
		switch {
		case i%13 == 0:
			a.Published = time.Time{}
		case i%3 == 0:
			a.Published = a.Published.Truncate(30 * 24 * time.Hour)
		case i%3 == 1:
			// The same second, later ids newer: only the nanoseconds
			// put them in order.
			a.Published = a.Published.Truncate(30 * 24 * time.Hour).Add(time.Duration(i) * time.Nanosecond)
		}
	}
	for i := 0; i < len(arts); i += 60 {
		var ops []store.Op
		for _, a := range arts[i:min(i+60, len(arts))] {
			ops = append(ops, store.Op{ID: a.ID, Article: a})
		}
		if _, err := st.Apply(ops); err != nil {
			t.Fatal(err)
		}
	}
	var ops []store.Op
	for i := 0; i < len(arts); i += 9 {
		a := *arts[i]
		a.Source = "replaced"
		ops = append(ops, store.Op{ID: a.ID, Article: &a})
	}
	for i := 4; i < len(arts); i += 10 {
		ops = append(ops, store.Op{ID: arts[i].ID})
	}
	if _, err := st.Apply(ops); err != nil {
		t.Fatal(err)
	}
	return st
}

// TestNewestFirstMatchesBleve pages through searches without a text
// query, answered from the columns and by bleve's collector: the same
// hits, pages, cursors, totals, facets and histograms.
func TestNewestFirstMatchesBleve(t *testing.T) {
	st := newestStore(t)
	ctx := context.Background()
	top, err := Search(ctx, st, Request{FacetSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	val := func(f string, i int) string { return top.Facets[f][i].Value }
	reqs := []Request{
		{},
		{Sources: []string{"replaced"}},
		{Persons: []string{val(schema.FieldPerson, 0)}},
		{Persons: []string{val(schema.FieldPerson, 1)}, Sources: []string{val(schema.FieldSource, 0), val(schema.FieldSource, 2)}},
		{Speakers: []string{val(schema.FieldSpeaker, 0)}, Places: []string{val(schema.FieldPlace, 0)}},
		{Orgs: []string{"no such org"}},
		{Sort: SortRelevance}, // no text: newest first anyway
		{From: top.Histogram[2].Start, To: top.Histogram[len(top.Histogram)-3].Start},
		{From: top.Histogram[len(top.Histogram)/2].Start, Sources: []string{"replaced"}},
		// A text query sorted by date: scores are the text's (loadPage).
		{Query: "election", Sort: SortDate},
		{Query: "government -election", Sort: SortDate, Persons: []string{val(schema.FieldPerson, 0)}},
		// Not posting bitmaps: the searcher finds the hits (searchedDocSets).
		{Query: `"no such phrase"`, Sort: SortDate},
		{Query: `"lo ra"`, Sort: SortDate},
		{Near: &GeoNear{Lat: 40, Lon: 10, RadiusKm: 3000}},
		{Query: "government", Near: &GeoNear{Lat: 40, Lon: 10, RadiusKm: 5000}, Sort: SortDate},
		{Query: `gov* OR electon~1`, Sort: SortDate},
		{Query: `elect* OR gover*`, Sort: SortDate, Sources: []string{"replaced"}},
	}
	run := func(r Request, bleve bool) []*Response {
		t.Helper()
		bleveSortsNewest = bleve
		defer func() { bleveSortsNewest = false }()
		var pages []*Response
		for {
			res, err := Search(ctx, st, r)
			if err != nil {
				t.Fatal(err)
			}
			res.TookMs = 0
			for i := range res.Hits {
				if r.Query == "" {
					res.Hits[i].Score = 0 // bleve scores filters; no text: all 1 (see newest.go)
				}
			}
			pages = append(pages, res)
			if res.NextCursor == "" || len(pages) > 400 {
				return pages
			}
			r.Cursor = res.NextCursor
		}
	}
	for i, r := range reqs {
		for _, size := range []int{1, 7, 50} {
			t.Run(fmt.Sprintf("%d/size%d", i, size), func(t *testing.T) {
				r.Size = size
				want, got := run(r, true), run(r, false)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("pages (-bleve +columns):\n%s", diff)
				}
				if (i < 4 || i > 6) && i != 11 && want[0].Total < 10 { // 11: no such phrase
					t.Errorf("total %d: the test data does not exercise the search", want[0].Total)
				}
			})
		}
	}
}

func TestNewestKeyOrder(t *testing.T) {
	d1 := newestKey{dated: true, nanos: 2, id: "b"}
	tests := []struct {
		a, b newestKey
		want bool
	}{
		{d1, newestKey{dated: true, nanos: 1, id: "a"}, true},  // newer first
		{d1, newestKey{dated: true, nanos: 2, id: "c"}, true},  // same instant: id
		{d1, newestKey{dated: true, nanos: 2, id: "b"}, false}, // itself
		{d1, newestKey{id: "a"}, true},                         // undated last
		{newestKey{id: "a"}, newestKey{id: "b"}, true},
	}
	for _, tc := range tests {
		if got := tc.a.before(tc.b); got != tc.want {
			t.Errorf("%+v before %+v = %v", tc.a, tc.b, got)
		}
	}
	for _, after := range [][]string{{"2016-01-02T03:04:05.000000006Z", "x"}, {"\x00", "y"}} {
		k, ok := newestAfter(after)
		if !ok || k.sortKey() != after[0] || k.id != after[1] {
			t.Errorf("newestAfter(%q) = %+v, %v", after, k, ok)
		}
	}
	// Not canonical keys, or instants no article can have (bleve orders
	// those by their strings; a hand-made cursor may hold one).
	for _, bad := range [][]string{{"2016-01-02T03:04:05Z", "x"}, {"garbage", "y"}, {"x"},
		{"9999-12-31T00:00:00.000000000Z", "x"}, {"1000-01-01T00:00:00.000000000Z", "x"}} {
		if _, ok := newestAfter(bad); ok {
			t.Errorf("newestAfter(%q) accepted", bad)
		}
	}
}

// TestNewestQuotesMatchBleve is TestNewestFirstMatchesBleve for quote
// searches without a text query.
func TestNewestQuotesMatchBleve(t *testing.T) {
	st := newestStore(t)
	ctx := context.Background()
	top, err := SearchQuotes(ctx, st, QuoteRequest{FacetSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	speaker := top.Facets[schema.FieldSpeaker][0].Value
	reqs := []QuoteRequest{
		{},
		{Speakers: []string{speaker}},
		{Sources: []string{"replaced"}},
		{Sources: []string{"replaced"}, Speakers: []string{speaker, top.Facets[schema.FieldSpeaker][1].Value}},
		{Facets: []string{FacetNone}},
		// A text query sorted by date: scores are the text's (loadPage).
		{Query: "government", Sort: SortDate},
		{Query: "government OR election", Sort: SortDate, Sources: []string{"replaced"}},
		{Query: "gov* -elect*", Sort: SortDate}, // not posting bitmaps: searchedDocSets
	}
	run := func(r QuoteRequest, bleve bool) []*QuoteResponse {
		t.Helper()
		bleveSortsNewest = bleve
		defer func() { bleveSortsNewest = false }()
		var pages []*QuoteResponse
		for {
			res, err := SearchQuotes(ctx, st, r)
			if err != nil {
				t.Fatal(err)
			}
			res.TookMs = 0
			for i := range res.Hits {
				if r.Query == "" {
					res.Hits[i].Score = 0 // no text: all 1 (see newest.go)
				}
			}
			pages = append(pages, res)
			if res.NextCursor == "" || len(pages) > 800 {
				return pages
			}
			r.Cursor = res.NextCursor
		}
	}
	for i, r := range reqs {
		for _, size := range []int{3, 40} {
			t.Run(fmt.Sprintf("%d/size%d", i, size), func(t *testing.T) {
				r.Size = size
				want, got := run(r, true), run(r, false)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("pages (-bleve +columns):\n%s", diff)
				}
				if (i < 3 || i > 4) && want[0].Total < 10 {
					t.Errorf("total %d: the test data does not exercise the search", want[0].Total)
				}
			})
		}
	}
}
