package search

import (
	"context"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/store"
	"github.com/newsfind/newsfind/schema"
)

func day(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s+"T10:00:00Z")
	if err != nil {
		panic(err)
	}
	return t
}

func person(n string) schema.Entity { return schema.Entity{Type: schema.TypePerson, Name: n} }
func org(n string) schema.Entity    { return schema.Entity{Type: schema.TypeOrganization, Name: n} }
func place(n string, lat, lon float64) schema.Entity {
	return schema.Entity{Type: schema.TypePlace, Name: n, Geo: &schema.Geo{Lat: lat, Lon: lon}}
}
func quote(text, kind, speaker string) schema.Quote {
	return schema.Quote{Text: text, Kind: kind, Cue: "said", Speaker: speaker}
}

// corpus is the small hand-made test corpus; the expected numbers in the
// tests are counted from it by hand.
func corpus() []*schema.Article {
	return []*schema.Article{
		{ID: "a1", Source: "reuters", Published: day("2016-01-10"), Title: "Obama pushes climate plan",
			Body:     "Washington - President Barack Obama pushed his climate plan on Monday. \"The president will act on climate change,\" Josh Earnest told reporters at the White House.",
			Entities: []schema.Entity{person("Barack Obama"), person("Josh Earnest"), place("Washington", 38.895, -77.036), org("White House")},
			Quotes:   []schema.Quote{quote("The president will act on climate change", schema.KindDirect, "Josh Earnest")}},
		{ID: "a2", Source: "ap", Published: day("2016-01-14"), Title: "Attack in Jakarta",
			Body:     "Jakarta - Explosions and gunfire hit central Jakarta on Thursday. \"We will not be defeated by terror,\" said President Joko Widodo. Police said the attackers were linked to Islamic State.",
			Entities: []schema.Entity{place("Jakarta", -6.2, 106.85), person("Joko Widodo"), org("Indonesian National Police")},
			Quotes:   []schema.Quote{quote("We will not be defeated by terror", schema.KindDirect, "Joko Widodo"), quote("the attackers were linked to Islamic State", schema.KindIndirect, "")}},
		{ID: "a3", Source: "reuters", Published: day("2015-12-12"), Title: "Climate deal reached in Paris",
			Body:     "Paris - Nearly 200 nations adopted a climate agreement. \"The agreement is ambitious and balanced,\" said Laurent Fabius. Barack Obama said it was the best chance to save the planet.",
			Entities: []schema.Entity{place("Paris", 48.853, 2.349), person("Laurent Fabius"), person("Barack Obama"), org("United Nations")},
			Quotes:   []schema.Quote{quote("The agreement is ambitious and balanced", schema.KindDirect, "Laurent Fabius"), quote("it was the best chance to save the planet", schema.KindIndirect, "Barack Obama")}},
		{ID: "a4", Source: "ap", Published: day("2016-01-15"), Title: "Earnest on the economy",
			Body:     "Josh Earnest said the economy is growing. Asked about climate change, he moved on to jobs.",
			Entities: []schema.Entity{person("Josh Earnest"), org("White House")},
			Quotes:   []schema.Quote{quote("the economy is growing", schema.KindIndirect, "Josh Earnest")}},
		{ID: "a5", Source: "blog", Title: "Undated climate note",
			Body: "A short note about climate & <weather>."},
		{ID: "a6", Source: "reuters", Published: day("2016-01-14"), Title: "Markets fall after attack",
			Body:     "Jakarta - Markets fell after the attack. \"Markets will recover,\" Joko Widodo said. Traders in Singapore were calm.",
			Entities: []schema.Entity{person("Joko Widodo"), place("Jakarta", -6.2, 106.85), place("Singapore", 1.29, 103.85)},
			Quotes:   []schema.Quote{quote("Markets will recover", schema.KindDirect, "Joko Widodo")}},
	}
}

// openStore indexes articles into an in-memory two-shard store.
//
// Note that bleve's memory-only indexes use the upsidedown engine while
// on-disk ones use scorch; tests where the engine could matter (sorting,
// cursors, facets, geo) run on both with forEngine.
func openStore(t testing.TB, arts []*schema.Article) *store.Store {
	return openStoreIn(t, "", arts)
}

// forEngine runs f on an in-memory (upsidedown) and an on-disk (scorch)
// two-shard store holding arts.
func forEngine(t *testing.T, arts []*schema.Article, f func(t *testing.T, st *store.Store)) {
	t.Run("mem", func(t *testing.T) { f(t, openStoreIn(t, "", arts)) })
	t.Run("disk", func(t *testing.T) { f(t, openStoreIn(t, t.TempDir(), arts)) })
	t.Run("disk-merged", func(t *testing.T) { f(t, openMergedStore(t, arts)) })
}

// openMergedStore is an on-disk store of arts written in small batches
// and merged as `newsfind index` ends a load: its merged segments are
// compressed (internal/store/compress.go), so the search reads postings,
// term vectors, doc values, ids and stored documents through the segment
// hook and its cache. Merge leaves an index of one segment as it is, and
// scorch merges in the background: the halves of arts are written by two
// opens of the store, and should scorch still have merged everything into
// one segment per index before Merge ran (1 run in 7 with one open, seen
// again with two),
// the last article is written again, a new segment, and Merge runs again.
func openMergedStore(t testing.TB, arts []*schema.Article) *store.Store {
	t.Helper()
	dir := t.TempDir()
	if err := openStoreBatches(t, dir, arts[:len(arts)/2], 40).Close(); err != nil {
		t.Fatal(err)
	}
	st := openStoreBatches(t, dir, arts[len(arts)/2:], 40)
	for try := 0; ; try++ {
		if err := st.Merge(context.Background()); err != nil {
			t.Fatal(err)
		}
		if compressedSegments(t, st) > 0 || try == 5 {
			return st
		}
		last := arts[len(arts)-1]
		if _, err := st.Apply([]store.Op{{ID: last.ID, Article: last}}); err != nil {
			t.Fatal(err)
		}
	}
}

// compressedSegments counts the segments of st written through the
// compression hook.
func compressedSegments(t testing.TB, st *store.Store) int {
	t.Helper()
	n := 0
	for _, idx := range append(st.ArticleShards(), st.QuoteShards()...) {
		snap, err := shardSnapshot(idx)
		if err != nil {
			t.Fatal(err)
		}
		for _, ss := range snap.Segments() {
			if seg, ok := ss.Segment().(interface{ CallbackId() string }); ok && seg.CallbackId() != "" {
				n++
			}
		}
		snap.Close()
	}
	return n
}

func openStoreIn(t testing.TB, dir string, arts []*schema.Article) *store.Store {
	t.Helper()
	return openStoreBatches(t, dir, arts, 500)
}

// openStoreBatches is openStoreIn writing arts in batches of n.
func openStoreBatches(t testing.TB, dir string, arts []*schema.Article, n int) *store.Store {
	t.Helper()
	st, err := store.Open(dir, store.Options{Shards: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for i := 0; i < len(arts); i += n {
		ops := []store.Op{}
		for _, a := range arts[i:min(i+n, len(arts))] {
			ops = append(ops, store.Op{ID: a.ID, Article: a})
		}
		if _, err := st.Apply(ops); err != nil {
			t.Fatal(err)
		}
	}
	return st
}
