package store

import (
	"context"
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
	if err := s.closeShards(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for id, want := range map[string]uint64{"a": 1, "c": 2, "gone": 0} {
		q := bleve.NewTermQuery(id)
		q.SetField(schema.FieldArticleID)
		res, err := s.Quotes().Search(bleve.NewSearchRequestOptions(q, 0, 0, false))
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != want {
			t.Errorf("%s: %d quote docs after recovery, want %d", id, res.Total, want)
		}
	}
	if v, _ := s.shards[0].GetInternal(pendingKey); v != nil {
		t.Errorf("pending record left after recovery: %s", v)
	}
}

// TestMerge: after Merge each index is one segment and holds everything.
func TestMerge(t *testing.T) {
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
	segments := func(idx bleve.Index) int {
		adv, err := idx.Advanced()
		if err != nil {
			t.Fatal(err)
		}
		r, err := adv.Reader()
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		return len(r.(*scorch.IndexSnapshot).Segments())
	}
	// scorch merges in the background too, so the count before varies;
	// after Merge it must be one, whatever it was.
	t.Logf("%d article and %d quote segments before Merge", segments(s.shards[0]), segments(s.quotes[0]))
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
		idx, err := bleve.Open(shardPath(dir, sh))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := idx.GetInternal(pendingKey); v != nil {
			t.Errorf("shard %d: pending record %s after a clean close", sh, v)
		}
		idx.Close()
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
