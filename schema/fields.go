package schema

import (
	"fmt"
	"strings"
	"time"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

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
	// FieldGeoCells holds the grid cells of the article's geocoded places
	// (GeoCellTerms), a keyword field; FieldGeo held the same terms as a
	// bleve geopoint field in indexes written before 2026-11-27.
	FieldGeoCells = "geo_cells"
	FieldGeo      = "geo"
	// FieldStored holds the article's JSON (everything but title and body)
	// so GET /api/articles/{id} can return it without a second store.
	FieldStored = "stored"

	// Quote documents.
	FieldQuoteText = "quote_text"
	FieldCue       = "cue"
	FieldKind      = "kind"
	// FieldArticleID is no indexed field: quote documents are found by
	// their ids (QuoteDocIDsIn), and quote queries take article_id:X as
	// that.
	FieldArticleID = "article_id"

	// FieldDocID is bleve's field of document ids, in every index: its
	// dictionary holds each id as a term whose one posting is its
	// document (QuoteDocIDsIn walks it).
	FieldDocID = "_id"
)

// Document kinds: which index a document lives in.
const (
	DocArticle = "article"
	DocQuote   = "quote"
)

// FacetFields are the keyword fields offered as article facets, in display order.
var FacetFields = []string{FieldSpeaker, FieldPerson, FieldPlace, FieldOrg, FieldSource}

// QuoteDocID is the index id of the n-th quote (0-based) of an article.
// The "#q" separator cannot clash with article ids: ids of the quote index
// are only ever parsed by ParseQuoteDocID, which splits at the last "#q",
// and walked by QuoteDocIDsIn, which keeps what ParseQuoteDocID says is
// the article's.
func QuoteDocID(articleID string, n int) string {
	return articleID + "#q" + itoa(n)
}

// QuoteDocIDPrefix is what the ids of an article's quote documents start
// with. Ids that start with it but are not the article's (the quotes of an
// article whose id is this one's followed by "#q" and more) are told apart
// by ParseQuoteDocID. Quote documents have no article id field: an
// article's quotes are found by their ids (QuoteDocIDsIn), which the id
// dictionary holds side by side.
func QuoteDocIDPrefix(articleID string) string { return articleID + "#q" }

// QuoteDocIDsIn returns the ids in d, a segment's id dictionary, of the
// quote documents of an article: a walk of the keys that start with
// QuoteDocIDPrefix (they sit side by side), the quotes of articles whose
// id is this one's, "#q" and more left out. A write indexes an article's
// quotes 0..n-1 in one batch and deletes them together, so a segment with
// quotes of the article has its first: one lookup, not a walk, for the
// segments (most, in a bulk load) without any. A segment's dictionary may
// still hold the ids of documents deleted since it was written.
func QuoteDocIDsIn(d segment.TermDictionary, articleID string) ([]string, error) {
	if has, err := d.Contains([]byte(QuoteDocID(articleID, 0))); err != nil || !has {
		if err != nil {
			return nil, fmt.Errorf("quotes of %s: %w", articleID, err)
		}
		return nil, nil
	}
	prefix := QuoteDocIDPrefix(articleID)
	// The prefix ends in 'q': the first key past every key it starts is
	// the prefix with 'r' for that 'q'.
	end := []byte(prefix)
	end[len(end)-1]++
	it := d.AutomatonIterator(anyKey{}, []byte(prefix), end)
	var ids []string
	for {
		e, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("quotes of %s: %w", articleID, err)
		}
		if e == nil {
			return ids, nil
		}
		if a, _, ok := ParseQuoteDocID(e.Term); ok && a == articleID {
			ids = append(ids, e.Term)
		}
	}
}

// anyKey is the automaton that accepts every key: a dictionary iterator
// over a key range.
type anyKey struct{}

func (anyKey) Start() int               { return 0 }
func (anyKey) IsMatch(int) bool         { return true }
func (anyKey) CanMatch(int) bool        { return true }
func (anyKey) WillAlwaysMatch(int) bool { return true }
func (anyKey) Accept(int, byte) int     { return 0 }

// ParseQuoteDocID is the inverse of QuoteDocID: the article id and the
// quote's index in Article.Quotes. ok is false for an id QuoteDocID cannot
// have made.
func ParseQuoteDocID(id string) (articleID string, n int, ok bool) {
	i := strings.LastIndex(id, "#q")
	if i < 0 {
		return "", 0, false
	}
	num := id[i+2:]
	if num == "" || len(num) > 9 || (num[0] == '0' && len(num) > 1) {
		return "", 0, false
	}
	for _, c := range []byte(num) {
		if c < '0' || c > '9' {
			return "", 0, false
		}
		n = n*10 + int(c-'0')
	}
	return id[:i], n, true
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

// PublishedKey is the indexed form of a publication date: RFC 3339 in UTC
// with a fixed width (nanoseconds always written), so the order of the
// strings is the order of the dates and a date range is a term range.
// It is a keyword, not a bleve datetime field, because bleve indexes a
// datetime as 16 prefix-coded terms and keeps them in doc values too: the
// biggest single cost of a quote document (docs/mapping.md).
// Years 1–9999 keep the width; callers validate dates before indexing
// (MinPublished, MaxPublished).
func PublishedKey(t time.Time) string {
	return t.UTC().Format(publishedLayout)
}

const publishedLayout = "2006-01-02T15:04:05.000000000Z"

// MinPublished and MaxPublished bound the dates an article may carry and a
// search may name (MaxPublished excluded): the range of a nanosecond
// int64, which is what date tools and bleve's datetime fields can hold.
// One range for both, so that every stored date can be searched for.
var (
	MinPublished = time.Date(1678, 1, 1, 0, 0, 0, 0, time.UTC)
	MaxPublished = time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
)
