package schema

// Index field names. Articles and quotes are in separate indexes (see
// NewArticleMapping); fields that mean the same thing on both (speaker,
// place, published, source) share a name so one filter serves both searches.
const (
	FieldTitle     = "title"
	FieldBody      = "body"
	FieldURL       = "url"
	FieldSource    = "source"
	FieldPublished = "published"
	FieldSpeaker   = "speaker"
	FieldPerson    = "person"
	FieldPlace     = "place"
	FieldOrg       = "org"
	FieldGeo       = "geo"
	// FieldStored holds the article's JSON (everything but title and body)
	// so GET /api/articles/{id} can return it without a second store.
	FieldStored = "stored"

	// Quote documents.
	FieldQuoteText    = "quote_text"
	FieldCue          = "cue"
	FieldKind         = "kind"
	FieldArticleID    = "article_id"
	FieldArticleTitle = "article_title"
	FieldQuoteStart   = "quote_start"
	FieldQuoteEnd     = "quote_end"
	FieldSpeakerText  = "speaker_text"
)

// Document kinds: which index a document lives in.
const (
	DocArticle = "article"
	DocQuote   = "quote"
)

// FacetFields are the keyword fields offered as article facets, in display order.
var FacetFields = []string{FieldSpeaker, FieldPerson, FieldPlace, FieldOrg, FieldSource}

// QuoteDocID is the index id of the n-th quote (0-based) of an article.
// The "#q" separator cannot clash with article ids because ParseQuoteDocID is
// only ever applied to documents whose doc_type is quote.
func QuoteDocID(articleID string, n int) string {
	return articleID + "#q" + itoa(n)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
