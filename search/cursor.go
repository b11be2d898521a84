package search

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/newsfind/newsfind/schema"
)

// Sort modes.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// MaxCursorLen bounds the cursor parameter (bytes): a real cursor is a sort
// key and a document id, far below this.
const MaxCursorLen = 2048

// cursor is the decoded form of an opaque next_cursor: the search_after key
// of the last hit returned, plus what it was sorted by. Kind keeps article
// cursors out of quote searches and vice versa.
type cursor struct {
	Kind  string   `json:"k"`
	Sort  string   `json:"s"`
	After []string `json:"a"`
}

// sortOrder is the bleve sort for a mode. Both end on the document id so
// the order is total and search_after never skips or repeats a tie.
//
// The date sort uses SortFieldAuto on purpose: with it bleve passes the
// search_after value through as the raw (prefix-coded) sort term, so a
// document without a published date (sort term "\x00", last in a
// descending sort) can be a cursor position too; SortFieldAsDate would
// require an RFC 3339 string there and reject it.
func sortOrder(mode string) bsearch.SortOrder {
	if mode == SortDate {
		return bsearch.SortOrder{
			&bsearch.SortField{Field: schema.FieldPublished, Desc: true, Type: bsearch.SortFieldAuto, Missing: bsearch.SortFieldMissingLast},
			&bsearch.SortDocID{},
		}
	}
	return bsearch.SortOrder{&bsearch.SortScore{Desc: true}, &bsearch.SortDocID{}}
}

// afterKey is the search_after value that continues after hit.
func afterKey(mode string, hit *bsearch.DocumentMatch) []string {
	if mode == SortDate {
		return []string{hit.Sort[0], hit.ID}
	}
	return []string{strconv.FormatFloat(hit.Score, 'g', -1, 64), hit.ID}
}

func encodeCursor(c cursor) string {
	b, _ := json.Marshal(c) // strings only: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor checks that s is a cursor of this kind and sort mode and
// returns its search_after key. Errors are *RequestError on "cursor".
func decodeCursor(s, kind, mode string) ([]string, error) {
	if len(s) > MaxCursorLen {
		return nil, reqErr("cursor", "longer than %d bytes", MaxCursorLen)
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, reqErr("cursor", "not a cursor from a previous response (bad encoding)")
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, reqErr("cursor", "not a cursor from a previous response (bad content)")
	}
	if c.Kind != kind {
		return nil, reqErr("cursor", "comes from %s, not from %s", kindName(c.Kind), kindName(kind))
	}
	if c.Sort != mode {
		return nil, reqErr("cursor", "was made for sort=%s, cannot continue sort=%s", clip(c.Sort), mode)
	}
	if len(c.After) != 2 {
		return nil, reqErr("cursor", "not a cursor from a previous response (want 2 sort keys, got %d)", len(c.After))
	}
	if mode == SortRelevance {
		f, err := strconv.ParseFloat(c.After[0], 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, reqErr("cursor", "not a cursor from a previous response (bad score)")
		}
	}
	// Date pages come from the facet columns (newestFirst), which take the
	// positions a response makes: a date as schema.PublishedKey writes it,
	// or none. bleve, which sorted them before, compared any string.
	if _, ok := newestAfter(c.After); mode == SortDate && !ok {
		return nil, reqErr("cursor", "not a cursor from a previous response (bad date)")
	}
	return c.After, nil
}

func kindName(k string) string {
	switch k {
	case schema.DocArticle:
		return "an article search"
	case schema.DocQuote:
		return "a quote search"
	}
	return "another kind of search"
}

// page sets sort, size (one extra hit to learn whether more follow) and the
// cursor position on req.
func page(req *bleve.SearchRequest, kind, mode, cur string, size int) error {
	req.SortByCustom(sortOrder(mode))
	req.Size = size + 1
	if cur != "" {
		after, err := decodeCursor(cur, kind, mode)
		if err != nil {
			return err
		}
		req.SetSearchAfter(after)
	}
	return nil
}

// nextCursor trims the extra hit page asked for and returns the cursor
// after the last kept hit ("" when nothing more follows).
//
// The kept hits' ids are copied: an id from the facet columns points into
// a whole segment's id blob (see segColumns.recID), which a response held
// in the cache would keep alive after a merge has dropped the segment.
func nextCursor(hits bsearch.DocumentMatchCollection, kind, mode string, size int) (bsearch.DocumentMatchCollection, string) {
	for _, h := range hits[:min(size, len(hits))] {
		h.ID = strings.Clone(h.ID)
	}
	if len(hits) <= size {
		return hits, ""
	}
	hits = hits[:size]
	if size == 0 {
		return hits, ""
	}
	return hits, encodeCursor(cursor{Kind: kind, Sort: mode, After: afterKey(mode, hits[size-1])})
}
