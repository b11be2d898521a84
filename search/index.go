package search

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/newsfind/newsfind/schema"
)

// Index is what a search reads: the article index and the quote index
// (internal/store.Store is one). They are separate so article searches never
// walk quote documents.
type Index interface {
	Articles() bleve.Index
	Quotes() bleve.Index
	// ArticleShards and QuoteShards are the indexes behind Articles and
	// Quotes: facets are counted on each shard's segments (see Columns).
	ArticleShards() []bleve.Index
	QuoteShards() []bleve.Index
}

// The process-wide facet column caches; they are keyed by segment, so any
// number of open indexes share them.
var (
	columns      = NewColumns(schema.FacetFields, true).withIDs().withGeo()
	quoteColumns = NewColumns([]string{schema.FieldSpeaker}, true).withIDs() // dates: for newest first
)

// Warm decodes the facet columns of every segment of ix now, so the first
// searches after start do not pay for it (about a second per 100k
// articles). Searches running meanwhile share the work, never repeat it.
// See also KeepWarm.
func Warm(ctx context.Context, ix Index) error {
	for _, w := range []struct {
		cols   *Columns
		shards []bleve.Index
		name   string
	}{{columns, ix.ArticleShards(), "articles"}, {quoteColumns, ix.QuoteShards(), "quotes"}} {
		res, err := w.cols.count(ctx, w.shards, bleve.NewMatchNoneQuery(), countSpec{})
		if err != nil {
			return fmt.Errorf("search: warm %s: %w", w.name, err)
		}
		res.release()
	}
	return nil
}

// KeepWarm keeps the columns of ix's live segments from being swept while
// no search runs (columns unread for a minute are dropped, which is how
// those of merged-away segments go), so an idle server's next search does
// not decode them again. It builds nothing: columns of segments written
// since are decoded by the first search that reads them. It returns when
// ctx is done.
func KeepWarm(ctx context.Context, ix Index, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			columns.touch(ix.ArticleShards())
			quoteColumns.touch(ix.QuoteShards())
		}
	}
}

// Generational is an Index that numbers its states (internal/store.Store
// is one). Generation must change after every write that can change a
// search's answer, before that write returns to its caller; it must never
// go back, and no two indexes of the process may share a value. Cache only
// keeps answers of such indexes: it keys them by the generation they were
// computed at, so a write retires them all.
type Generational interface {
	Index
	Generation() uint64
}

// DistinctValues counts the distinct values of each of fields (facet
// fields of articles, schema.FacetFields) over all of ix's articles, from
// the facet columns. bleve's facets would read doc values, which those
// fields do not have (schema's mapping): scorch would build and keep its
// own copy of every segment's values from the postings instead.
func DistinctValues(ctx context.Context, ix Index, fields []string) (map[string]int, error) {
	for _, f := range fields {
		if !slices.Contains(schema.FacetFields, f) {
			return nil, fmt.Errorf("distinct values: %s is not a facet field", f)
		}
	}
	c, err := columns.count(ctx, ix.ArticleShards(), bleve.NewMatchAllQuery(), countSpec{fields: fields})
	if err != nil {
		return nil, fmt.Errorf("distinct values: %w", err)
	}
	defer c.release()
	out := make(map[string]int, len(fields))
	for _, f := range fields {
		if t := c.counts[f]; t != nil {
			out[f] = len(t.touched)
		}
	}
	return out, nil
}
