package search

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// TestCompressedSegmentsSearch: a store whose segments are compressed (a
// merged one, see internal/store/compress.go) answers article and quote
// searches exactly as the same articles uncompressed: hits, scores,
// highlights (term vectors), facets (doc values), ids and cursors (the
// facet columns' ids), stored documents.
func TestCompressedSegmentsSearch(t *testing.T) {
	arts := synthArticles(600, 13)
	plain := openStoreIn(t, t.TempDir(), arts)
	merged := openMergedStore(t, arts)
	if n := compressedSegments(t, merged); n == 0 {
		t.Fatal("no segment of the merged store is compressed")
	}
	if n := compressedSegments(t, plain); n != 0 {
		t.Fatalf("%d segments of the store never merged are compressed", n)
	}
	ctx := context.Background()
	top, err := Search(ctx, plain, Request{})
	if err != nil {
		t.Fatal(err)
	}
	speaker := top.Facets[schema.FieldSpeaker][0].Value
	words := strings.Fields(arts[0].Body)
	phrase := `"` + words[4] + " " + words[5] + `"` // in one article at least
	reqs := []Request{
		{},
		{Query: "government"},
		{Query: phrase},
		{Query: "government election", Size: 50, FacetSize: 50},
		{Query: "government", Speakers: []string{speaker}},
		{Query: "government", Sort: SortDate},
	}
	quoteReqs := []QuoteRequest{
		{Query: "government"},
		{Speakers: []string{speaker}},
		{Query: "government", Speakers: []string{speaker}, Sort: SortDate},
	}
	for _, r := range reqs {
		var got [2]*Response
		for i, st := range []*store.Store{plain, merged} {
			res, err := Search(ctx, st, r)
			if err != nil {
				t.Fatal(err)
			}
			res.TookMs = 0
			got[i] = res
		}
		if got[0].Total == 0 && r.Query != "" {
			t.Errorf("%+v: no hits; the test searches nothing", r)
		}
		if d := cmp.Diff(got[0], got[1]); d != "" {
			t.Errorf("%+v: compressed store answers differently (-plain +compressed):\n%s", r, d)
		}
	}
	for _, r := range quoteReqs {
		var got [2]*QuoteResponse
		for i, st := range []*store.Store{plain, merged} {
			res, err := SearchQuotes(ctx, st, r)
			if err != nil {
				t.Fatal(err)
			}
			res.TookMs = 0
			got[i] = res
		}
		if got[0].Total == 0 {
			t.Errorf("%+v: no quote hits; the test searches nothing", r)
		}
		if d := cmp.Diff(got[0], got[1]); d != "" {
			t.Errorf("%+v: compressed store answers quotes differently (-plain +compressed):\n%s", r, d)
		}
	}
	for _, a := range arts[:20] {
		p, err := plain.Get(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		m, err := merged.Get(a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(p, m); d != "" {
			t.Errorf("article %s read back differently:\n%s", a.ID, d)
		}
	}
}
