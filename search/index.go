package search

import (
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
	columns      = NewColumns(schema.FacetFields, true).withIDs()
	quoteColumns = NewColumns([]string{schema.FieldSpeaker}, false)
)
