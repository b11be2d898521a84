package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/newsfind/newsfind/schema"
)

// Newest first, from the columns.
//
// A search without a text query lists its hits newest first: the landing
// page (every article), a click on a facet value. bleve's collector reads
// the published date of every hit from the doc values to sort them, and
// the hits come from searchers one DocumentMatch at a time: about 75 ms
// for the landing page of 200,000 articles, most of it for a page of 20.
// The facet columns hold every document's date and id already, and the
// filters of such a search are posting bitmaps (docsets.go): newestFirst
// walks the bitmaps once, counting the first pass's facets and keeping
// the page in a bounded heap. Every other date-sorted search (a phrase, a
// wildcard, near=) is sorted here too, from its searcher's hits: published
// has no doc values for bleve to sort by (since 2026-11-27).
//
// The order and the cursors are bleve's (sortOrder): published descending
// as its key string (the same order as the instant; articles without a
// date last), then id ascending; every hit scores 1, as bleve's
// match-all does (without a text query no hit is more relevant).

// bleveSortsNewest makes Search leave newest-first searches to bleve
// (tests compare the two; bleve sorts by published through scorch's
// uninverted copy of it, as the field has no doc values).
var bleveSortsNewest = false

// newestKey is a hit's position in newest-first order.
type newestKey struct {
	dated bool
	nanos int64 // published, unix nanoseconds, when dated
	id    string
}

// before says whether a comes before b, newest first.
func (a newestKey) before(b newestKey) bool {
	if a.dated != b.dated {
		return a.dated
	}
	if a.dated && a.nanos != b.nanos {
		return a.nanos > b.nanos
	}
	return a.id < b.id
}

// sortKey is the key's first sort value as bleve gives it for hit.Sort[0].
func (a newestKey) sortKey() string {
	if !a.dated {
		return bsearch.LowTerm
	}
	return schema.PublishedKey(time.Unix(0, a.nanos))
}

// errNotNewest: newestFirst cannot answer this search: a shard is not a
// scorch index (every index newsfind opens is). The search fails.
var errNotNewest = errors.New("search: not answerable from columns")

// newestAfter decodes a date-sort cursor position. ok is false for one that
// is not a position newestFirst can make (decodeCursor refuses those).
func newestAfter(after []string) (k newestKey, ok bool) {
	if len(after) != 2 {
		return k, false
	}
	k.id = after[1]
	if after[0] == bsearch.LowTerm {
		return k, true
	}
	t, err := time.Parse(time.RFC3339Nano, after[0])
	// Outside the dates an article may carry the instant has no
	// nanosecond value (and no article is there): bleve compares the
	// strings, so leave such a hand-made cursor to it.
	if err != nil || schema.PublishedKey(t) != after[0] || t.Before(schema.MinPublished) || !t.Before(schema.MaxPublished) {
		return k, false
	}
	k.dated, k.nanos = true, t.UnixNano()
	return k, true
}

// newestFirst answers the page (n hits after the cursor position after,
// nil for the first page), the total and the counts of spec for query q
// over shards, sorted newest first, or errNotNewest when a shard is not a
// scorch index. q's hits are posting bitmaps where it compiles to them
// (docsets.go), else its searcher's (searchedDocSets): the columns sort
// every date-sorted search, and published needs no doc values.
func (c *Columns) newestFirst(ctx context.Context, shards []bleve.Index, q query.Query, spec countSpec, after []string, n int) (bsearch.DocumentMatchCollection, *counted, error) {
	var from *newestKey
	if after != nil {
		k, ok := newestAfter(after)
		if !ok {
			return nil, nil, errNotNewest
		}
		from = &k
	}
	pages := make([][]newestKey, len(shards))
	parts := make([]*counted, len(shards))
	errs := make([]error, len(shards))
	eachShard(shards, func(i int, sh bleve.Index) {
		pages[i], parts[i], errs[i] = c.newestShard(ctx, sh, q, spec, from, n)
	})
	if err := errors.Join(errs...); err != nil {
		for _, p := range parts {
			p.release()
		}
		for _, e := range errs {
			if e != nil && !errors.Is(e, errNotNewest) {
				return nil, nil, err
			}
		}
		return nil, nil, errNotNewest
	}
	all := slices.Concat(pages...)
	slices.SortFunc(all, func(a, b newestKey) int {
		if a.before(b) {
			return -1
		}
		if b.before(a) {
			return 1
		}
		return 0
	})
	all = all[:min(n, len(all))]
	hits := make(bsearch.DocumentMatchCollection, len(all))
	for i, k := range all {
		hits[i] = &bsearch.DocumentMatch{ID: k.id, Score: 1, Sort: []string{k.sortKey(), k.id}}
	}
	return hits, mergeCounted(parts), nil
}

// newestShard is newestFirst on one shard: its n first hits after from
// (nil: the start), in no particular order, and its counts.
func (c *Columns) newestShard(ctx context.Context, sh bleve.Index, q query.Query, spec countSpec, from *newestKey, n int) ([]newestKey, *counted, error) {
	snap, err := shardSnapshot(sh)
	if errors.Is(err, errNotScorch) {
		return nil, nil, errNotNewest
	}
	if err != nil {
		return nil, nil, fmt.Errorf("search: newest first: %w", err)
	}
	defer snap.Close()
	sc, err := c.newShardCounter(snap, spec)
	if err != nil {
		return nil, nil, err
	}
	for _, col := range sc.cols {
		if !col.idsKept || col.dates == nil {
			sc.out.release()
			return nil, nil, errNotNewest
		}
	}
	yp := newYieldPoint(ctx)
	sets, err := matchedDocSets(ctx, snap, q, sh.Mapping(), sc.cols, sc.offsets, &yp)
	if err != nil {
		sc.out.release()
		return nil, nil, fmt.Errorf("search: newest first: %w", err)
	}
	if err := sc.addDocSets(sets, &yp); err != nil {
		sc.out.release()
		return nil, nil, err
	}
	top, err := newestTop(sc, sets, from, n, &yp)
	if err != nil {
		sc.out.release()
		return nil, nil, err
	}
	return top, sc.out, nil
}

// errTooManyArticles: quoteArticleIDs found more articles than its limit.
var errTooManyArticles = errors.New("search: quotes of too many articles")

// quoteArticleIDs returns the ids of the articles (sorted) of the quotes q
// matches over the quote shards, or errTooManyArticles past limit. The
// article id is the quote document's id's prefix (schema.ParseQuoteDocID),
// which the columns keep: article_id needs no doc values for a bleve
// facet to count.
func (c *Columns) quoteArticleIDs(ctx context.Context, shards []bleve.Index, q query.Query, limit int) ([]string, error) {
	var (
		mu   sync.Mutex
		seen = map[string]struct{}{}
	)
	errs := make([]error, len(shards))
	eachShard(shards, func(i int, sh bleve.Index) {
		errs[i] = c.quoteArticlesShard(ctx, sh, q, func(id string) bool {
			mu.Lock()
			defer mu.Unlock()
			seen[id] = struct{}{}
			return len(seen) <= limit
		})
	})
	for _, err := range errs { // a real failure before a request's limit
		if err != nil && !errors.Is(err, errTooManyArticles) {
			return nil, err
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, errTooManyArticles
	}
	return slices.Sorted(maps.Keys(seen)), nil
}

// quoteArticlesShard calls add with the article id of each quote q matches
// in sh, until add returns false (errTooManyArticles).
func (c *Columns) quoteArticlesShard(ctx context.Context, sh bleve.Index, q query.Query, add func(string) bool) error {
	snap, err := shardSnapshot(sh)
	if err != nil {
		return err
	}
	defer snap.Close()
	offsets, cols, err := c.snapshotColumns(snap)
	if err != nil {
		return err
	}
	yp := newYieldPoint(ctx)
	sets, err := matchedDocSets(ctx, snap, q, sh.Mapping(), cols, offsets, &yp)
	if err != nil {
		return err
	}
	mine := map[string]bool{} // this shard's articles: most quotes' are known
	var buf [256]uint32
	for i, bm := range sets {
		col := cols[i]
		if !col.idsKept {
			return fmt.Errorf("search: quote columns without ids")
		}
		it := bm.ManyIterator()
		for m := it.NextMany(buf[:]); m > 0; m = it.NextMany(buf[:]) {
			if err := yp.steps(m); err != nil {
				return err
			}
			for _, d := range buf[:m] {
				article, _, ok := schema.ParseQuoteDocID(col.recID(col.header(uint64(d))))
				if !ok || mine[article] {
					continue
				}
				article = strings.Clone(article)
				mine[article] = true
				if !add(article) {
					return errTooManyArticles
				}
			}
		}
	}
	return nil
}

// matchedDocSets returns the documents q matches in each segment of snap
// (whose columns are cols, first document numbers offsets): posting
// bitmaps where q compiles to them (docsets.go), else its searcher's hits
// (searchedDocSets: phrases, wildcards, near= and the like).
func matchedDocSets(ctx context.Context, snap *scorch.IndexSnapshot, q query.Query, m mapping.IndexMapping, cols []*segColumns, offsets []uint64, yp *yieldPoint) ([]*roaring.Bitmap, error) {
	if x, ok := compileDocSet(q, m); ok {
		sets, err := segmentDocSets(snap, x, cols, docSetMemoOf(ctx))
		if !errors.Is(err, errNotBitmap) {
			return sets, err
		}
	}
	return searchedDocSets(ctx, snap, q, m, offsets, yp)
}

// searchedDocSets returns the documents q matches in each segment of snap
// (whose first document numbers are offsets), from q's searcher. It
// scores, as the bleve search it replaces did: unscored, bleve unions a
// wildcard's words without its limit on them (MaxTermExpansion), and
// "*e*" took seconds.
func searchedDocSets(ctx context.Context, snap *scorch.IndexSnapshot, q query.Query, m mapping.IndexMapping, offsets []uint64, yp *yieldPoint) ([]*roaring.Bitmap, error) {
	s, err := q.Searcher(ctx, snap, m, bsearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	sets := make([]*roaring.Bitmap, len(offsets))
	for i := range sets {
		sets[i] = roaring.New()
	}
	sctx := &bsearch.SearchContext{DocumentMatchPool: bsearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0), IndexReader: snap}
	seg := 0
	for {
		if err := yp.step(); err != nil {
			return nil, err
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			return sets, nil
		}
		num := dm.IndexInternalID.Value()
		seg = segmentOf(offsets, seg, num)
		sets[seg].Add(uint32(num - offsets[seg]))
		sctx.DocumentMatchPool.Put(dm)
	}
}

// newestTop keeps the n first documents of sets after from in a heap
// whose root is the last of them, so most documents cost one comparison
// of dates.
func newestTop(sc *shardCounter, sets []*roaring.Bitmap, from *newestKey, n int, yp *yieldPoint) ([]newestKey, error) {
	if n <= 0 {
		return nil, nil
	}
	h := make(newestHeap, 0, n)
	var buf [256]uint32
	for i, bm := range sets {
		col := sc.cols[i]
		it := bm.ManyIterator()
		for m := it.NextMany(buf[:]); m > 0; m = it.NextMany(buf[:]) {
			if err := yp.steps(m); err != nil {
				return nil, err
			}
			for _, d := range buf[:m] {
				hd := col.header(uint64(d)) // one cache miss for id and date
				k := newestKey{id: col.recID(hd)}
				if nanos := recDate(hd); nanos != missingDate {
					k.dated, k.nanos = true, nanos
				}
				if from != nil && !from.before(k) {
					continue
				}
				if len(h) < n {
					h.push(k)
				} else if k.before(h[0]) {
					h[0] = k
					h.down(0)
				}
			}
		}
	}
	return h, nil
}

// newestHeap is a binary heap of keys whose root is the last in order.
type newestHeap []newestKey

func (h *newestHeap) push(k newestKey) {
	*h = append(*h, k)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s[p].before(s[i]) {
			break
		}
		s[p], s[i] = s[i], s[p]
		i = p
	}
}

func (h newestHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		last := l // the later child
		if r := l + 1; r < len(h) && h[l].before(h[r]) {
			last = r
		}
		if !h[i].before(h[last]) {
			return
		}
		h[i], h[last] = h[last], h[i]
		i = last
	}
}
