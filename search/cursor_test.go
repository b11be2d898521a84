package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

// pagingCorpus has many ties: identical texts (equal scores within a
// shard) and shared dates, plus undated articles, spread over 2 shards.
func pagingCorpus() []*schema.Article {
	texts := []string{"alpha beta", "alpha", "alpha alpha gamma", "beta gamma", "alpha beta"}
	var arts []*schema.Article
	for i := 0; i < 53; i++ {
		a := &schema.Article{ID: fmt.Sprintf("p%03d", (i*37)%53), Title: "paging", Body: texts[i%len(texts)], Source: []string{"x", "y"}[i%2]}
		if i%7 != 0 {
			a.Published = time.Date(2016, 1, 1+i%4, 0, 0, 0, 0, time.UTC)
		}
		arts = append(arts, a)
	}
	return arts
}

// TestCursorVisitsEveryHitOnce pages through every sort with several page
// sizes and checks the concatenated pages equal one big page: no hit lost,
// none repeated, same order.
func TestCursorVisitsEveryHitOnce(t *testing.T) {
	forEngine(t, pagingCorpus(), func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		for _, base := range []Request{
			{Sort: SortRelevance, Query: "alpha"},
			{Sort: SortRelevance, Query: "alpha beta gamma"},
			{Sort: SortDate},
			{Sort: SortDate, Query: "alpha"},
			{Sort: SortRelevance}, // no text: newest first
			{Sort: SortDate, Sources: []string{"y"}},
		} {
			all := base
			all.Size = MaxSize
			full, err := Search(ctx, st, all)
			if err != nil {
				t.Fatal(err)
			}
			if full.NextCursor != "" {
				t.Errorf("%+v: next_cursor on the last page", base)
			}
			want := hitIDs(full.Hits)
			if len(want) != int(full.Total) || len(want) < 20 {
				t.Fatalf("%+v: %d hits, total %d", base, len(want), full.Total)
			}
			for _, size := range []int{2, 5, len(want)} {
				r := base
				r.Size = size
				var got []string
				pages := 0
				for {
					res, err := Search(ctx, st, r)
					if err != nil {
						t.Fatalf("%+v size %d page %d: %v", base, size, pages, err)
					}
					got = append(got, hitIDs(res.Hits)...)
					pages++
					if res.NextCursor == "" {
						break
					}
					if len(res.Hits) != size {
						t.Fatalf("%+v size %d: short page %d with a next cursor", base, size, len(res.Hits))
					}
					if pages > len(want)+1 {
						t.Fatalf("%+v size %d: cursor does not advance", base, size)
					}
					r.Cursor = res.NextCursor
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Errorf("%+v size %d: pages differ from one big page (-want +got):\n%s", base, size, diff)
				}
				if wantPages := (len(want) + size - 1) / size; pages != wantPages {
					t.Errorf("%+v size %d: %d pages, want %d", base, size, pages, wantPages)
				}
			}
		}
	})
}

func TestCursorDateOrder(t *testing.T) {
	forEngine(t, pagingCorpus(), func(t *testing.T, st *store.Store) {
		res, err := Search(context.Background(), st, Request{Sort: SortDate, Size: MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		// newest first, ties by id, undated last (by id)
		sorted := slices.IsSortedFunc(res.Hits, func(a, b Hit) int {
			switch {
			case a.Published == nil && b.Published == nil:
				return cmpStr(a.ID, b.ID)
			case a.Published == nil:
				return 1
			case b.Published == nil:
				return -1
			case !a.Published.Equal(*b.Published):
				return b.Published.Compare(*a.Published)
			}
			return cmpStr(a.ID, b.ID)
		})
		if !sorted {
			t.Errorf("not newest first / id: %v", hitIDs(res.Hits))
		}
		if res.Hits[len(res.Hits)-1].Published != nil {
			t.Error("undated articles are not last")
		}
	})
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestCursorErrors(t *testing.T) {
	st := openStore(t, corpus())
	ctx := context.Background()
	page1, err := Search(ctx, st, Request{Query: "climate", Size: 1})
	if err != nil || page1.NextCursor == "" {
		t.Fatalf("page 1: %v %+v", err, page1)
	}
	quotes1, err := SearchQuotes(ctx, st, QuoteRequest{Size: 1})
	if err != nil || quotes1.NextCursor == "" {
		t.Fatalf("quotes page 1: %v %+v", err, quotes1)
	}
	tests := []struct {
		name string
		run  func() error
		want string
	}{
		{"other sort", func() error {
			_, err := Search(ctx, st, Request{Query: "climate", Sort: SortDate, Cursor: page1.NextCursor})
			return err
		}, "cursor: was made for sort=relevance, cannot continue sort=date"},
		{"article cursor for quotes", func() error {
			_, err := SearchQuotes(ctx, st, QuoteRequest{Query: "climate", Cursor: page1.NextCursor})
			return err
		}, "cursor: comes from an article search, not from a quote search"},
		{"quote cursor for articles", func() error {
			_, err := Search(ctx, st, Request{Cursor: quotes1.NextCursor})
			return err
		}, "cursor: comes from a quote search, not from an article search"},
		{"garbage", func() error {
			_, err := Search(ctx, st, Request{Cursor: "!!!"})
			return err
		}, "cursor: not a cursor from a previous response (bad encoding)"},
		{"not json", func() error {
			_, err := Search(ctx, st, Request{Cursor: "bm90IGpzb24"})
			return err
		}, "cursor: not a cursor from a previous response (bad content)"},
		{"bad score", func() error {
			_, err := Search(ctx, st, Request{Query: "x", Cursor: encodeCursor(cursor{Kind: "article", Sort: "relevance", After: []string{"NaN", "a"}})})
			return err
		}, "cursor: not a cursor from a previous response (bad score)"},
		{"bad date", func() error {
			_, err := Search(ctx, st, Request{Cursor: encodeCursor(cursor{Kind: "article", Sort: "date", After: []string{"2016-01-10T00:00:00Z", "a1"}})})
			return err
		}, "cursor: not a cursor from a previous response (bad date)"},
		{"wrong key count", func() error {
			_, err := Search(ctx, st, Request{Cursor: encodeCursor(cursor{Kind: "article", Sort: "date", After: []string{"a"}})})
			return err
		}, "cursor: not a cursor from a previous response (want 2 sort keys, got 1)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			var re *RequestError
			if !errors.As(err, &re) || re.Field != "cursor" || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
}

// FuzzCursor: decoding never panics, and whatever decodes re-encodes to a
// cursor that decodes to the same key.
func FuzzCursor(f *testing.F) {
	f.Add(encodeCursor(cursor{Kind: "article", Sort: "relevance", After: []string{"1.25", "a1"}}))
	f.Add(encodeCursor(cursor{Kind: "article", Sort: "date", After: []string{"\x00", "a5"}}))
	f.Add(encodeCursor(cursor{Kind: "quote", Sort: "date", After: []string{" \x01\x02", "a1#q0"}}))
	f.Add("")
	f.Add("e30")
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []string{schema.DocArticle, schema.DocQuote} {
			for _, mode := range []string{SortRelevance, SortDate} {
				after, err := decodeCursor(s, kind, mode)
				if err != nil {
					var re *RequestError
					if !errors.As(err, &re) || re.Field != "cursor" {
						t.Fatalf("error %v is not a cursor RequestError", err)
					}
					continue
				}
				again, err := decodeCursor(encodeCursor(cursor{Kind: kind, Sort: mode, After: after}), kind, mode)
				if err != nil || !slices.Equal(again, after) {
					t.Fatalf("round trip of %q: %q %v", after, again, err)
				}
			}
		}
	})
}
