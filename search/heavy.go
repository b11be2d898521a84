package search

import (
	"context"
	"errors"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Heavy searches.
//
// A server with more requests than cores serves them in some order; when
// a click on a filter (a millisecond or two of CPU) waits behind broad
// keyword searches (tens of milliseconds under load), the click feels as
// slow as they are. Heavy and its siblings tell the server, before the
// search runs and in microseconds, which searches will be heavy, so it can
// serve the light ones first (see the server's limiter).
//
// The cost of a search at this scale is the hits bleve scores one by one
// (each through its searchers, with its facets counted): about 0.4 µs a
// hit at 200k articles. Everything else a search does here is set
// operations on posting bitmaps and walks over facet columns, ten times
// cheaper a hit. So a search is heavy when it scores more than HeavyHits
// hits, or when its query does not compile to posting bitmaps (phrases,
// wildcards, fuzzy words, geo filters), which bleve's searchers run for
// every hit, or when its said= quote search matches more than HeavyHits
// quotes or does not compile. The count comes from the same bitmaps the search then uses
// (docsets.go): the text query and the filters, less deleted documents.

// HeavyHits is the number of hits scored one by one above which a search
// is heavy: about 2 ms of CPU at 200k articles.
const HeavyHits = 4096

// Heavy reports whether a search for req is expected to be heavy (see
// above). A request Search would refuse is light: it fails at once.
func Heavy(ctx context.Context, ix Index, req Request) bool {
	r, err := req.normalize()
	if err != nil {
		return false
	}
	if heavySaid(ctx, ix, r) {
		return true
	}
	p, err := articleFilters(r)
	if err != nil {
		return false
	}
	return heavyPlan(ctx, p, p.sortMode(r.Sort), ix.ArticleShards(), columns)
}

// heavySaid reports whether the quote search of r's said= (which runs
// before the article search) is heavy: it collects the articles of every
// quote it matches.
func heavySaid(ctx context.Context, ix Index, r Request) bool {
	if strings.TrimSpace(r.Said) == "" {
		return false
	}
	q, err := saidQuery(r.Said, r.Speakers)
	if err != nil {
		return false
	}
	n, ok := countHits(ctx, q, ix.QuoteShards(), heavyHits, nil)
	return !ok || n > heavyHits
}

// HeavyQuotes is Heavy for a quote search.
func HeavyQuotes(ctx context.Context, ix Index, req QuoteRequest) bool {
	r, err := req.normalize()
	if err != nil {
		return false
	}
	p, err := quotePlan(r)
	if err != nil {
		return false
	}
	return heavyPlan(ctx, p, p.sortMode(r.Sort), ix.QuoteShards(), quoteColumns)
}

// HeavyFacetValues is Heavy for a facet-value search, which scores
// nothing: it is heavy only when its filters do not compile.
func HeavyFacetValues(ctx context.Context, ix Index, req FacetValuesRequest) bool {
	r, err := req.Filters.normalize()
	if err != nil {
		return false
	}
	if heavySaid(ctx, ix, r) {
		return true
	}
	p, err := articleFilters(r)
	if err != nil {
		return false
	}
	shards := ix.ArticleShards()
	if len(shards) == 0 {
		return false
	}
	_, ok := compileDocSet(p.query(req.Field, filterDate), shards[0].Mapping())
	return !ok
}

// heavyHits is HeavyHits; tests lower it.
var heavyHits uint64 = HeavyHits

// heavyPlan reports whether the page search of p, sorted by sort over
// shards (an index's; they share its mapping, and cols are its columns),
// scores more than heavyHits hits or runs on bleve's searchers.
func heavyPlan(ctx context.Context, p *plan, sort string, shards []bleve.Index, cols *Columns) bool {
	n, ok := scoredHits(ctx, p, sort, shards, cols, heavyHits)
	return !ok || n > heavyHits
}

// scoredHits counts the hits the page search of p, sorted by sort over
// shards, scores one by one, stopping once past limit; ok is false when
// its query does not compile to posting bitmaps (bleve's searchers then
// run it for every hit). A date range is checked on the date columns
// (cols) of the hits without it, when those are past limit and the
// columns are built (a build takes seconds, and is the search's to do,
// under its slot); else the count is that without it, an upper bound. A
// failure to read an index counts nothing.
func scoredHits(ctx context.Context, p *plan, sort string, shards []bleve.Index, cols *Columns, limit uint64) (n uint64, ok bool) {
	if p.text == nil || sort == SortDate {
		// Newest first from the columns when the query compiles; only the
		// page is scored.
		if len(shards) == 0 {
			return 0, true
		}
		_, ok := compileDocSet(p.query(filterDate), shards[0].Mapping())
		return 0, ok
	}
	q := p.query(filterDate)
	n, ok = countHits(ctx, q, shards, limit, nil)
	if !ok || n <= limit || !p.has(filterDate) || cols == nil {
		return n, ok
	}
	if x, ok := compileDocSet(p.filters[filterDate], shards[0].Mapping()); ok && x.op == setDates {
		if m, ok := countHits(ctx, q, shards, limit, &dateCount{lo: x.lo, hi: x.hi, cols: cols}); ok {
			return m, true
		}
	}
	return n, true
}

// dateCount restricts countHits to documents published from lo to hi
// (unix nanoseconds, inclusive), as the built date columns of cols say.
// Checking the hits' dates costs what the hits are (a keyword's 20,000:
// about 0.1 ms); evaluating the range as a bitmap, a pass over every
// document's date, took 3 ms at 200k articles.
type dateCount struct {
	lo, hi int64
	cols   *Columns
}

// maxCountedLookups bounds the posting lists (terms and ids) of a query
// countHits counts: each costs a dictionary lookup and a bitmap operation
// per segment (a word is a lookup in each of textFields), and a query of
// pasted text (4 KB, some 600 words) took 6.5 ms to count. Such a query is
// heavy uncounted: the search does the same work again.
const maxCountedLookups = 256

// lookups is the number of posting lists evaluating x reads per segment.
func (x *docSetExpr) lookups() int {
	switch x.op {
	case setTerm:
		return 1
	case setIDs:
		return len(x.ids)
	case setQuotesOf:
		return 1
	case setBool:
		n := 0
		for _, k := range []*docSetExpr{x.must, x.mustNot} {
			if k != nil {
				n += k.lookups()
			}
		}
		return n
	}
	n := 0
	for _, k := range x.kids {
		n += k.lookups()
	}
	return n
}

// countHits counts the live documents of shards that q matches (dated in
// dr's range, unless dr is nil), stopping once past limit; ok is false when
// q does not compile to posting bitmaps, or dr's columns are not built
// (see Columns.builtDates). A failure to read an index counts nothing.
func countHits(ctx context.Context, q query.Query, shards []bleve.Index, limit uint64, dr *dateCount) (n uint64, ok bool) {
	if len(shards) == 0 {
		return 0, true
	}
	x, ok := compileDocSet(q, shards[0].Mapping())
	if !ok {
		return 0, false
	}
	if x.lookups() > maxCountedLookups {
		return 0, false
	}
	for _, sh := range shards {
		snap, err := shardSnapshot(sh)
		if err != nil {
			return 0, true // not scorch: nothing to count with
		}
		var dates [][]int64
		if dr != nil {
			if dates, ok = dr.cols.builtDates(snap); !ok {
				snap.Close()
				return 0, false
			}
		}
		for i, ss := range snap.Segments() {
			bm, err := docSet(ss, x, nil, docSetMemoOf(ctx))
			if err != nil {
				snap.Close()
				return 0, !errors.Is(err, errNotBitmap)
			}
			if dr == nil {
				n += bm.GetCardinality()
			} else {
				n += dr.count(bm, dates[i], limit-n) // n <= limit: checked below
			}
			if n > limit {
				snap.Close()
				return n, true
			}
		}
		snap.Close()
	}
	return n, true
}

// count counts the documents of bm dated in dr's range by dates (their
// segment's column), stopping once past limit.
func (dr *dateCount) count(bm *roaring.Bitmap, dates []int64, limit uint64) (n uint64) {
	var buf [256]uint32
	it := bm.ManyIterator()
	for k := it.NextMany(buf[:]); k > 0; k = it.NextMany(buf[:]) {
		for _, d := range buf[:k] {
			if t := dates[d]; t != missingDate && t >= dr.lo && t <= dr.hi {
				n++
			}
		}
		if n > limit {
			return n
		}
	}
	return n
}
