package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// withDecodedEverywhere decodes the postings of every term for the test,
// in a cache of max bytes, caching every segment's.
func withDecodedEverywhere(t *testing.T, max int64) {
	t.Helper()
	oldCount, oldCached, oldUnpersisted := minDecodedCount, minCachedPostings, cacheUnpersisted
	minDecodedCount, minCachedPostings, cacheUnpersisted = 1, 1, true
	SetPostingsCacheBytes(max)
	t.Cleanup(func() {
		minDecodedCount, minCachedPostings, cacheUnpersisted = oldCount, oldCached, oldUnpersisted
		SetPostingsCacheBytes(DefaultPostingsCacheBytes)
	})
}

// posting is what a term reader says of one document.
type posting struct {
	Num        uint64
	Freq       uint64
	Norm       float64
	End, Error bool
}

func readPosting(tfd *index.TermFieldDoc, err error) posting {
	if err != nil {
		return posting{Error: true}
	}
	if tfd == nil {
		return posting{End: true}
	}
	return posting{Num: tfd.ID.Value(), Freq: tfd.Freq, Norm: tfd.Norm}
}

// TestDecodedPostings checks the decoded reader against scorch's on an
// index of three shards with several segments, replaced and deleted
// documents: the same postings, frequencies and norms from Next, and from
// Advance to any document, forwards and back, in any order.
func TestDecodedPostings(t *testing.T) {
	st := columnsStore(t, 250)
	withDecodedEverywhere(t, DefaultPostingsCacheBytes)
	t.Run("cached", func(t *testing.T) { checkDecodedPostings(t, st) })
	if n, _ := postings.Stats(); n == 0 {
		t.Error("nothing cached")
	}
	// Segments with fewer postings than minCachedPostings are decoded for
	// each search.
	SetPostingsCacheBytes(DefaultPostingsCacheBytes)
	minCachedPostings = math.MaxUint64
	t.Run("uncached", func(t *testing.T) { checkDecodedPostings(t, st) })
	if n, _ := postings.Stats(); n != 0 {
		t.Errorf("%d bytes cached, want none", n)
	}
	// Segments not yet persisted are decoded for each search, never
	// cached: the cache's key would keep their bytes on the heap.
	minCachedPostings, cacheUnpersisted = 1, false
	t.Run("persisted only", func(t *testing.T) { checkDecodedPostings(t, st) })
	postings.mu.Lock()
	for key := range postings.entries {
		if _, ok := key.seg.(segment.PersistedSegment); !ok {
			t.Errorf("cached postings of %s:%s in a segment not persisted (%T)", key.field, key.term, key.seg)
		}
	}
	postings.mu.Unlock()
}

func checkDecodedPostings(t *testing.T, st Index) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for _, sh := range st.ArticleShards() {
		snap, err := shardSnapshot(sh)
		if err != nil {
			t.Fatal(err)
		}
		if len(snap.Segments()) < 2 {
			t.Fatalf("%d segments: the test needs several", len(snap.Segments()))
		}
		docs, err := snap.DocCount()
		if err != nil {
			t.Fatal(err)
		}
		var maxNum uint64
		for _, ss := range snap.Segments() {
			maxNum += ss.Segment().Count()
		}
		wrapped := withDecodedPostings(snap, postings)
		for _, field := range []string{schema.FieldBody, schema.FieldTitle, schema.FieldSpeaker} {
			dict, err := snap.FieldDict(field)
			if err != nil {
				t.Fatal(err)
			}
			var terms []string
			for e, err := dict.Next(); e != nil && err == nil; e, err = dict.Next() {
				terms = append(terms, e.Term)
			}
			dict.Close()
			if len(terms) == 0 {
				t.Fatalf("%s: no terms", field)
			}
			for _, term := range terms {
				open := func(r index.IndexReader) index.TermFieldReader {
					tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, false)
					if err != nil {
						t.Fatal(err)
					}
					return tfr
				}
				want, got := open(snap), open(wrapped)
				// A term left only in deleted documents counts 0, under
				// minDecodedCount.
				if _, ok := got.(*decodedReader); !ok && want.Count() > 0 {
					t.Fatalf("%s:%s: reader %T, want decoded postings", field, term, got)
				}
				if w, g := want.Count(), got.Count(); w != g {
					t.Errorf("%s:%s: count %d, want %d", field, term, g, w)
				}
				// Advance goes forward from the furthest point reached (a
				// document returned, or a target), as bleve's searchers
				// advance, or back below the last document returned, where
				// scorch's reader starts again from the beginning.
				var floor, returned uint64 // returned: the last document returned, +1; 0: none
				for step := 0; ; step++ {
					var w, g posting
					to := floor + rng.Uint64N(maxNum+3-min(floor, maxNum))
					if returned > 1 && rng.IntN(4) == 0 {
						to = rng.Uint64N(returned - 1)
					}
					if rng.IntN(3) == 0 {
						id := index.NewIndexInternalID(nil, to)
						w, g = readPosting(want.Advance(id, nil)), readPosting(got.Advance(id, nil))
						floor = to
					} else {
						w, g = readPosting(want.Next(nil)), readPosting(got.Next(nil))
					}
					if w != g {
						t.Fatalf("%s:%s step %d: %+v, want %+v", field, term, step, g, w)
					}
					if !w.End {
						returned = w.Num + 1
						floor = returned
					}
					if w.End && rng.IntN(4) > 0 || step > 4*int(docs) {
						break
					}
				}
				want.Close()
				got.Close()
				checked++
			}
		}
		// Term vectors, or no scores: scorch's own reader.
		for _, flags := range [][3]bool{{true, true, true}, {false, false, false}} {
			tfr, err := wrapped.TermFieldReader(ctx, []byte("govern"), schema.FieldBody, flags[0], flags[1], flags[2])
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := tfr.(*scorch.IndexSnapshotTermFieldReader); !ok {
				t.Errorf("flags %v: reader %T, want scorch's", flags, tfr)
			}
			tfr.Close()
		}
		snap.Close()
	}
	if checked < 100 {
		t.Errorf("checked %d terms, want more", checked)
	}
}

// TestDecodedPostingsSearch: searches answer the same, scores included,
// with postings decoded and without.
func TestDecodedPostingsSearch(t *testing.T) {
	st := columnsStore(t, 250)
	ctx := context.Background()
	speaker := func() string {
		res, err := Search(ctx, st, Request{})
		if err != nil {
			t.Fatal(err)
		}
		return res.Facets[schema.FieldSpeaker][0].Value
	}()
	reqs := []Request{
		{Query: "government"},
		{Query: "government election", Size: 50},
		{Query: "government", Speakers: []string{speaker}},
		{Query: "government -election"},
		{Query: "title:government OR body:election"},
	}
	// Quote searches with a speaker filter count in a second pass, so
	// their page of hits is not a countingQuery (decodedPostingsQuery).
	quoteReqs := []QuoteRequest{
		{Query: "government"},
		{Query: "government", Speakers: []string{speaker}},
		{Query: "government election", Speakers: []string{speaker}, Facets: []string{FacetNone}},
	}
	type answers struct {
		Articles []*Response
		Quotes   []*QuoteResponse
	}
	search := func() answers {
		var out answers
		for _, r := range reqs {
			res, err := Search(ctx, st, r)
			if err != nil {
				t.Fatal(err)
			}
			res.TookMs = 0
			out.Articles = append(out.Articles, res)
		}
		for _, r := range quoteReqs {
			res, err := SearchQuotes(ctx, st, r)
			if err != nil {
				t.Fatal(err)
			}
			res.TookMs = 0
			out.Quotes = append(out.Quotes, res)
		}
		return out
	}
	SetPostingsCacheBytes(0)
	want := search()
	withDecodedEverywhere(t, DefaultPostingsCacheBytes)
	got := search()
	if n, _ := postings.Stats(); n == 0 {
		t.Fatal("nothing decoded")
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("with decoded postings (-without +with):\n%s", d)
	}
	for _, r := range want.Articles {
		if r.Total == 0 {
			t.Errorf("an article search matched nothing: the test needs hits")
		}
	}
	for _, r := range want.Quotes {
		if r.Total == 0 {
			t.Errorf("a quote search matched nothing: the test needs hits")
		}
	}
}

// TestPostingsCacheBound: the cache holds at most its size, and a term too
// big for it is read from zap.
func TestPostingsCacheBound(t *testing.T) {
	st := columnsStore(t, 250)
	const max = 4 << 10
	withDecodedEverywhere(t, max)
	ctx := context.Background()
	if _, err := Search(ctx, st, Request{Query: "government election minister said"}); err != nil {
		t.Fatal(err)
	}
	used, entries := postings.Stats()
	if used > max || entries == 0 {
		t.Errorf("cache of %d bytes holds %d bytes in %d entries", max, used, entries)
	}
	SetPostingsCacheBytes(12*8 + 128) // a quarter of it is too small for any term but the rarest
	snap, err := shardSnapshot(st.ArticleShards()[0])
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	tfr, err := withDecodedPostings(snap, postings).TermFieldReader(ctx, []byte("govern"), schema.FieldBody, true, true, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	if _, ok := tfr.(*scorch.IndexSnapshotTermFieldReader); !ok {
		t.Errorf("a term bigger than the cache: reader %T, want scorch's", tfr)
	}
}

// TestDecodedPostingsConcurrentWrites searches with decoded postings in a
// cache small enough to evict while articles are written (new segments,
// merges, deletions), under -race; once the writes are done the answers
// are those without the cache.
func TestDecodedPostingsConcurrentWrites(t *testing.T) {
	st := columnsStore(t, 100)
	withDecodedEverywhere(t, 16<<10)
	ctx := context.Background()
	more := synthArticles(120, 99)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; i < len(more); i += 20 {
			var ops []store.Op
			for j, a := range more[i : i+20] {
				a.ID = "w" + a.ID
				ops = append(ops, store.Op{ID: a.ID, Article: a})
				if j%5 == 0 { // and delete some of the first articles
					ops = append(ops, store.Op{ID: fmt.Sprintf("s%06d", i+j)})
				}
			}
			if _, err := st.Apply(ops); err != nil {
				t.Error(err)
				return
			}
		}
	})
	for range 3 {
		wg.Go(func() {
			for i := 0; i < 15; i++ {
				res, err := Search(ctx, st, Request{Query: "government election", Size: 20})
				if err != nil {
					t.Error(err)
					return
				}
				for j := 1; j < len(res.Hits); j++ {
					if res.Hits[j].Score > res.Hits[j-1].Score {
						t.Errorf("hit %d scores %v after %v", j, res.Hits[j].Score, res.Hits[j-1].Score)
					}
				}
			}
		})
	}
	wg.Wait()
	req := Request{Query: "government election", Size: 50}
	got, err := Search(ctx, st, req)
	if err != nil {
		t.Fatal(err)
	}
	SetPostingsCacheBytes(0)
	want, err := Search(ctx, st, req)
	if err != nil {
		t.Fatal(err)
	}
	got.TookMs, want.TookMs = 0, 0
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("after the writes (-without +with decoded postings):\n%s", d)
	}
}
