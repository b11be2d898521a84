package eval

import (
	"github.com/newsfind/newsfind/internal/quotes"
	"github.com/newsfind/newsfind/schema"
)

// quotesOnly runs the quote extractor without entities.
type quotesOnly struct{ q *quotes.Extractor }

func (e quotesOnly) Extract(text string) schema.Extraction {
	return schema.Extraction{Entities: []schema.Entity{}, Quotes: e.q.Extract(text, nil, nil, nil)}
}
