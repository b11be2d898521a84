package schema

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Articles and quotes live in separate bleve indexes (one pair per shard):
// an article search never walks quote documents, whose facet columns
// (speaker, place, source, published) would otherwise be read with the
// articles' — quote documents outnumber articles about 3 to 1 in news.
//
// Both mappings are lean on purpose (see ../shared/STYLE.md: about 2x faster
// and half the size of the default mapping): long text is indexed once with
// term vectors for highlighting and phrases, nothing goes into _all (search/
// expands an un-fielded word into title OR body; an _all copy of both cost
// about 1.5x the raw text in index size), and no field has doc values:
// search/'s facet columns read the facet fields' values, the published
// dates and the quotes' article ids from postings and document ids, and
// sort by date; doc values cost 7.5 % of the index (20k articles: 53.2 ->
// 51.2 MB without those of the facets, 49.6 -> 48.6 without those of
// published, 48.6 -> 47.9 without those of article_id).

// NewArticleMapping returns the bleve mapping of the article index.
func NewArticleMapping() *mapping.IndexMappingImpl {
	article := mapping.NewDocumentStaticMapping()
	article.AddFieldMappingsAt(FieldTitle, textField(true))
	article.AddFieldMappingsAt(FieldBody, textField(true))
	article.AddFieldMappingsAt(FieldURL, keywordField(true, false))
	// Source and published are indexed only: their values are in the
	// stored field (storedArticle), where they cost less than stored
	// fields of their own (20k articles: 41.5 -> 41.3 MB).
	article.AddFieldMappingsAt(FieldSource, keywordField(false, false))
	article.AddFieldMappingsAt(FieldPublished, keywordField(false, false))
	// The facet fields are indexed only: a hit shows its article's facet
	// values from the stored extraction (StoredFacets), where the same
	// names are anyway. Storing them again cost 1.8 % of the index (20k
	// articles: 1.0 MB of 57.8).
	for _, f := range []string{FieldSpeaker, FieldPerson, FieldPlace, FieldOrg} {
		article.AddFieldMappingsAt(f, keywordField(false, false))
	}
	article.AddFieldMappingsAt(FieldGeoCells, keywordField(false, false))
	article.AddFieldMappingsAt(FieldStored, storedOnlyField())
	return indexMapping(article)
}

// NewQuoteMapping returns the bleve mapping of the quote index: one document
// per quote, carrying what quote search filters and shows. Quote documents
// outnumber articles, so each field keeps only what quote search uses: the
// only quote facet is speaker, the only sort is by date (both from the
// columns), place is a filter that is never shown.
func NewQuoteMapping() *mapping.IndexMappingImpl {
	// What a quote hit shows of its article (title, url, source, date) is
	// read from the article at query time, for the page of hits only: quote
	// documents outnumber articles about 4 to 1, so storing those fields
	// here again cost about 0.3x the text in index size. The article id is
	// the document id's prefix (ParseQuoteDocID), so it is not stored either.
	quote := mapping.NewDocumentStaticMapping()
	// The text is indexed (with term vectors for phrases and highlights)
	// but not stored: it is in the article's body and stored extraction,
	// and quote search reads it from there for the page of hits. Storing
	// it again cost about a tenth of the index (22k real articles: 121 ->
	// 109 MB).
	//
	// Nothing else is stored either: speaker, its mention, cue, kind and
	// the offsets are in the article's stored extraction too, which quote
	// search decodes for the text anyway. Storing them on every quote cost
	// about 5 % of the index.
	quote.AddFieldMappingsAt(FieldQuoteText, textField(false))
	quote.AddFieldMappingsAt(FieldSpeaker, keywordField(false, false))
	quote.AddFieldMappingsAt(FieldCue, keywordField(false, false))
	quote.AddFieldMappingsAt(FieldKind, keywordField(false, false))
	// No article id field: the quotes of an article are found by their
	// document ids (QuoteDocIDsIn), which start with it; indexing it
	// again cost 1.4 % of the index (20k articles: 42.5 -> 41.9 MB).
	quote.AddFieldMappingsAt(FieldSource, keywordField(false, false))
	quote.AddFieldMappingsAt(FieldPublished, keywordField(false, false))
	quote.AddFieldMappingsAt(FieldPlace, keywordField(false, false))
	return indexMapping(quote)
}

func indexMapping(doc *mapping.DocumentMapping) *mapping.IndexMappingImpl {
	// No field goes into _all, but bleve builds the (empty) _all composite
	// field unless it is disabled, and walked every field of every
	// document into it: about 5 % of bulk-load CPU for nothing.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	m := mapping.NewIndexMapping()
	addTextAnalyzer(m)
	m.DefaultAnalyzer = TextAnalyzer
	m.DefaultMapping = doc
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

func textField(store bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = TextAnalyzer
	f.Store = store
	f.IncludeTermVectors = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func keywordField(store, docValues bool) *mapping.FieldMapping {
	f := mapping.NewKeywordFieldMapping()
	f.Analyzer = keyword.Name
	f.Store = store
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = docValues
	return f
}

func storedOnlyField() *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Index = false
	f.Store = true
	f.IncludeInAll = false
	f.IncludeTermVectors = false
	f.DocValues = false
	return f
}
