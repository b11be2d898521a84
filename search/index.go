package search

import "github.com/blevesearch/bleve/v2"

// Index is what a search reads: the article index and the quote index
// (internal/store.Store is one). They are separate so article searches never
// walk quote documents.
type Index interface {
	Articles() bleve.Index
	Quotes() bleve.Index
}
