package search

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/sampletest"
	"github.com/newsfind/newsfind/schema"
)

// sampleTexts is the title and body of the first n articles of the shipped
// Wikinews sample.
func sampleTexts(t *testing.T, n int) []map[string]any {
	t.Helper()
	var docs []map[string]any
	for _, a := range sampletest.Articles(t) {
		if len(docs) == n {
			break
		}
		docs = append(docs, map[string]any{schema.FieldTitle: a.Title, schema.FieldBody: a.Body})
	}
	return docs
}

func memIndex(t *testing.T, m mapping.IndexMapping, docs []map[string]any) bleve.Index {
	t.Helper()
	ix, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	b := ix.NewBatch()
	for i, d := range docs {
		if err := b.Index(fmt.Sprintf("d%04d", i), d); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Batch(b); err != nil {
		t.Fatal(err)
	}
	return ix
}

type span struct {
	Pos, Start, End uint64
}

func spansOf(tlm bsearch.TermLocationMap) map[string][]span {
	out := map[string][]span{}
	for term, locs := range tlm {
		for _, l := range locs {
			out[term] = append(out[term], span{l.Pos, l.Start, l.End})
		}
		slices.SortFunc(out[term], func(a, b span) int { return int(a.Pos) - int(b.Pos) })
	}
	return out
}

// An index whose term vectors keep positions only (schema.PositionsFilter)
// highlights as one that keeps offsets: the offsets found again from the
// positions are bleve's, term by term, on real news (the shipped Wikinews
// sample: curly quotes, accents, numbers), for every kind of text query.
func TestRestoredOffsetsAreBleves(t *testing.T) {
	docs := sampleTexts(t, 300)
	positionsOnly := schema.NewArticleMapping()
	// An index written before the filter: the mapping without it, as it is
	// read back from the index (the JSON defines the analyzers).
	written := schema.NewArticleMapping()
	an := written.CustomAnalysis.Analyzers[schema.TextAnalyzer]
	filters := an["token_filters"].([]any)
	if filters[len(filters)-1] != schema.PositionsFilter {
		t.Fatalf("%s's filters %v do not end with %s", schema.TextAnalyzer, filters, schema.PositionsFilter)
	}
	an["token_filters"] = filters[:len(filters)-1]
	saved, err := json.Marshal(written)
	if err != nil {
		t.Fatal(err)
	}
	withOffsets := mapping.NewIndexMapping()
	if err := json.Unmarshal(saved, withOffsets); err != nil {
		t.Fatal(err)
	}
	old, cur := memIndex(t, withOffsets, docs), memIndex(t, positionsOnly, docs)

	field := func(q interface{ SetField(string) }, f string) query.Query {
		q.SetField(f)
		return q.(query.Query)
	}
	queries := map[string]query.Query{
		"term":   field(bleve.NewMatchQuery("government"), schema.FieldBody),
		"title":  field(bleve.NewMatchQuery("police"), schema.FieldTitle),
		"phrase": field(bleve.NewMatchPhraseQuery("prime minister"), schema.FieldBody),
		"prefix": field(bleve.NewPrefixQuery("presid"), schema.FieldBody),
		"fuzzy":  field(bleve.NewFuzzyQuery("russia"), schema.FieldBody),
		"both": bleve.NewDisjunctionQuery(field(bleve.NewMatchQuery("said"), schema.FieldBody),
			field(bleve.NewMatchQuery("killed"), schema.FieldTitle)),
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			search := func(ix bleve.Index, hl bool) *bleve.SearchResult {
				req := bleve.NewSearchRequestOptions(q, 50, 0, false)
				req.IncludeLocations = true
				req.SortBy([]string{"_id"})
				if hl {
					req.Highlight = bleve.NewHighlightWithStyle(highlightStyle)
					req.Highlight.AddField(schema.FieldTitle)
					req.Highlight.AddField(schema.FieldBody)
				}
				res, err := ix.Search(req)
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			// Without the highlighter the positions-only index has no
			// offsets, and the other has them.
			for ix, offsets := range map[bleve.Index]bool{cur: false, old: true} {
				for _, h := range search(ix, false).Hits {
					for f, tlm := range h.Locations {
						for term, locs := range tlm {
							for _, l := range locs {
								if has := l.End != 0; has != offsets {
									t.Fatalf("%s %s %q: offsets %d-%d, want offsets %v", h.ID, f, term, l.Start, l.End, offsets)
								}
							}
						}
					}
				}
			}
			want, got := search(old, true), search(cur, true)
			if len(want.Hits) == 0 || len(got.Hits) != len(want.Hits) {
				t.Fatalf("%d hits with offsets, %d without", len(want.Hits), len(got.Hits))
			}
			for i, w := range want.Hits {
				g := got.Hits[i]
				if g.ID != w.ID {
					t.Fatalf("hit %d: %s, want %s", i, g.ID, w.ID)
				}
				for _, f := range []string{schema.FieldTitle, schema.FieldBody} {
					if diff := cmp.Diff(spansOf(w.Locations[f]), spansOf(g.Locations[f])); diff != "" {
						t.Fatalf("%s %s locations (-bleve +restored):\n%s", w.ID, f, diff)
					}
				}
				if diff := cmp.Diff(w.Fragments, g.Fragments); diff != "" {
					t.Fatalf("%s fragments (-bleve +restored):\n%s", w.ID, diff)
				}
			}
		})
	}
}

func TestRestoreOffsets(t *testing.T) {
	const text = "Zoë said “we will not be defeated” by terror."
	loc := func(pos, start, end uint64, ap ...uint64) *bsearch.Location {
		return &bsearch.Location{Pos: pos, Start: start, End: end, ArrayPositions: ap}
	}
	at := func(pos uint64, word string) span {
		i := strings.Index(text, word)
		return span{pos, uint64(i), uint64(i + len(word))}
	}
	tests := []struct {
		name string
		tlm  bsearch.TermLocationMap
		want map[string][]span
	}{
		{"positions", bsearch.TermLocationMap{"zoe": {loc(1, 0, 0)}, "defeat": {loc(7, 0, 0)}, "terror": {loc(9, 0, 0)}},
			map[string][]span{"zoe": {at(1, "Zoë")}, "defeat": {at(7, "defeated")}, "terror": {at(9, "terror")}}},
		// Offsets an index kept are not its to change, even where the
		// position's span differs (none could: the text is the indexed one).
		{"offsets kept", bsearch.TermLocationMap{"said": {loc(2, 100, 104)}, "terror": {loc(9, 0, 0)}},
			map[string][]span{"said": {{2, 100, 104}}, "terror": {at(9, "terror")}}},
		{"past the text", bsearch.TermLocationMap{"said": {loc(2, 0, 0), loc(10, 0, 0)}, "gone": {loc(11, 0, 0)}},
			map[string][]span{"said": {at(2, "said")}}},
		{"other value", bsearch.TermLocationMap{"said": {loc(2, 0, 0, 1)}},
			map[string][]span{"said": {{2, 0, 0}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			restoreOffsets(tc.tlm, []byte(text), nil)
			if diff := cmp.Diff(tc.want, spansOf(tc.tlm)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}

	// A quote hit's marks come from the positions alike.
	got := highlightQuote(text, bsearch.TermLocationMap{"defeat": {loc(7, 0, 0)}, "zoe": {loc(1, 0, 0)}})
	if want := "<mark>Zoë</mark> said “we will not be <mark>defeated</mark>” by terror."; got != want {
		t.Errorf("highlightQuote = %q, want %q", got, want)
	}
}
