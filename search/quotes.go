package search

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/newsfind/newsfind/schema"
)

// quoteArticleFields are what a quote hit shows of its article, read from
// the articles of the page (loadPage): quote documents do not store them
// (see schema.NewQuoteMapping). The body and the stored extraction give
// the quote's text, which quote documents index but do not store either.
var quoteArticleFields = []string{
	schema.FieldTitle, schema.FieldURL, schema.FieldSource, schema.FieldPublished,
	schema.FieldBody, schema.FieldStored,
}

func (r QuoteRequest) normalize() (QuoteRequest, error) {
	if len(r.Query) > MaxQueryLen {
		return r, reqErr("q", "longer than %d bytes (%d)", MaxQueryLen, len(r.Query))
	}
	for _, f := range []struct {
		name string
		vals []string
	}{{"speaker", r.Speakers}, {"place", r.Places}, {"source", r.Sources}} {
		if err := checkValues(f.name, f.vals); err != nil {
			return r, err
		}
	}
	if len(r.ArticleID) > MaxQueryLen {
		return r, reqErr("article_id", "longer than %d bytes", MaxQueryLen)
	}
	if !utf8.ValidString(r.ArticleID) {
		return r, reqErr("article_id", "not valid UTF-8")
	}
	var err error
	if r.Facets, err = normalizeFacets(r.Facets, quoteCounts); err != nil {
		return r, err
	}
	return r, checkPage(&r.Size, &r.FacetSize, &r.Sort, r.From, r.To)
}

// quotePlan turns a normalized quote request into a plan.
func quotePlan(r QuoteRequest) (*plan, error) {
	text, err := parseQueryString("q", r.Query, schema.FieldQuoteText, false)
	if err != nil {
		return nil, err
	}
	p := newPlan(schema.DocQuote, text)
	if len(r.Speakers) > 0 {
		p.add(schema.FieldSpeaker, termsFilter(schema.FieldSpeaker, r.Speakers))
	}
	if len(r.Places) > 0 {
		p.add(schema.FieldPlace, termsFilter(schema.FieldPlace, r.Places))
	}
	if len(r.Sources) > 0 {
		p.add(schema.FieldSource, termsFilter(schema.FieldSource, r.Sources))
	}
	if r.ArticleID != "" {
		p.add(filterID, articleQuotes(r.ArticleID))
	}
	if !r.From.IsZero() || !r.To.IsZero() {
		p.add(filterDate, dateFilter(r.From, r.To))
	}
	return p, nil
}

// SearchQuotes searches quote documents: one hit per quote, the query on
// the quote text, a disjunctive speaker facet. Problems with req are
// *RequestError.
func SearchQuotes(ctx context.Context, ix Index, req QuoteRequest) (_ *QuoteResponse, err error) {
	ctx = WithDocSetMemo(ctx) // one evaluation of each bitmap for all passes
	defer func() { err = tooManyTerms("q", err) }()
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	r, err := req.normalize()
	if err != nil {
		return nil, err
	}
	p, err := quotePlan(r)
	if err != nil {
		return nil, err
	}

	r.Sort = p.sortMode(r.Sort)
	// The speaker facet is counted over columns without the speaker filter
	// (disjunctive): with no such filter that is the query of the page of
	// hits, counted while bleve collects it; with one it is a second pass,
	// run concurrently.
	speakerSpec := countSpec{fields: []string{schema.FieldSpeaker}}
	speakers := wantsCount(r.Facets, schema.FieldSpeaker)
	var counting *countingQuery
	q := p.query()
	if speakers && !p.has(schema.FieldSpeaker) {
		counting = newCountingQuery(q, quoteColumns, speakerSpec)
		q = counting
	}
	main := bleve.NewSearchRequest(q)
	if err := page(main, schema.DocQuote, r.Sort, r.Cursor, r.Size); err != nil {
		return nil, err
	}
	if counting != nil {
		counting.keepBest(main)
	}
	var (
		res    *bleve.SearchResult
		ferr   error
		counts *counted
		wg     sync.WaitGroup
	)
	if speakers && counting == nil {
		wg.Add(1)
		go func() {
			defer wg.Done()
			counts, ferr = quoteColumns.count(ctx, ix.QuoteShards(), p.query(schema.FieldSpeaker), speakerSpec)
		}()
	}
	res, mainCounts, pageScores, err := searchPage(ctx, quoteColumns, ix.Quotes(), ix.QuoteShards(), p, r.Sort, main, counting)
	wg.Wait()
	if counting != nil {
		counts = mainCounts // else the goroutine's, or none
	}
	defer counts.release()
	if err != nil {
		return nil, fmt.Errorf("search: quotes: %w", err)
	}
	if ferr != nil {
		return nil, fmt.Errorf("search: quotes: speaker facet: %w", ferr)
	}
	facets := map[string][]FacetValue{}
	if speakers {
		facets[schema.FieldSpeaker] = quoteColumns.top(schema.FieldSpeaker, counts.counts[schema.FieldSpeaker], r.FacetSize, nil)
	}

	hits, next := nextCursor(res.Hits, schema.DocQuote, r.Sort, r.Size)
	var ids []string
	for _, h := range hits {
		if id, _, ok := schema.ParseQuoteDocID(h.ID); ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	arts, err := loadPage(ctx, ix.Articles(), nil, ids, quoteArticleFields, nil)
	if err != nil {
		return nil, fmt.Errorf("search: articles of quotes: %w", err)
	}
	loaded, err := loadPage(ctx, ix.Quotes(), p.text, matchIDs(hits), nil, nil, func(req *bleve.SearchRequest) {
		req.IncludeLocations = true // for highlightQuote
		if pageScores {
			req.Score = "" // the page's scores are the text query's, found here
		}
	})
	if err != nil {
		return nil, fmt.Errorf("search: quotes: %w", err)
	}
	// What a page shows of each article, decoded once per article: its
	// quotes, and its source and date when the stored field has them.
	type articleInfo struct {
		quotes []schema.Quote
		meta   schema.HitFacets
	}
	infos := map[string]articleInfo{}
	infoOf := func(articleID string, af map[string]any) (articleInfo, error) {
		info, ok := infos[articleID]
		if ok {
			return info, nil
		}
		stored := fieldString(af, schema.FieldStored)
		var err error
		if info.quotes, err = schema.StoredQuotes(fieldString(af, schema.FieldBody), stored); err != nil {
			return info, err
		}
		if info.meta, err = schema.StoredSourcePublished(stored); err != nil {
			return info, err
		}
		infos[articleID] = info
		return info, nil
	}
	out := &QuoteResponse{Total: res.Total, Hits: make([]QuoteHit, 0, len(hits)), Facets: facets, NextCursor: next}
	for _, h := range hits {
		l := loaded[h.ID]
		if l == nil {
			continue // deleted since the search
		}
		articleID, n, _ := schema.ParseQuoteDocID(h.ID)
		var af map[string]any // the article, absent if deleted since
		var q schema.Quote
		var meta schema.HitFacets // source and date, if in the stored field
		if a := arts[articleID]; a != nil {
			af = a.Fields
			info, err := infoOf(articleID, af)
			if err != nil {
				return nil, fmt.Errorf("search: quote %s: %w", h.ID, err)
			}
			if n < len(info.quotes) { // else the article changed since the search
				q = info.quotes[n]
			}
			meta = info.meta
		}
		qh := QuoteHit{
			ID:           h.ID,
			Text:         q.Text,
			Speaker:      q.Speaker,
			Cue:          q.Cue,
			Kind:         q.Kind,
			Start:        q.Start,
			End:          q.End,
			ArticleID:    articleID,
			ArticleTitle: fieldString(af, schema.FieldTitle),
			URL:          fieldString(af, schema.FieldURL),
			Source:       orStored(fieldString(af, schema.FieldSource), meta.Source),
			Published:    orStoredTime(fieldTime(af, schema.FieldPublished), meta.Published),
			Score:        h.Score,
		}
		if pageScores {
			qh.Score = l.Score
		}
		if m := q.SpeakerMention; m != nil {
			qh.SpeakerText = m.Text
		}
		qh.Highlighted = highlightQuote(q.Text, l.Locations[schema.FieldQuoteText])
		out.Hits = append(out.Hits, qh)
	}
	out.TookMs = time.Since(start).Milliseconds()
	return out, nil
}

// highlightQuote is the whole quote as escaped HTML with the words the
// query matched in <mark>, as bleve's html highlighter marks them, or ""
// when none matched. bleve's highlighter needs the field stored; quote
// text is not (the article has it), so the marks come from the term
// locations the search returns, byte offsets into the text that was
// indexed, which is the quote's text in its article (found again from the
// positions, where the index kept no offsets: offsetsHighlighter).
func highlightQuote(text string, terms bsearch.TermLocationMap) string {
	if needsOffsets(terms) {
		restoreOffsets(terms, []byte(text), nil)
	}
	var locs []*bsearch.Location
	for _, ls := range terms {
		locs = append(locs, ls...)
	}
	if len(locs) == 0 {
		return ""
	}
	slices.SortFunc(locs, func(a, b *bsearch.Location) int {
		if a.Start != b.Start {
			return cmp.Compare(a.Start, b.Start)
		}
		return cmp.Compare(a.End, b.End)
	})
	var b strings.Builder
	curr := 0
	for _, l := range locs {
		start, end := int(l.Start), int(l.End)
		if start < curr || end > len(text) || start >= end ||
			!utf8.RuneStart(text[start]) || (end < len(text) && !utf8.RuneStart(text[end])) {
			continue // overlapping, or not this text's offsets (the article changed)
		}
		b.WriteString(html.EscapeString(text[curr:start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[start:end]))
		b.WriteString("</mark>")
		curr = end
	}
	if curr == 0 {
		return ""
	}
	b.WriteString(html.EscapeString(text[curr:]))
	return b.String()
}
