package search

import "github.com/blevesearch/bleve/v2"

// Index is what a search reads: the article index and the quote index
// (internal/store.Store is one). They are separate so article searches never
// walk quote documents.
type Index interface {
	Articles() bleve.Index
	Quotes() bleve.Index
	// ArticleShards are the article indexes behind Articles: facets are
	// counted on each shard's segments (see Columns).
	ArticleShards() []bleve.Index
}

// columns is the process-wide facet column cache; it is keyed by segment,
// so any number of open indexes share it.
var columns = NewColumns()
