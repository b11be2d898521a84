package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// columnsStore indexes synthetic articles in several batches (several
// segments per shard), then replaces and deletes some, so columns must
// cope with deleted documents and values that moved between segments.
func columnsStore(t *testing.T, n int) *store.Store {
	t.Helper()
	st, err := store.Open("", store.Options{Shards: 3})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	arts := synthArticles(n, 7)
	for i, a := range arts {
		if i%17 == 0 {
			a.Published = time.Time{} // some articles have no date
		}
	}
	apply := func(ops []store.Op) {
		t.Helper()
		if _, err := st.Apply(ops); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < len(arts); i += n / 5 {
		var ops []store.Op
		for _, a := range arts[i:min(i+n/5, n)] {
			ops = append(ops, store.Op{ID: a.ID, Article: a})
		}
		apply(ops)
	}
	var ops []store.Op
	for i := 0; i < n; i += 7 {
		a := *arts[i]
		a.Source = "replaced"
		a.Entities = append([]schema.Entity{{Type: schema.TypePerson, Name: "Zed Replaced"}}, a.Entities...)
		ops = append(ops, store.Op{ID: a.ID, Article: &a})
	}
	for i := 3; i < n; i += 11 {
		ops = append(ops, store.Op{ID: arts[i].ID})
	}
	apply(ops)
	return st
}

// bleveCounts is the reference: bleve's own facets (every value) and the
// published dates of every hit.
func bleveCounts(t *testing.T, st *store.Store, q query.Query) (uint64, map[string][]FacetValue, []int64) {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.Fields = []string{schema.FieldStored}
	for _, f := range schema.FacetFields {
		req.AddFacet(f, bleve.NewFacetRequest(f, 10000))
	}
	res, err := st.Articles().Search(req)
	if err != nil {
		t.Fatal(err)
	}
	facets := map[string][]FacetValue{}
	for _, f := range schema.FacetFields {
		facets[f] = termValues(res.Facets[f], 10000)
	}
	var dates []int64
	for _, h := range res.Hits {
		stored, _ := h.Fields[schema.FieldStored].(string)
		meta, err := schema.StoredSourcePublished(stored)
		if err != nil {
			t.Fatal(err)
		}
		if !meta.Published.IsZero() {
			dates = append(dates, meta.Published.Unix())
		}
	}
	slices.Sort(dates)
	return res.Total, facets, dates
}

func TestColumnsMatchBleveFacets(t *testing.T) {
	st := columnsStore(t, 250)
	term := func(field, v string) query.Query {
		q := bleve.NewTermQuery(v)
		q.SetField(field)
		return q
	}
	body := bleve.NewMatchQuery("government")
	body.SetField(schema.FieldBody)
	_, all, _ := bleveCounts(t, st, bleve.NewMatchAllQuery())
	person := all[schema.FieldPerson][1].Value // common, not the most common
	queries := map[string]query.Query{
		"match all":     bleve.NewMatchAllQuery(),
		"body word":     body,
		"replaced only": term(schema.FieldSource, "replaced"),
		"person AND word": bleve.NewConjunctionQuery(body,
			term(schema.FieldPerson, person)),
		"none": bleve.NewMatchNoneQuery(),
	}
	cols := NewColumns(schema.FacetFields, true)
	// Two rounds: the second counts with tallies the first released to
	// the pool, so a tally that was not reset shows as a wrong count.
	// Without dates a match-all counts from segment totals less the
	// deleted documents instead of walking the live ones.
	for round := range 4 {
		dates := round < 2
		for name, q := range queries {
			t.Run(fmt.Sprintf("%s/round%d/dates=%v", name, round, dates), func(t *testing.T) {
				total, want, wantDates := bleveCounts(t, st, q)
				got, err := cols.count(context.Background(), st.ArticleShards(), q, countSpec{fields: schema.FacetFields, dates: dates})
				if err != nil {
					t.Fatal(err)
				}
				if name != "none" && total == 0 {
					t.Fatalf("query %s matches nothing: the test data does not exercise it", name)
				}
				if got.total != total {
					t.Errorf("total = %d, bleve says %d", got.total, total)
				}
				for _, f := range schema.FacetFields {
					if diff := cmp.Diff(want[f], cols.top(f, got.counts[f], 10000, nil)); diff != "" {
						t.Errorf("facet %s (-bleve +columns):\n%s", f, diff)
					}
				}
				if !dates {
					wantDates = nil
				}
				slices.Sort(got.dates)
				if diff := cmp.Diff(wantDates, got.dates, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("dates (-bleve +columns):\n%s", diff)
				}
				// Top-n keeps the n best by count, then value.
				if all := cols.top(schema.FieldPerson, got.counts[schema.FieldPerson], 10000, nil); len(all) > 3 {
					if diff := cmp.Diff(all[:3], cols.top(schema.FieldPerson, got.counts[schema.FieldPerson], 3, nil)); diff != "" {
						t.Errorf("top 3 (-first 3 of all +top 3):\n%s", diff)
					}
				}
				got.release()
			})
		}
	}
}

// TestColumnsConcurrentWrites counts while articles are written, under
// -race: columns of new segments are built while others are read.
func TestColumnsConcurrentWrites(t *testing.T) {
	st := columnsStore(t, 100)
	cols := NewColumns(schema.FacetFields, true)
	more := synthArticles(120, 99)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < len(more); i += 20 {
			var ops []store.Op
			for _, a := range more[i : i+20] {
				a.ID = "w" + a.ID
				ops = append(ops, store.Op{ID: a.ID, Article: a})
			}
			if _, err := st.Apply(ops); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for r := 0; r < 3; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				got, err := cols.count(context.Background(), st.ArticleShards(), bleve.NewMatchAllQuery(), countSpec{fields: schema.FacetFields, dates: true})
				if err != nil {
					t.Error(err)
					return
				}
				var sources uint32
				src := got.counts[schema.FieldSource]
				for _, o := range src.touched {
					sources += src.n[o]
				}
				got.release()
				if uint64(sources) != got.total { // every article has one source
					t.Errorf("source counts add up to %d, %d hits", sources, got.total)
				}
			}
		}()
	}
	wg.Wait()
	n, _ := st.Count()
	got, err := cols.count(context.Background(), st.ArticleShards(), bleve.NewMatchAllQuery(), countSpec{})
	if err != nil || got.total != n {
		t.Fatalf("after writes: %d hits (%v), store holds %d", got.total, err, n)
	}
}

func TestColumnsCanceled(t *testing.T) {
	st := columnsStore(t, 10)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewColumns(schema.FacetFields, true).count(ctx, st.ArticleShards(), bleve.NewMatchAllQuery(), countSpec{fields: schema.FacetFields}); err == nil {
		t.Fatal("canceled count returned no error")
	}
}

func TestDateHistogram(t *testing.T) {
	d := func(s string) int64 {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			panic(err)
		}
		return t.Unix()
	}
	tests := []struct {
		name  string
		dates []int64
		want  []string // bucket start:count
	}{
		{"none", nil, nil},
		{"days", []int64{d("2016-01-03"), d("2016-01-01"), d("2016-01-03") + 23*3600},
			[]string{"2016-01-01:1", "2016-01-02:0", "2016-01-03:2"}},
		{"months", []int64{d("2015-01-31"), d("2015-05-01"), d("2015-03-31")},
			[]string{"2015-01-01:1", "2015-02-01:0", "2015-03-01:1", "2015-04-01:0", "2015-05-01:1"}},
		{"years", []int64{d("2001-05-05"), d("2016-06-01")}, func() []string {
			out := []string{"2001-01-01:1"}
			for y := 2002; y < 2016; y++ {
				out = append(out, fmt.Sprintf("%d-01-01:0", y))
			}
			return append(out, "2016-01-01:1")
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, b := range dateHistogram(tt.dates) {
				got = append(got, fmt.Sprintf("%s:%d", b.Start.Format(time.DateOnly), b.Count))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("dateHistogram (-want +got):\n%s", diff)
			}
		})
	}
}

// TestQuoteColumnsMatchBleveFacets checks the quote index's speaker column
// (no dates) against bleve's facet.
func TestQuoteColumnsMatchBleveFacets(t *testing.T) {
	st := columnsStore(t, 150)
	cols := NewColumns([]string{schema.FieldSpeaker}, false)
	text := bleve.NewMatchQuery("government")
	text.SetField(schema.FieldQuoteText)
	for name, q := range map[string]query.Query{"match all": bleve.NewMatchAllQuery(), "quote word": text} {
		t.Run(name, func(t *testing.T) {
			req := bleve.NewSearchRequestOptions(q, 0, 0, false)
			req.AddFacet(schema.FieldSpeaker, bleve.NewFacetRequest(schema.FieldSpeaker, 10000))
			res, err := st.Quotes().Search(req)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total == 0 {
				t.Fatal("no quotes match: the test data does not exercise it")
			}
			got, err := cols.count(context.Background(), st.QuoteShards(), q, countSpec{fields: []string{schema.FieldSpeaker}})
			if err != nil {
				t.Fatal(err)
			}
			if got.total != res.Total {
				t.Errorf("total = %d, bleve says %d", got.total, res.Total)
			}
			if diff := cmp.Diff(termValues(res.Facets[schema.FieldSpeaker], 10000), cols.top(schema.FieldSpeaker, got.counts[schema.FieldSpeaker], 10000, nil)); diff != "" {
				t.Errorf("speaker facet (-bleve +columns):\n%s", diff)
			}
			got.release()
			// SearchQuotes counts the same while bleve collects its page.
			qreq := QuoteRequest{FacetSize: MaxFacetSize, Size: 3}
			if name != "match all" {
				qreq.Query = "government"
			}
			qres, err := SearchQuotes(context.Background(), st, qreq)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(termValues(res.Facets[schema.FieldSpeaker], MaxFacetSize), qres.Facets[schema.FieldSpeaker]); diff != "" {
				t.Errorf("SearchQuotes speaker facet (-bleve +search):\n%s", diff)
			}
		})
	}
}

// termValues turns a bleve terms facet into at most n values, count
// descending then value ascending (bleve's own tie order varies by shard).
func termValues(fr *bsearch.FacetResult, n int) []FacetValue {
	out := []FacetValue{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		out = append(out, FacetValue{Value: t.Term, Count: t.Count})
	}
	sortFacet(out)
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// TestSearchFacetsMatchBleve checks the facets Search counts while bleve
// collects its page of hits (countingQuery) against bleve's own facets, on
// three shards with several segments, deletes and replaces: every hit of
// every shard counted exactly once, whatever the sort or the page.
func TestSearchFacetsMatchBleve(t *testing.T) {
	st := columnsStore(t, 250)
	ctx := context.Background()
	person := func() string {
		_, all, _ := bleveCounts(t, st, bleve.NewMatchAllQuery())
		return all[schema.FieldPerson][1].Value
	}()
	for _, tc := range []struct {
		name string
		req  Request
	}{
		{"match all", Request{}},
		{"keyword", Request{Query: "government"}},
		{"keyword by date", Request{Query: "government", Sort: SortDate}},
		{"two words", Request{Query: "government election"}},
		{"keyword and person", Request{Query: "government", Persons: []string{person}}},
		{"phrase", Request{Query: `"government election"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := tc.req
			req.FacetSize = MaxFacetSize
			req.Size = 3
			r, err := req.normalize()
			if err != nil {
				t.Fatal(err)
			}
			p, err := articlePlan(ctx, st, r)
			if err != nil {
				t.Fatal(err)
			}
			total, want, wantDates := bleveCounts(t, st, p.query())
			if total <= uint64(req.Size) {
				t.Fatalf("query matches %d articles: too few to page", total)
			}
			// The first page and the next (search_after) count the same.
			var cursor string
			for page := range 2 {
				req.Cursor = cursor
				res, err := Search(ctx, st, req)
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != total {
					t.Errorf("page %d: total %d, bleve %d", page, res.Total, total)
				}
				// The hits are bleve's own, with ids from the columns.
				ref := bleve.NewSearchRequestOptions(p.query(), req.Size, page*req.Size, false)
				ref.SortByCustom(sortOrder(p.sortMode(r.Sort)))
				refRes, err := st.Articles().Search(ref)
				if err != nil {
					t.Fatal(err)
				}
				var wantIDs, gotIDs []string
				for _, h := range refRes.Hits {
					wantIDs = append(wantIDs, h.ID)
				}
				for _, h := range res.Hits {
					gotIDs = append(gotIDs, h.ID)
				}
				if diff := cmp.Diff(wantIDs, gotIDs); diff != "" {
					t.Errorf("page %d: hits (-bleve +search):\n%s", page, diff)
				}
				for _, f := range schema.FacetFields {
					want := want
					if p.has(f) { // disjunctive: counted without its own filter
						_, want, _ = bleveCounts(t, st, p.query(f))
					}
					if diff := cmp.Diff(want[f], res.Facets[f]); diff != "" {
						t.Errorf("page %d: facet %s (-bleve +search):\n%s", page, f, diff)
					}
				}
				var dated int
				for _, b := range res.Histogram {
					dated += b.Count
				}
				if dated != len(wantDates) {
					t.Errorf("page %d: histogram counts %d dated hits, bleve %d", page, dated, len(wantDates))
				}
				cursor = res.NextCursor
				if cursor == "" && page == 0 {
					t.Fatalf("page %d: no next cursor", page)
				}
			}
		})
	}
}

// TestWarmAndTouch: Warm builds the columns of every live segment of both
// indexes; touch keeps built columns from ageing out of the cache.
func TestWarmAndTouch(t *testing.T) {
	st := columnsStore(t, 100)
	live := func(shards []bleve.Index) []segment.Segment {
		var out []segment.Segment
		for _, sh := range shards {
			snap, err := shardSnapshot(sh)
			if err != nil {
				t.Fatal(err)
			}
			for _, ss := range snap.Segments() {
				out = append(out, ss.Segment())
			}
			snap.Close()
		}
		return out
	}
	if err := Warm(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		cols   *Columns
		shards []bleve.Index
	}{{columns, st.ArticleShards()}, {quoteColumns, st.QuoteShards()}} {
		segs := live(c.shards)
		if len(segs) < 2 {
			t.Fatalf("%d segments: the test needs several", len(segs))
		}
		c.cols.mu.Lock()
		for _, s := range segs {
			if col := c.cols.segs[s]; col == nil || col.starts == nil {
				t.Errorf("segment %p not built by Warm", s)
			}
		}
		c.cols.mu.Unlock()
	}

	cols := NewColumns(schema.FacetFields, true)
	if _, err := cols.count(context.Background(), st.ArticleShards(), bleve.NewMatchNoneQuery(), countSpec{}); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-2 * sweepAfter)
	cols.mu.Lock()
	for _, col := range cols.segs {
		col.used.Store(old.UnixNano())
	}
	cols.mu.Unlock()
	cols.touch(st.ArticleShards())
	cols.mu.Lock()
	cols.lastSweep = time.Time{}
	cols.sweep(time.Now())
	if n, want := len(cols.segs), len(live(st.ArticleShards())); n != want {
		t.Errorf("after touch and sweep: %d segments' columns kept, want %d", n, want)
	}
	cols.lastSweep = time.Time{}
	cols.sweep(time.Now().Add(2 * sweepAfter))
	if n := len(cols.segs); n != 0 {
		t.Errorf("untouched for two sweep periods: %d segments' columns kept, want 0", n)
	}
	cols.mu.Unlock()
}

// TestOneFieldCountsMatchBleve counts one field at a time, the disjunctive
// facet pass, against bleve's facet: a single-valued field (source; a
// quote's speaker) is read from its single column, a multi-valued one
// (person) from its own column, or from the records when it is the
// Columns' only field; from posting bitmaps and, for a phrase, hit by hit.
func TestOneFieldCountsMatchBleve(t *testing.T) {
	st := columnsStore(t, 250)
	body := func(text string) query.Query {
		q := bleve.NewMatchQuery(text)
		q.SetField(schema.FieldBody)
		return q
	}
	phrase := bleve.NewMatchPhraseQuery("government election")
	phrase.SetField(schema.FieldBody)
	for _, tc := range []struct {
		name   string
		cols   *Columns
		field  string
		quotes bool
		single bool
	}{
		{"source of five", NewColumns(schema.FacetFields, false), schema.FieldSource, false, true},
		{"person of five", NewColumns(schema.FacetFields, false), schema.FieldPerson, false, false},
		{"person alone", NewColumns([]string{schema.FieldPerson}, false), schema.FieldPerson, false, false},
		// With ids, a record ends with its id's bytes: the count bounds
		// the values, not the record's end.
		{"person alone with ids", NewColumns([]string{schema.FieldPerson}, false).withIDs(), schema.FieldPerson, false, false},
		{"source alone", NewColumns([]string{schema.FieldSource}, false), schema.FieldSource, false, true},
		{"quote speaker", NewColumns([]string{schema.FieldSpeaker}, false), schema.FieldSpeaker, true, true},
	} {
		idx, shards := st.Articles(), st.ArticleShards()
		text := func(s string) query.Query { return body(s) }
		if tc.quotes {
			idx, shards = st.Quotes(), st.QuoteShards()
			text = func(s string) query.Query {
				q := bleve.NewMatchQuery(s)
				q.SetField(schema.FieldQuoteText)
				return q
			}
		}
		// A word in most documents counts as the segment's totals less
		// the rest (addMost); rarer ones walk their hits (the reviewer
		// of 2026-11-27 found the walk of a multi-valued field untested).
		qs := map[string]query.Query{"match all": bleve.NewMatchAllQuery(), "word": text("government"),
			"rare word": text("election"), "rarer word": text("climate")}
		if !tc.quotes {
			qs["phrase"] = phrase
		}
		for name, q := range qs {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				req := bleve.NewSearchRequestOptions(q, 0, 0, false)
				req.AddFacet(tc.field, bleve.NewFacetRequest(tc.field, 10000))
				res, err := idx.Search(req)
				if err != nil {
					t.Fatal(err)
				}
				if res.Total == 0 {
					t.Fatal("nothing matches: the test data does not exercise it")
				}
				if all, _ := idx.DocCount(); strings.HasPrefix(name, "rare") && 2*res.Total >= all {
					t.Fatalf("%d of %d documents match: not rare enough to walk the hits", res.Total, all)
				}
				got, err := tc.cols.count(context.Background(), shards, q, countSpec{fields: []string{tc.field}})
				if err != nil {
					t.Fatal(err)
				}
				defer got.release()
				if got.total != res.Total {
					t.Errorf("total = %d, bleve says %d", got.total, res.Total)
				}
				if diff := cmp.Diff(termValues(res.Facets[tc.field], 10000), tc.cols.top(tc.field, got.counts[tc.field], 10000, nil)); diff != "" {
					t.Errorf("%s (-bleve +columns):\n%s", tc.field, diff)
				}
				// The column the count read is the one the case is about.
				snap, err := shardSnapshot(shards[0])
				if err != nil {
					t.Fatal(err)
				}
				defer snap.Close()
				_, cols, err := tc.cols.snapshotColumns(snap)
				if err != nil {
					t.Fatal(err)
				}
				i := slices.Index(tc.cols.fields, tc.field)
				if single := cols[0].single[i] != nil; single != tc.single {
					t.Errorf("single column: %v, want %v", single, tc.single)
				}
			})
		}
	}
}

// TestUnnamedHitsChangeNothing: hits no better than the k best so far go
// to bleve's collector unnamed (scoreFloor); pages, scores, totals and
// cursors are those of naming every hit, ties included (the synthetic
// articles tie often), and no unnamed hit is ever returned.
func TestUnnamedHitsChangeNothing(t *testing.T) {
	st := columnsStore(t, 250)
	ctx := context.Background()
	// Copies of articles under other ids score exactly as their
	// originals: ties, which only ids order.
	var ops []store.Op
	for i, a := range synthArticles(60, 7) {
		for _, prefix := range []string{"dup-", "dup2-"} {
			c := *a
			c.ID = fmt.Sprintf("%s%d", prefix, i)
			ops = append(ops, store.Op{ID: c.ID, Article: &c})
		}
	}
	// And 30 copies of one article with a word no other has: every
	// shard's best hits for it tie.
	for i := range 30 {
		a := *synthArticles(1, 8)[0]
		a.ID, a.Body = fmt.Sprintf("zebra-%02d", i), a.Body+" A zebra crossed."
		a.Quotes = append(a.Quotes, schema.Quote{Text: "The zebra crossed the road", Kind: schema.KindDirect, Cue: "said", Speaker: "Zed"})
		ops = append(ops, store.Op{ID: a.ID, Article: &a})
	}
	if _, err := st.Apply(ops); err != nil {
		t.Fatal(err)
	}
	type page struct {
		Articles *Response
		Quotes   *QuoteResponse
	}
	run := func() []page {
		var out []page
		for _, q := range []string{"government", "government election", "climate", "minister -election", "zebra"} {
			for _, size := range []int{1, 2, 5, 30} {
				// The first pages and the next ones (search_after), up
				// to 8 of each.
				var cursor, qcursor string
				for range 8 {
					res, err := Search(ctx, st, Request{Query: q, Size: size, Facets: []string{FacetNone}, Cursor: cursor})
					if err != nil {
						t.Fatal(err)
					}
					qres, err := SearchQuotes(ctx, st, QuoteRequest{Query: q, Size: size, Cursor: qcursor})
					if err != nil {
						t.Fatal(err)
					}
					res.TookMs, qres.TookMs = 0, 0
					for _, h := range res.Hits {
						if h.ID == unnamedHit {
							t.Fatalf("%q: an unnamed hit returned", q)
						}
					}
					for _, h := range qres.Hits {
						if strings.Contains(h.ID, unnamedHit) {
							t.Fatalf("%q: an unnamed quote hit returned", q)
						}
					}
					out = append(out, page{res, qres})
					cursor, qcursor = res.NextCursor, qres.NextCursor
					if cursor == "" && qcursor == "" {
						break
					}
				}
			}
		}
		return out
	}
	got := run()
	nameEveryHit = true
	defer func() { nameEveryHit = false }()
	want := run()
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-every hit named +unnamed below the floor):\n%s", d)
	}
	ties := 0
	for _, p := range want {
		for i := 1; i < len(p.Articles.Hits); i++ {
			if p.Articles.Hits[i].Score == p.Articles.Hits[i-1].Score {
				ties++
			}
		}
	}
	if ties == 0 {
		t.Error("no tied scores: the test does not exercise ties")
	}
}

func TestScoreFloor(t *testing.T) {
	for _, tc := range []struct {
		k      int
		after  float64 // the search_after score; 0: none
		scores []float64
		below  []bool
	}{
		// Above the key: dropped on score; the key's own score: named,
		// not counted; below it: the floor of the k best.
		{2, 3, []float64{4, 3, 2, 1, 0.5, 3, 2.5, 1.5, 5}, []bool{true, false, false, false, true, false, false, true, true}},
		{0, 0, []float64{1, 0, 2}, []bool{false, false, false}},
		// NaN is named and left out (a reviewer's case: in the heap it
		// hid 1 and 2 under it, and 2.5 was dropped though 4 best are
		// 5, 3, 2.5 and NaN's tie).
		{4, 0, []float64{1, math.NaN(), 5, 2, 3, 2.5}, []bool{false, false, false, false, false, false}},
		{1, 0, []float64{1, 0.5, 1, 2, 1.5, 2}, []bool{false, true, false, false, true, false}},
		{2, 0, []float64{3, 1, 2, 1, 2, 0, 3}, []bool{false, false, false, true, false, true, false}},
		{3, 0, []float64{5, 4, 3, 2, 6, 3, 2.5, 4}, []bool{false, false, false, true, false, true, true, false}},
	} {
		f := scoreFloor{k: tc.k, after: tc.after, hasAfter: tc.after != 0}
		for i, s := range tc.scores {
			if got := f.below(s); got != tc.below[i] {
				t.Errorf("k=%d scores %v: below(%v) at %d = %v, want %v", tc.k, tc.scores, s, i, got, tc.below[i])
			}
		}
	}
}

// The columns read from postings hold, for every document of every segment
// (deleted and replaced ones too), the values its stored article has: the
// source, the published date, and the speakers, persons, places and
// organizations of its stored extraction (schema.StoredFacets).
func TestColumnsFromPostingsPerDocument(t *testing.T) {
	st := columnsStore(t, 120)
	cols := NewColumns(schema.FacetFields, true).withIDs()
	docs := 0
	for _, sh := range st.ArticleShards() {
		snap, err := shardSnapshot(sh)
		if err != nil {
			t.Fatal(err)
		}
		defer snap.Close()
		_, segCols, err := cols.snapshotColumns(snap)
		if err != nil {
			t.Fatal(err)
		}
		for i, ss := range snap.Segments() {
			s, sc := ss.Segment(), segCols[i]
			for d := range s.Count() {
				stored := map[string]string{}
				err := s.VisitStoredFields(d, func(field string, _ byte, value []byte, _ []uint64) bool {
					stored[field] = string(value)
					return true
				})
				if err != nil {
					t.Fatal(err)
				}
				f, err := schema.StoredFacets(stored[schema.FieldStored])
				if err != nil {
					t.Fatal(err)
				}
				want := map[string][]string{
					schema.FieldSpeaker: f.Speakers, schema.FieldPerson: f.Persons,
					schema.FieldPlace: f.Places, schema.FieldOrg: f.Orgs,
				}
				if f.Source != "" {
					want[schema.FieldSource] = []string{f.Source}
				}
				got := map[string][]string{}
				rec := sc.fields(d)
				for _, field := range cols.fields {
					n := rec[0]
					for _, o := range rec[1 : 1+n] {
						got[field] = append(got[field], cols.dicts[field].vals[o])
					}
					rec = rec[1+n:]
				}
				for field, vs := range want {
					want[field] = slices.Sorted(slices.Values(vs)) // dictionary order
					if len(vs) == 0 {
						delete(want, field)
					}
				}
				id := stored["_id"]
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s: values (-stored +columns):\n%s", id, diff)
				}
				h := sc.header(d)
				wantDate := int64(missingDate)
				if !f.Published.IsZero() {
					wantDate = f.Published.UnixNano()
				}
				if date := int64(uint64(h[0]) | uint64(h[1])<<32); date != wantDate || sc.dates[d] != wantDate {
					t.Errorf("%s: date %d (column %d), want %d", id, date, sc.dates[d], wantDate)
				}
				if got := string(sc.idBlob[h[2] : h[2]+h[3]]); got != id {
					t.Errorf("document %d: id %q, want %q", d, got, id)
				}
				docs++
			}
		}
	}
	if docs < 120 {
		t.Fatalf("%d documents checked, want at least the 120 written", docs)
	}
}

// DistinctValues counts what bleve's facets count, deleted and replaced
// articles aside.
func TestDistinctValues(t *testing.T) {
	st := columnsStore(t, 200)
	_, want, _ := bleveCounts(t, st, bleve.NewMatchAllQuery())
	got, err := DistinctValues(context.Background(), st, schema.FacetFields)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range schema.FacetFields {
		if len(want[f]) == 0 || got[f] != len(want[f]) {
			t.Errorf("%s: %d distinct values, bleve counts %d", f, got[f], len(want[f]))
		}
	}
	if _, err := DistinctValues(context.Background(), st, []string{schema.FieldBody}); err == nil {
		t.Error("distinct values of body: no error")
	}
}

// said= finds the articles bleve's facet on article_id counts, from the
// quote documents' ids, for words, phrases, wildcards and speakers, with
// replaced and deleted articles about.
func TestSaidArticlesMatchBleveFacet(t *testing.T) {
	st := columnsStore(t, 250)
	ctx := context.Background()
	top, err := SearchQuotes(ctx, st, QuoteRequest{FacetSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	speaker := top.Facets[schema.FieldSpeaker][0].Value
	for _, tc := range []struct {
		said     string
		speakers []string
	}{
		{"government", nil},
		{"government", []string{speaker}},
		{`"the government"`, nil},
		{"gov* -election", nil},
		{"electon~1 OR government", []string{speaker, top.Facets[schema.FieldSpeaker][1].Value}},
		{"nosuchword", nil},
	} {
		q, err := saidQuery(tc.said, tc.speakers)
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.Quotes().Search(bleve.NewSearchRequestOptions(q, 100000, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		want := []string{}
		for _, h := range res.Hits {
			if a, _, ok := schema.ParseQuoteDocID(h.ID); ok && !slices.Contains(want, a) {
				want = append(want, a)
			}
		}
		slices.Sort(want)
		got, err := saidArticles(ctx, st.QuoteShards(), tc.said, tc.speakers)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("said %q speakers %q (-bleve +columns):\n%s", tc.said, tc.speakers, diff)
		}
		if tc.said == "government" && tc.speakers == nil && len(want) < 10 {
			t.Errorf("said government: %d articles: the test data does not exercise it", len(want))
		}
	}
}
