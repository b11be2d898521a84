package store

import (
	"testing"
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
		dc, _ := s.Index().DocCount()
		if dc != 3 { // a, b, a#q0
			t.Fatalf("doc count = %d, want 3 (old quote docs must be gone)", dc)
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
		if dc, _ := s.Index().DocCount(); dc != 1 {
			t.Fatalf("doc count after delete = %d", dc)
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
	if dc, _ := s.Index().DocCount(); dc != 9+9 { // 9 articles with one quote each
		t.Fatalf("doc count = %d, want 18 (old quote docs must be gone)", dc)
	}
}
