package search

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/schema"
)

// searcherDocs is the reference: the document numbers bleve's unscored
// searcher for q returns on one shard snapshot.
func searcherDocs(t *testing.T, sh bleve.Index, snap *scorch.IndexSnapshot, q query.Query) []uint64 {
	t.Helper()
	s, err := q.Searcher(context.Background(), snap, sh.Mapping(), bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: snap}
	var out []uint64
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			t.Fatal(err)
		}
		if dm == nil {
			return out
		}
		out = append(out, dm.IndexInternalID.Value())
		sctx.DocumentMatchPool.Put(dm)
	}
}

// docSetDocs is the same from the compiled form, segment by segment,
// keeping what it evaluates in memo (nil: none).
func docSetDocs(t *testing.T, snap *scorch.IndexSnapshot, x *docSetExpr, memo *docSetMemo) []uint64 {
	t.Helper()
	_, cols, err := NewColumns(schema.FacetFields, true).snapshotColumns(snap)
	if err != nil {
		t.Fatal(err)
	}
	var out []uint64
	var base uint64
	for i, ss := range snap.Segments() {
		bm, err := docSet(ss, x, cols[i].dates, memo)
		if err != nil {
			t.Fatal(err)
		}
		for it := bm.Iterator(); it.HasNext(); {
			out = append(out, base+uint64(it.Next()))
		}
		base += ss.Segment().Count()
	}
	return out
}

// randomQueryString writes a query in the syntax users type: words of the
// corpus (common and rare), a stop word, a word no article has, fields,
// required and excluded words, AND/OR/NOT and groups.
func randomQueryString(rng *rand.Rand, words []string) string {
	word := func() string {
		switch rng.IntN(12) {
		case 0:
			return "the"
		case 1:
			return "zzzqx"
		}
		return words[rng.IntN(len(words))]
	}
	var b strings.Builder
	for i, n := 0, 1+rng.IntN(4); i < n; i++ {
		if i > 0 {
			b.WriteString([]string{" ", " ", " AND ", " OR ", " NOT "}[rng.IntN(5)])
		}
		b.WriteString([]string{"", "", "", "+", "-"}[rng.IntN(5)])
		switch rng.IntN(8) {
		case 0:
			b.WriteString("title:" + word())
		case 1:
			fmt.Fprintf(&b, "(%s %s)", word(), word())
		case 2:
			fmt.Fprintf(&b, "(%s AND %s)", word(), word())
		case 3:
			b.WriteString(word() + "-" + word()) // one match query, two terms
		default:
			b.WriteString(word())
		}
	}
	return b.String()
}

// TestDocSetsMatchSearchers compares counting passes' posting-bitmap
// evaluation with bleve's searchers on random queries of the shapes
// search builds (query strings, facet filters, said= ids, combinations)
// over a store with several segments per shard and deleted documents.
func TestDocSetsMatchSearchers(t *testing.T) {
	st := columnsStore(t, 250)
	arts := synthArticles(250, 7)
	rng := rand.New(rand.NewPCG(3, 4))
	var words []string
	for _, a := range arts[:40] {
		words = append(words, strings.Fields(a.Title)...)
	}
	_, all, _ := bleveCounts(t, st, bleve.NewMatchAllQuery())
	values := func(f string) []string {
		var vs []string
		for _, v := range all[f] {
			vs = append(vs, v.Value)
		}
		return vs
	}
	persons, sources := values(schema.FieldPerson), values(schema.FieldSource)
	var ids []string
	for _, a := range arts {
		if rng.IntN(5) == 0 {
			ids = append(ids, a.ID)
		}
	}
	// Dates: columnsStore's span two years from 2015, some documents
	// have none.
	date := func() time.Time {
		return time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(800*24)) * time.Hour)
	}
	dates := func() query.Query {
		switch rng.IntN(4) {
		case 0:
			return dateFilter(date(), time.Time{})
		case 1:
			return dateFilter(time.Time{}, date())
		case 2: // exclusive bounds, on an article's own instant
			lo, hi := schema.PublishedKey(arts[rng.IntN(len(arts))].Published), schema.PublishedKey(date())
			incl, excl := rng.IntN(2) == 0, false
			q := bleve.NewTermRangeInclusiveQuery(lo, hi, &incl, &excl)
			q.SetField(schema.FieldPublished)
			return q
		}
		from := date()
		return dateFilter(from, from.Add(time.Duration(rng.IntN(90*24))*time.Hour))
	}
	filter := func() query.Query {
		switch rng.IntN(8) {
		case 6:
			return dates()
		case 7:
			return and(dates(), termsFilter(schema.FieldSource, []string{sources[rng.IntN(len(sources))]}))
		case 0:
			return termsFilter(schema.FieldPerson, []string{persons[rng.IntN(len(persons))]})
		case 1:
			return termsFilter(schema.FieldSource, []string{sources[rng.IntN(len(sources))], sources[rng.IntN(len(sources))]})
		case 2:
			return and(termsFilter(schema.FieldPerson, []string{persons[rng.IntN(min(5, len(persons)))]}),
				termsFilter(schema.FieldSource, []string{sources[rng.IntN(len(sources))]}))
		case 3:
			return bleve.NewDocIDQuery(ids)
		case 4:
			return and(bleve.NewMatchNoneQuery(), termsFilter(schema.FieldSource, []string{sources[0]})) // said= with no quote
		}
		return bleve.NewMatchAllQuery()
	}

	// One memo for every query, as if one request ran them all: equal
	// keys must mean equal bitmaps.
	memo := &docSetMemo{sets: map[docSetKey]docSetVal{}}
	compiled, nonEmpty := 0, 0
	const n = 600
	for i := range n {
		var q query.Query
		text, err := parseQueryString("q", randomQueryString(rng, words), "", false)
		if err != nil {
			t.Fatal(err)
		}
		switch i % 3 {
		case 0:
			q = text
		case 1:
			q = newFilteredQuery(text, filter())
		default:
			q = and(filter(), filter())
		}
		for _, sh := range st.ArticleShards() {
			snap, err := shardSnapshot(sh)
			if err != nil {
				t.Fatal(err)
			}
			want := searcherDocs(t, sh, snap, q)
			x, ok := compileDocSet(q, sh.Mapping())
			if ok {
				got := docSetDocs(t, snap, x, nil)
				slices.Sort(want)
				if diff := cmp.Diff(want, got); diff != "" {
					qs, _ := json.Marshal(q)
					t.Errorf("query %d %s: documents (-searcher +bitmaps):\n%s", i, qs, diff)
				}
				x, _ := compileDocSet(q, sh.Mapping())
				if diff := cmp.Diff(want, docSetDocs(t, snap, x, memo)); diff != "" {
					qs, _ := json.Marshal(q)
					t.Errorf("query %d %s: documents (-searcher +bitmaps with the shared memo):\n%s", i, qs, diff)
				}
				compiled++
				if len(want) > 0 {
					nonEmpty++
				}
			}
			snap.Close()
		}
	}
	// Every shape generated here is one counting passes compile; and
	// enough of them match something for the comparison to mean much.
	if compiled != n*len(st.ArticleShards()) {
		t.Errorf("compiled %d of %d queries", compiled, n*len(st.ArticleShards()))
	}
	t.Logf("compiled %d, non-empty %d", compiled, nonEmpty)
	if nonEmpty < compiled/3 {
		t.Errorf("only %d of %d compiled queries match anything", nonEmpty, compiled)
	}
}

// TestDocSetsNotCompiled lists query kinds that keep bleve's searchers.
func TestDocSetsNotCompiled(t *testing.T) {
	m := bleve.NewIndexMapping()
	tests := map[string]string{
		"phrase":   `"prime minister"`,
		"wildcard": "oil*",
		"fuzzy":    "oil~1",
		"regexp":   "/oi./",
	}
	for name, s := range tests {
		t.Run(name, func(t *testing.T) {
			q, err := parseQueryString("q", s, "", false)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := compileDocSet(q, m); ok {
				t.Errorf("%s compiled; counting passes must search it with bleve", s)
			}
		})
	}
	d := bleve.NewDisjunctionQuery(bleve.NewTermQuery("a"), bleve.NewTermQuery("b"))
	d.SetMin(2)
	if _, ok := compileDocSet(d, m); ok {
		t.Error("a disjunction of minimum 2 compiled")
	}
}

// TestDocSetSearcherAdvance walks bitmaps with random Next and Advance
// calls against the sorted list of their documents.
func TestDocSetSearcherAdvance(t *testing.T) {
	st := columnsStore(t, 250)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sh := range st.ArticleShards() {
		snap, err := shardSnapshot(sh)
		if err != nil {
			t.Fatal(err)
		}
		x, _ := compileDocSet(termsFilter(schema.FieldSource, []string{"replaced", "source03"}), sh.Mapping())
		want := docSetDocs(t, snap, x, nil)
		if len(want) < 5 || len(snap.Segments()) < 2 {
			t.Fatalf("%d documents in %d segments: the test does not exercise segments", len(want), len(snap.Segments()))
		}
		offsets, cols, err := columns.snapshotColumns(snap)
		if err != nil {
			t.Fatal(err)
		}
		for round := range 50 {
			sets, err := segmentDocSets(snap, x, cols, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := newDocSetSearcher(offsets, sets)
			sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(1, 0)}
			if s.Count() != uint64(len(want)) {
				t.Fatalf("Count = %d, want %d", s.Count(), len(want))
			}
			// Next: the first document after the last one returned;
			// Advance(target), target beyond it: the first at or after
			// target.
			next := uint64(0) // the least document number still to come
			for step := 0; ; step++ {
				var dm *bsearch.DocumentMatch
				if round > 0 && rng.IntN(2) == 0 {
					next += uint64(rng.IntN(40))
					dm, err = s.Advance(sctx, index.NewIndexInternalID(nil, next))
				} else {
					dm, err = s.Next(sctx)
				}
				if err != nil {
					t.Fatal(err)
				}
				j, _ := slices.BinarySearch(want, next)
				if dm == nil {
					if j < len(want) {
						t.Fatalf("round %d step %d: ended, want %d", round, step, want[j])
					}
					break
				}
				if j == len(want) || dm.IndexInternalID.Value() != want[j] {
					t.Fatalf("round %d step %d from %d: got %d, want %v", round, step, next, dm.IndexInternalID.Value(), want[j:min(j+1, len(want))])
				}
				next = dm.IndexInternalID.Value() + 1
				sctx.DocumentMatchPool.Put(dm)
			}
		}
		snap.Close()
	}
}

// TestDocSetsQuotesOf: an article's quote documents, found by walking the
// id dictionary on posting bitmaps, are those bleve's regexp searcher
// finds, alone and with a filter, deleted and rewritten articles included.
func TestDocSetsQuotesOf(t *testing.T) {
	st := columnsStore(t, 250)
	arts := synthArticles(250, 7)
	ids := []string{"no-such-article"}
	for i := 0; i < len(arts); i += 5 {
		ids = append(ids, arts[i].ID)
	}
	nonEmpty := 0
	for _, id := range ids {
		for _, q := range []query.Query{
			articleQuotes(id),
			and(articleQuotes(id), bleve.NewMatchAllQuery()),
			newFilteredQuery(bleve.NewMatchAllQuery(), articleQuotes(id)),
		} {
			for _, sh := range st.QuoteShards() {
				snap, err := shardSnapshot(sh)
				if err != nil {
					t.Fatal(err)
				}
				want := searcherDocs(t, sh, snap, q)
				x, ok := compileDocSet(q, sh.Mapping())
				if !ok {
					t.Fatalf("quotes of %s: not compiled", id)
				}
				got := docSetDocs(t, snap, x, nil)
				slices.Sort(want)
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("quotes of %s: documents (-searcher +bitmaps):\n%s", id, diff)
				}
				if len(want) > 0 {
					nonEmpty++
				}
				snap.Close()
			}
		}
	}
	if nonEmpty < len(ids) {
		t.Errorf("only %d of %d searches found quotes: the test data does not exercise it", nonEmpty, 3*len(ids)*len(st.QuoteShards()))
	}
}

// A request's memo is shared by its passes: after Heavy, the search of the
// same keyword-and-person request finds bitmaps there (Heavy's count, the
// filter's candidates and the disjunctive person count evaluate the
// keyword alike), and answers as a search without a memo.
func TestDocSetMemoSharedByPasses(t *testing.T) {
	st := columnsStore(t, 250)
	arts := synthArticles(250, 7)
	_, all, _ := bleveCounts(t, st, bleve.NewMatchAllQuery())
	req := Request{Query: strings.Fields(arts[3].Title)[0], Persons: []string{all[schema.FieldPerson][0].Value}}
	want, err := Search(context.Background(), st, req)
	if err != nil {
		t.Fatal(err)
	}
	if want.Total == 0 || len(want.Facets[schema.FieldPerson]) < 2 {
		t.Fatalf("%+v: %d hits, person facet %v: the test needs more", req, want.Total, want.Facets[schema.FieldPerson])
	}
	ctx := WithDocSetMemo(context.Background())
	memo := docSetMemoOf(ctx)
	Heavy(ctx, st, req)
	if len(memo.sets) == 0 {
		t.Fatal("Heavy kept no bitmaps")
	}
	got, err := Search(ctx, st, req)
	if err != nil {
		t.Fatal(err)
	}
	if memo.hits < len(st.ArticleShards()) {
		t.Errorf("the search found %d bitmaps in the memo, want one a shard at least", memo.hits)
	}
	got.TookMs, want.TookMs = 0, 0
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("search with a memo (-without +with):\n%s", diff)
	}
}
