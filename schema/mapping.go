package schema

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// NewIndexMapping returns the bleve mapping for articles and quotes.
//
// It is lean on purpose (see ../shared/STYLE.md: about 2x faster and half the
// size of the default mapping): long text is indexed once with term vectors
// for highlighting and phrases, nothing goes into _all (search/ expands an
// un-fielded word into title OR body; an _all copy of both cost about 1.5x
// the raw text in index size), and doc values are kept only where we sort
// or facet.
func NewIndexMapping() *mapping.IndexMappingImpl {
	text := func(store, inAll bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = en.AnalyzerName
		f.Store = store
		f.IncludeTermVectors = true
		f.IncludeInAll = inAll
		f.DocValues = false
		return f
	}
	kw := func(store, docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}
	storedOnly := func() *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = false
		return f
	}
	date := func() *mapping.FieldMapping {
		f := mapping.NewDateTimeFieldMapping()
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = true
		return f
	}
	num := func() *mapping.FieldMapping {
		f := mapping.NewNumericFieldMapping()
		f.Store = true
		f.Index = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	geo := func() *mapping.FieldMapping {
		f := mapping.NewGeoPointFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		return f
	}

	article := mapping.NewDocumentStaticMapping()
	article.AddFieldMappingsAt(FieldDocType, kw(false, false))
	article.AddFieldMappingsAt(FieldTitle, text(true, false))
	article.AddFieldMappingsAt(FieldBody, text(true, false))
	article.AddFieldMappingsAt(FieldURL, kw(true, false))
	article.AddFieldMappingsAt(FieldSource, kw(true, true))
	article.AddFieldMappingsAt(FieldPublished, date())
	for _, f := range []string{FieldSpeaker, FieldPerson, FieldPlace, FieldOrg} {
		article.AddFieldMappingsAt(f, kw(true, true))
	}
	article.AddFieldMappingsAt(FieldGeo, geo())
	article.AddFieldMappingsAt(FieldStored, storedOnly())

	quote := mapping.NewDocumentStaticMapping()
	quote.AddFieldMappingsAt(FieldDocType, kw(false, false))
	quote.AddFieldMappingsAt(FieldQuoteText, text(true, false))
	quote.AddFieldMappingsAt(FieldSpeaker, kw(true, true))
	quote.AddFieldMappingsAt(FieldSpeakerText, storedOnly())
	quote.AddFieldMappingsAt(FieldCue, kw(true, false))
	quote.AddFieldMappingsAt(FieldKind, kw(true, true))
	quote.AddFieldMappingsAt(FieldArticleID, kw(true, true))
	quote.AddFieldMappingsAt(FieldArticleTitle, storedOnly())
	quote.AddFieldMappingsAt(FieldURL, kw(true, false))
	quote.AddFieldMappingsAt(FieldSource, kw(true, true))
	quote.AddFieldMappingsAt(FieldPublished, date())
	quote.AddFieldMappingsAt(FieldPlace, kw(true, true))
	quote.AddFieldMappingsAt(FieldQuoteStart, num())
	quote.AddFieldMappingsAt(FieldQuoteEnd, num())

	m := mapping.NewIndexMapping()
	m.TypeField = FieldDocType
	m.DefaultType = DocArticle
	m.DefaultAnalyzer = en.AnalyzerName
	m.AddDocumentMapping(DocArticle, article)
	m.AddDocumentMapping(DocQuote, quote)
	m.DefaultMapping = mapping.NewDocumentDisabledMapping()
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}
