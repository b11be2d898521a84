// Package search turns one Request into one bleve search: keyword query,
// entity filters, disjunctive facet counts, date histogram, highlights and
// search_after cursors. The CLI and the HTTP server both use it, so a query
// means the same thing everywhere.
package search

import "time"

// Request is an article search. Filters OR within a field, AND across fields.
type Request struct {
	Query    string   `json:"q,omitempty"` // bleve query-string syntax plus OR/AND/NOT and (groups); "" matches all
	Speakers []string `json:"speaker,omitempty"`
	Persons  []string `json:"person,omitempty"`
	Places   []string `json:"place,omitempty"`
	Orgs     []string `json:"org,omitempty"`
	Sources  []string `json:"source,omitempty"`
	// Said restricts to articles where one of Speakers (or anyone, when
	// Speakers is empty) said these words inside a quote.
	Said string    `json:"said,omitempty"`
	From time.Time `json:"from,omitzero"` // inclusive
	To   time.Time `json:"to,omitzero"`   // inclusive (a bare date means that whole day)
	Near *GeoNear  `json:"near,omitempty"`
	// Sort is "relevance" (default) or "date" (newest first). Without a
	// text query (q empty or "*") every hit is equally relevant and
	// results come newest first either way.
	Sort      string `json:"sort,omitempty"`
	Size      int    `json:"size,omitempty"`
	Cursor    string `json:"cursor,omitempty"`
	FacetSize int    `json:"facet_size,omitempty"`
	// Facets chooses the counts to return: names of schema.FacetFields
	// and FacetHistogram; empty counts them all, FacetNone alone none
	// (cheaper: for the next pages of a result list).
	Facets []string `json:"facets,omitempty"`
}

// GeoNear filters to articles with a place within RadiusKm of Lat,Lon.
type GeoNear struct {
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
	RadiusKm float64 `json:"radius_km"`
}

// Response is the JSON shape of GET /api/search and `newsfind search --json`.
type Response struct {
	Total      uint64                  `json:"total"`
	TookMs     int64                   `json:"took_ms"`
	Hits       []Hit                   `json:"hits"`
	Facets     map[string][]FacetValue `json:"facets"`
	Histogram  []DateBucket            `json:"histogram"`
	NextCursor string                  `json:"next_cursor,omitempty"`
}

// Hit is one article in a result list.
type Hit struct {
	ID         string              `json:"id"`
	Title      string              `json:"title"`
	URL        string              `json:"url,omitempty"`
	Source     string              `json:"source,omitempty"`
	Published  *time.Time          `json:"published,omitempty"`
	Score      float64             `json:"score"`
	Highlights map[string][]string `json:"highlights,omitempty"`
	// Snippet is HTML: the best body fragment with <mark>ed matches, or the
	// start of the body when the query matched no body words. Text outside
	// the marks is escaped.
	Snippet  string   `json:"snippet,omitempty"`
	Speakers []string `json:"speakers"`
	Persons  []string `json:"persons"`
	Places   []string `json:"places"`
	Orgs     []string `json:"orgs"`
}

// FacetValue is one value of a facet with its document count.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// DateBucket is one bar of the published-date histogram.
type DateBucket struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Count int       `json:"count"`
}

// QuoteRequest searches quotes one at a time (GET /api/quotes).
type QuoteRequest struct {
	Query     string    `json:"q,omitempty"`
	Speakers  []string  `json:"speaker,omitempty"`
	Places    []string  `json:"place,omitempty"`
	Sources   []string  `json:"source,omitempty"`
	ArticleID string    `json:"article_id,omitempty"`
	From      time.Time `json:"from,omitzero"`
	To        time.Time `json:"to,omitzero"`
	Sort      string    `json:"sort,omitempty"` // "relevance" (default) or "date" (newest first)
	Size      int       `json:"size,omitempty"`
	Cursor    string    `json:"cursor,omitempty"`
	FacetSize int       `json:"facet_size,omitempty"`
	// Facets is "speaker" (the default, also when empty) or FacetNone.
	Facets []string `json:"facets,omitempty"`
}

// QuoteResponse is the JSON shape of GET /api/quotes.
type QuoteResponse struct {
	Total      uint64                  `json:"total"`
	TookMs     int64                   `json:"took_ms"`
	Hits       []QuoteHit              `json:"hits"`
	Facets     map[string][]FacetValue `json:"facets"`
	NextCursor string                  `json:"next_cursor,omitempty"`
}

// QuoteHit is one quote with its speaker and the article it comes from.
type QuoteHit struct {
	ID           string     `json:"id"`
	Text         string     `json:"text"`
	Highlighted  string     `json:"highlighted,omitempty"`
	Speaker      string     `json:"speaker"`
	SpeakerText  string     `json:"speaker_text,omitempty"`
	Cue          string     `json:"cue,omitempty"`
	Kind         string     `json:"kind"`
	Start        int        `json:"start"`
	End          int        `json:"end"`
	ArticleID    string     `json:"article_id"`
	ArticleTitle string     `json:"article_title"`
	URL          string     `json:"url,omitempty"`
	Source       string     `json:"source,omitempty"`
	Published    *time.Time `json:"published,omitempty"`
	Score        float64    `json:"score"`
}

// FacetValuesRequest is a facet-value search (GET /api/facets/{field}).
type FacetValuesRequest struct {
	Field  string `json:"field"`
	Prefix string `json:"prefix,omitempty"` // ignores case and diacritics; matches the start of any word of the value
	// Filters narrows the articles whose values are counted.
	Filters Request `json:"filters"`
	Size    int     `json:"size,omitempty"`
}

// Limits bound what one request may ask for. Named here so the server and CLI
// report the same numbers.
const (
	DefaultSize      = 10
	MaxSize          = 1000
	DefaultFacetSize = 10
	MaxFacetSize     = 1000
	MaxQueryLen      = 4096 // bytes of q/said; longer strings are rejected, not truncated
	MaxQueryNesting  = 32   // parenthesis depth of q; deeper queries cost parse and search time for nothing
	MaxFilterValues  = 100  // values per filter field
)
