package store

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"time"

	"github.com/newsfind/newsfind/schema"
)

func article(id string, quotes int) *schema.Article {
	a := &schema.Article{ID: id, Title: "Title " + id, Body: "Body about Jakarta " + id, Source: "test",
		Published: time.Date(2016, 1, 15, 0, 0, 0, 0, time.UTC),
		Entities:  []schema.Entity{{Type: schema.TypePlace, Name: "Jakarta", Mentions: []schema.Mention{{Text: "Jakarta", Start: 11, End: 18}}, Geo: &schema.Geo{Lat: -6.2, Lon: 106.8}}}}
	for i := 0; i < quotes; i++ {
		a.Quotes = append(a.Quotes, schema.Quote{Text: "quote", Kind: schema.KindDirect, Speaker: "Josh Earnest", Cue: "said"})
	}
	return a
}

func TestApplyCreateReplaceDelete(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		s, err := Open(dir, Options{Shards: 3})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Apply([]Op{{ID: "a", Article: article("a", 3)}, {ID: "b", Article: article("b", 0)}})
		if err != nil || res[0] != Created || res[1] != Created {
			t.Fatalf("create: %v %v", res, err)
		}
		res, err = s.Apply([]Op{{ID: "a", Article: article("a", 1)}, {ID: "zz"}})
		if err != nil || res[0] != Updated || res[1] != NotFound {
			t.Fatalf("replace: %v %v", res, err)
		}
		if n, _ := s.Count(); n != 2 {
			t.Fatalf("count = %d, want 2", n)
		}
		if qc, _ := s.Quotes().DocCount(); qc != 1 { // a#q0
			t.Fatalf("quote docs = %d, want 1 (old quote docs must be gone)", qc)
		}
		got, err := s.Get("a")
		if err != nil || got.Title != "Title a" || len(got.Quotes) != 1 || got.Entities[0].Geo == nil {
			t.Fatalf("get: %+v %v", got, err)
		}
		if _, err := s.Get("a#q0"); err != ErrNotFound {
			t.Fatalf("get quote doc as article: %v", err)
		}
		res, err = s.Apply([]Op{{ID: "a"}})
		if err != nil || res[0] != Deleted {
			t.Fatalf("delete: %v %v", res, err)
		}
		if n, _ := s.Count(); n != 1 {
			t.Fatalf("articles after delete = %d, want 1", n)
		}
		if qc, _ := s.Quotes().DocCount(); qc != 0 {
			t.Fatalf("quote docs after delete = %d, want 0", qc)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if dir != "" {
			s2, err := Open(dir, Options{Shards: 7})
			if err != nil {
				t.Fatal(err)
			}
			if s2.NumShards() != 3 {
				t.Fatalf("reopened with %d shards, want 3", s2.NumShards())
			}
			if n, _ := s2.Count(); n != 1 {
				t.Fatalf("reopened count %d", n)
			}
			s2.Close()
		}
	}
}

// TestApplyLookupChunks replaces more articles than one existence lookup
// holds: every replace must still find its old quote docs.
func TestApplyLookupChunks(t *testing.T) {
	defer func(n int) { lookupChunk = n }(lookupChunk)
	lookupChunk = 3
	s, err := Open("", Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ops []Op
	for i := 0; i < 10; i++ {
		id := string(rune('a' + i))
		ops = append(ops, Op{ID: id, Article: article(id, 2)})
	}
	if _, err := s.Apply(ops); err != nil {
		t.Fatal(err)
	}
	for i := range ops {
		ops[i].Article = article(ops[i].ID, 1)
	}
	ops = append(ops, Op{ID: "zz"}, Op{ID: "a"}) // absent delete; delete after replace in the same call
	res, err := s.Apply(ops)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range res[:10] {
		if r != Updated {
			t.Errorf("op %d (%s) = %s, want updated", i, ops[i].ID, r)
		}
	}
	if res[10] != NotFound || res[11] != Deleted {
		t.Errorf("absent delete = %s, delete after replace = %s; want not_found, deleted", res[10], res[11])
	}
	if n, _ := s.Count(); n != 9 {
		t.Fatalf("articles = %d, want 9", n)
	}
	if qc, _ := s.Quotes().DocCount(); qc != 9 { // one quote each
		t.Fatalf("quote docs = %d, want 9 (old quote docs must be gone)", qc)
	}
	// More quote docs than the lookup's first guess (4 per id) must all be
	// found and replaced.
	if _, err := s.Apply([]Op{{ID: "b", Article: article("b", 25)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply([]Op{{ID: "b", Article: article("b", 2)}}); err != nil {
		t.Fatal(err)
	}
	if qc, _ := s.Quotes().DocCount(); qc != 10 {
		t.Fatalf("quote docs = %d, want 10 after replacing 25 quotes by 2", qc)
	}
}

// TestApplyRepairsStaleQuotes simulates a write cut short between its
// article commit and its quote commit: writing the article again must leave
// exactly its current quote documents.
func TestApplyRepairsStaleQuotes(t *testing.T) {
	s, err := Open("", Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Apply([]Op{{ID: "a", Article: article("a", 3)}}); err != nil {
		t.Fatal(err)
	}
	// The article commit of a delete landed, its quote commit did not.
	if err := s.shards[0].Delete("a"); err != nil {
		t.Fatal(err)
	}
	res, err := s.Apply([]Op{{ID: "a", Article: article("a", 1)}})
	if err != nil || res[0] != Created {
		t.Fatalf("re-put: %v %v", res, err)
	}
	if qc, _ := s.Quotes().DocCount(); qc != 1 {
		t.Fatalf("quote docs = %d, want 1 (stale quotes of the cut-short write must go)", qc)
	}
	res, err = s.Apply([]Op{{ID: "a"}, {ID: "a"}})
	if err != nil || res[0] != Deleted || res[1] != NotFound {
		t.Fatalf("delete twice: %v %v", res, err)
	}
	if qc, _ := s.Quotes().DocCount(); qc != 0 {
		t.Fatalf("quote docs = %d after delete, want 0", qc)
	}
}

// TestOpenRecoversQuoteCommit simulates a crash after an article batch
// committed and before its quote batch did: the next Open must rebuild the
// quote documents of that batch's articles from the stored articles.
func TestOpenRecoversQuoteCommit(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply([]Op{{ID: "a", Article: article("a", 3)}, {ID: "gone", Article: article("gone", 2)}}); err != nil {
		t.Fatal(err)
	}
	// The article half of a write: a replaced with 1 quote, c created with
	// 2, gone deleted; the quote half never happens.
	b := s.shards[0].NewBatch()
	b.SetInternal(pendingKey, []byte(`["a","c","gone"]`))
	for _, a := range []*schema.Article{article("a", 1), article("c", 2)} {
		doc, err := schema.ArticleDoc(a)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Index(a.ID, doc); err != nil {
			t.Fatal(err)
		}
	}
	b.Delete("gone")
	if err := s.shards[0].Batch(b); err != nil {
		t.Fatal(err)
	}
	if qc, _ := s.Quotes().DocCount(); qc != 5 {
		t.Fatalf("before recovery: %d quote docs, want the stale 5", qc)
	}
	// The crash: the bleve indexes close without Store.Close, which would
	// clear the pending record of a clean shutdown.
	if err := s.crash(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for id, want := range map[string]uint64{"a": 1, "c": 2, "gone": 0} {
		if got := quoteDocCount(t, s, id); got != want {
			t.Errorf("%s: %d quote docs after recovery, want %d", id, got, want)
		}
	}
	if v, _ := s.shards[0].GetInternal(pendingKey); v != nil {
		t.Errorf("pending record left after recovery: %s", v)
	}
}

// TestMerge: after Merge each index is one segment and holds everything,
// from any number of segments (a single scorch ForceMerge merged at most 10
// at a time and left several).
// segmentsOf returns the segments of idx's current scorch snapshot (the
// snapshot is closed again: the segments are for inspection only).
func segmentsOf(t *testing.T, idx bleve.Index) []*scorch.SegmentSnapshot {
	t.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	return r.(*scorch.IndexSnapshot).Segments()
}

func TestMerge(t *testing.T) {
	// No background merging: each of the 20 writes stays a segment.
	defer func(c map[string]any) { newIndexConfig = c }(newIndexConfig)
	newIndexConfig = map[string]any{"scorchMergePlanOptions": map[string]any{
		"MaxSegmentsPerTier": 1000, "SegmentsPerMergeTask": 1000, "FloorSegmentSize": 1}}
	s, err := Open(t.TempDir(), Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for b := 0; b < 20; b++ {
		var ops []Op
		for i := 0; i < 3; i++ {
			id := fmt.Sprintf("a%d-%d", b, i)
			ops = append(ops, Op{ID: id, Article: article(id, 2)})
		}
		if _, err := s.Apply(ops); err != nil {
			t.Fatal(err)
		}
	}
	segments := func(idx bleve.Index) int { return len(segmentsOf(t, idx)) }
	if a, q := segments(s.shards[0]), segments(s.quotes[0]); a <= 10 || q <= 10 {
		t.Fatalf("%d article and %d quote segments before Merge, want more than 10 (more than one ForceMerge task)", a, q)
	}
	if err := s.Merge(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, idx := range []bleve.Index{s.shards[0], s.quotes[0]} {
		if n := segments(idx); n != 1 {
			t.Errorf("%s: %d segments after Merge, want 1", idx.Name(), n)
		}
	}
	if n, _ := s.Count(); n != 60 {
		t.Errorf("count after merge = %d, want 60", n)
	}
	if qc, _ := s.Quotes().DocCount(); qc != 120 {
		t.Errorf("quote docs after merge = %d, want 120", qc)
	}
}

// TestCleanCloseLeavesNothingToRecover: after Close, Open finds no pending
// quote commit (so a read-only open writes nothing).
func TestCleanCloseLeavesNothingToRecover(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply([]Op{{ID: "a", Article: article("a", 2)}, {ID: "b", Article: article("b", 1)}}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for sh := 0; sh < 2; sh++ { // read the shards as they are on disk, before any Open recovers
		for _, path := range []string{shardPath(dir, sh), quotePath(dir, sh)} {
			idx, err := bleve.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			for slot := 0; slot < writeSlots; slot++ {
				if v, _ := idx.GetInternal(pendingKeyOf(slot)); v != nil {
					t.Errorf("%s: pending record %s after a clean close", path, v)
				}
			}
			idx.Close()
		}
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if qc, _ := s.Quotes().DocCount(); qc != 3 {
		t.Errorf("quote docs = %d, want 3", qc)
	}
}

// TestOpenRecoversArticleCommit: the two commits of a write run at once, so
// a crash can leave either one alone; Open repairs both cases, from the
// pending record of either index, in any write slot.
func TestOpenRecoversOneOfTwoCommits(t *testing.T) {
	for _, tc := range []struct {
		name   string
		quotes bool // the quote commit happened, the article commit did not
		slot   int
	}{
		{"article commit only, slot 0", false, 0},
		{"article commit only, slot 1", false, 1},
		{"quote commit only, slot 0", true, 0},
		{"quote commit only, slot 1", true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{Shards: 1})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Apply([]Op{{ID: "a", Article: article("a", 3)}, {ID: "gone", Article: article("gone", 2)}}); err != nil {
				t.Fatal(err)
			}
			// One half of a write that replaces a (1 quote), creates c
			// (2 quotes) and deletes gone.
			ids := []byte(`["a","c","gone"]`)
			if tc.quotes {
				b := s.quotes[0].NewBatch()
				b.SetInternal(pendingKeyOf(tc.slot), ids)
				for _, a := range []*schema.Article{article("a", 1), article("c", 2)} {
					for qid, qd := range schema.QuoteDocs(a) {
						if err := b.Index(qid, qd); err != nil {
							t.Fatal(err)
						}
					}
				}
				b.Delete(schema.QuoteDocID("a", 1))
				b.Delete(schema.QuoteDocID("a", 2))
				b.Delete(schema.QuoteDocID("gone", 0))
				b.Delete(schema.QuoteDocID("gone", 1))
				if err := s.quotes[0].Batch(b); err != nil {
					t.Fatal(err)
				}
			} else {
				b := s.shards[0].NewBatch()
				b.SetInternal(pendingKeyOf(tc.slot), ids)
				for _, a := range []*schema.Article{article("a", 1), article("c", 2)} {
					doc, err := schema.ArticleDoc(a)
					if err != nil {
						t.Fatal(err)
					}
					if err := b.Index(a.ID, doc); err != nil {
						t.Fatal(err)
					}
				}
				b.Delete("gone")
				if err := s.shards[0].Batch(b); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.crash(); err != nil { // no Store.Close
				t.Fatal(err)
			}
			s, err = Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			// The stored articles are the truth: with the article commit
			// lost, a keeps its 3 quotes, c has none, gone its 2.
			want := map[string]int{"a": 1, "c": 2, "gone": 0}
			if tc.quotes {
				want = map[string]int{"a": 3, "c": 0, "gone": 2}
			}
			for id, n := range want {
				if got := quoteDocCount(t, s, id); got != uint64(n) {
					t.Errorf("%s: %d quote docs after recovery, want %d", id, got, n)
				}
			}
			for _, idx := range []bleve.Index{s.shards[0], s.quotes[0]} {
				for slot := 0; slot < writeSlots; slot++ {
					if v, _ := idx.GetInternal(pendingKeyOf(slot)); v != nil {
						t.Errorf("%s: pending record %s left after recovery", idx.Name(), v)
					}
				}
			}
		})
	}
}

// TestStartOrder: writes started one after the other without waiting
// overlap, yet those that share an article id apply in Start order, so
// the last version of each article wins, with exactly its quote documents.
func TestStartOrder(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		s, err := Open(dir, Options{Shards: 2})
		if err != nil {
			t.Fatal(err)
		}
		const writes, ids = 12, 5
		var started []*Write
		last := map[string]int{} // id -> quote count of its last version
		lastTitle := map[string]string{}
		for w := 0; w < writes; w++ {
			var ops []Op
			for i := 0; i < 4; i++ {
				id := fmt.Sprintf("a%d", (w*3+i)%ids)
				n := (w + i) % 4
				if (w+i)%7 == 6 {
					ops = append(ops, Op{ID: id}) // a delete
					delete(last, id)
					continue
				}
				a := article(id, n)
				a.Title = fmt.Sprintf("version %d", w)
				ops = append(ops, Op{ID: id, Article: a})
				last[id] = n
				lastTitle[id] = a.Title
			}
			started = append(started, s.Start(ops))
		}
		for i, w := range started {
			if _, err := w.Wait(); err != nil {
				t.Fatalf("write %d: %v", i, err)
			}
		}
		if n, _ := s.Count(); n != uint64(len(last)) {
			t.Errorf("count %d, want %d", n, len(last))
		}
		total := 0
		for id, n := range last {
			total += n
			if got := quoteDocCount(t, s, id); got != uint64(n) {
				t.Errorf("%s: %d quote docs, want %d (its last version)", id, got, n)
			}
			a, err := s.Get(id)
			if err != nil || len(a.Quotes) != n || a.Title != lastTitle[id] {
				t.Errorf("%s: %v, %q with %d quotes, want %q with %d", id, err, a.Title, len(a.Quotes), lastTitle[id], n)
			}
		}
		if qc, _ := s.Quotes().DocCount(); qc != uint64(total) {
			t.Errorf("quote docs = %d, want %d", qc, total)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Start([]Op{{ID: "late", Article: article("late", 0)}}).Wait(); !errors.Is(err, ErrClosed) {
			t.Errorf("write after Close: %v, want ErrClosed", err)
		}
	}
}

// quoteDocCount is the number of quote documents of article id: every
// quote document is read, the store's own lookup by id prefix is not used.
func quoteDocCount(t *testing.T, s *Store, id string) uint64 {
	t.Helper()
	res, err := s.Quotes().Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100000, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, h := range res.Hits {
		if a, _, ok := schema.ParseQuoteDocID(h.ID); ok && a == id {
			n++
		}
	}
	return n
}

// TestQuoteIDPrefixClash: the quote documents of an article are found by
// their ids' prefix, which the ids of an article named like them
// ("x#q1") share; rewriting or deleting x leaves that article's quotes.
func TestQuoteIDPrefixClash(t *testing.T) {
	s, err := Open("", Options{Shards: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	count := func(want map[string]uint64) {
		t.Helper()
		for id, n := range want {
			if got := quoteDocCount(t, s, id); got != n {
				t.Errorf("%s: %d quote docs, want %d", id, got, n)
			}
		}
		var total uint64
		for _, n := range want {
			total += n
		}
		if got, _ := s.Quotes().DocCount(); got != total {
			t.Errorf("%d quote docs in all, want %d", got, total)
		}
	}
	if _, err := s.Apply([]Op{{ID: "x", Article: article("x", 2)}, {ID: "x#q1", Article: article("x#q1", 3)}}); err != nil {
		t.Fatal(err)
	}
	count(map[string]uint64{"x": 2, "x#q1": 3})
	if _, err := s.Apply([]Op{{ID: "x", Article: article("x", 1)}}); err != nil {
		t.Fatal(err)
	}
	count(map[string]uint64{"x": 1, "x#q1": 3})
	if _, err := s.Apply([]Op{{ID: "x"}}); err != nil {
		t.Fatal(err)
	}
	count(map[string]uint64{"x": 0, "x#q1": 3})
}

// crash leaves s as a process that died would: its indexes closed without
// Store.Close's last commits, its directory's lock released.
func (s *Store) crash() error {
	defer s.lock.unlock()
	return s.closeShards()
}
