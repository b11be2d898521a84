package search

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/newsfind/newsfind/schema"
)

const (
	// MaxSaidArticles bounds the articles a said= phrase may select: they
	// become one document-id filter, so a phrase matching quotes in more
	// articles is rejected as too broad instead of building a huge filter.
	MaxSaidArticles = 10000
	// filterDate and the others name the non-facet filters of a plan.
	filterDate = "date"
	filterNear = "near"
	filterSaid = "said"
	filterID   = "article_id"
)

// saidLimit is MaxSaidArticles; tests lower it.
var saidLimit = MaxSaidArticles

// articleFields are the stored fields a hit is built from. The body is not
// among them: the highlighter reads it and returns its best fragment,
// which is all a result list shows.
// Its facet values (speakers, persons, places, organizations) are read
// from the stored extraction (schema.StoredFacets): indexes made before
// 2026-11-27 store them as fields of their own too, newer ones do not.
var articleFields = []string{
	schema.FieldTitle, schema.FieldURL, schema.FieldSource, schema.FieldPublished, schema.FieldStored,
}

// checkPage checks and defaults what article and quote searches share: page
// and facet sizes, sort mode and date range.
func checkPage(size, facetSize *int, sort *string, from, to time.Time) error {
	var err error
	if *size, err = checkSize("size", *size, DefaultSize, MaxSize); err != nil {
		return err
	}
	if *facetSize, err = checkSize("facet_size", *facetSize, DefaultFacetSize, MaxFacetSize); err != nil {
		return err
	}
	if *sort, err = checkSort(*sort); err != nil {
		return err
	}
	return checkDates(from, to)
}

// normalize checks r against the limits and fills defaults.
func (r Request) normalize() (Request, error) {
	if len(r.Query) > MaxQueryLen {
		return r, reqErr("q", "longer than %d bytes (%d)", MaxQueryLen, len(r.Query))
	}
	if len(r.Said) > MaxQueryLen {
		return r, reqErr("said", "longer than %d bytes (%d)", MaxQueryLen, len(r.Said))
	}
	for _, f := range []struct {
		name string
		vals []string
	}{{"speaker", r.Speakers}, {"person", r.Persons}, {"place", r.Places}, {"org", r.Orgs}, {"source", r.Sources}} {
		if err := checkValues(f.name, f.vals); err != nil {
			return r, err
		}
	}
	if err := checkPage(&r.Size, &r.FacetSize, &r.Sort, r.From, r.To); err != nil {
		return r, err
	}
	var err error
	if r.Facets, err = normalizeFacets(r.Facets, articleCounts); err != nil {
		return r, err
	}
	if r.Near != nil {
		if err := r.Near.check(); err != nil {
			return r, err
		}
	}
	return r, nil
}

func checkValues(name string, vals []string) error {
	if len(vals) > MaxFilterValues {
		return reqErr(name, "at most %d values, got %d", MaxFilterValues, len(vals))
	}
	for _, v := range vals {
		if strings.TrimSpace(v) == "" {
			return reqErr(name, "empty value")
		}
		if len(v) > MaxQueryLen {
			return reqErr(name, "value longer than %d bytes", MaxQueryLen)
		}
	}
	return nil
}

func checkSize(name string, n, def, max int) (int, error) {
	switch {
	case n == 0:
		return def, nil
	case n < 0 || n > max:
		return 0, reqErr(name, "must be between 1 and %d, got %d", max, n)
	}
	return n, nil
}

func checkSort(s string) (string, error) {
	switch s {
	case "", SortRelevance:
		return SortRelevance, nil
	case SortDate:
		return SortDate, nil
	}
	return "", reqErr("sort", "must be %q or %q, got %q", SortRelevance, SortDate, s)
}

func checkDates(from, to time.Time) error {
	for _, d := range []struct {
		name string
		t    time.Time
	}{{"from", from}, {"to", to}} {
		if !d.t.IsZero() && (d.t.Before(minDate) || !d.t.Before(maxDate)) {
			return reqErr(d.name, "must be between %d and %d, got %s", minDate.Year(), maxDate.Year()-1, d.t.Format(time.RFC3339))
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return reqErr("to", "%s is before from %s", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	return nil
}

// maxRadiusKm is half the Earth's circumference: every point is nearer.
const maxRadiusKm = 20038

func (n *GeoNear) check() error {
	switch {
	case !(n.Lat >= -90 && n.Lat <= 90):
		return reqErr("near", "latitude must be between -90 and 90, got %g", n.Lat)
	case !(n.Lon >= -180 && n.Lon <= 180):
		return reqErr("near", "longitude must be between -180 and 180, got %g", n.Lon)
	case !(n.RadiusKm > 0 && n.RadiusKm <= maxRadiusKm):
		return reqErr("near", "radius must be over 0 and at most %d km, got %g", maxRadiusKm, n.RadiusKm)
	}
	return nil
}

// plan is a search split into its scoring text query and its named,
// non-scoring filters, so facet counts can leave one filter out.
type plan struct {
	text    query.Query // nil matches everything
	docType string
	filters map[string]query.Query
	order   []string // filter names in a stable order
}

func newPlan(docType string, text query.Query) *plan {
	if _, all := text.(*query.MatchAllQuery); all {
		text = nil
	}
	return &plan{text: text, docType: docType, filters: map[string]query.Query{}}
}

func (p *plan) add(name string, q query.Query) {
	if q == nil {
		return
	}
	if _, ok := p.filters[name]; !ok {
		p.order = append(p.order, name)
	}
	p.filters[name] = q
}

// sortMode is the sort actually used: without a text query every hit is
// equally relevant, so "relevance" lists the newest first.
func (p *plan) sortMode(requested string) string {
	if p.text == nil {
		return SortDate
	}
	return requested
}

func (p *plan) has(name string) bool { _, ok := p.filters[name]; return ok }

// query builds the bleve query with every filter but the excluded ones.
// With a text query, filters select and do not score (filteredQuery);
// without one they are a plain conjunction. Both leapfrog posting lists
// instead of visiting every document.
func (p *plan) query(except ...string) query.Query {
	var fs []query.Query
	for _, name := range p.order {
		if !slices.Contains(except, name) {
			fs = append(fs, p.filters[name])
		}
	}
	switch {
	case p.text == nil && len(fs) == 0:
		return bleve.NewMatchAllQuery()
	case p.text == nil:
		return and(fs...)
	case len(fs) == 0:
		return p.text
	}
	fq := newFilteredQuery(p.text, and(fs...))
	fq.cols = columns
	if p.docType == schema.DocQuote {
		fq.cols = quoteColumns
	}
	return fq
}

// articlePlan turns a normalized request into a plan. said= runs its
// quote search here, so it can fail with a *RequestError.
func articlePlan(ctx context.Context, ix Index, r Request) (*plan, error) {
	p, err := articleFilters(r)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(r.Said) != "" {
		ids, err := saidArticles(ctx, ix.QuoteShards(), r.Said, r.Speakers)
		if err != nil {
			return nil, err
		}
		if len(ids) == 0 {
			p.add(filterSaid, bleve.NewMatchNoneQuery())
		} else {
			p.add(filterSaid, bleve.NewDocIDQuery(ids))
		}
	}
	return p, nil
}

// articleFilters is articlePlan without said=, which needs a search.
func articleFilters(r Request) (*plan, error) {
	text, err := parseQueryString("q", r.Query, "", false)
	if err != nil {
		return nil, err
	}
	p := newPlan(schema.DocArticle, text)
	for _, f := range []struct {
		field string
		vals  []string
	}{{schema.FieldSpeaker, r.Speakers}, {schema.FieldPerson, r.Persons}, {schema.FieldPlace, r.Places}, {schema.FieldOrg, r.Orgs}, {schema.FieldSource, r.Sources}} {
		if len(f.vals) > 0 {
			p.add(f.field, termsFilter(f.field, f.vals))
		}
	}
	if !r.From.IsZero() || !r.To.IsZero() {
		p.add(filterDate, dateFilter(r.From, r.To))
	}
	if r.Near != nil {
		p.add(filterNear, geoFilter(r.Near))
	}
	return p, nil
}

// saidQuery is the quote query of said= (see saidArticles).
func saidQuery(said string, speakers []string) (query.Query, error) {
	words, err := parseQueryString("said", said, schema.FieldQuoteText, true)
	if err != nil {
		return nil, err
	}
	qs := []query.Query{words}
	if len(speakers) > 0 {
		qs = append(qs, termsFilter(schema.FieldSpeaker, speakers))
	}
	return and(qs...), nil
}

// saidArticles returns the ids of the articles with a quote by one of
// speakers (anyone when empty) whose text matches said. Bare words of said
// are all required; quotes make a phrase, -word excludes.
func saidArticles(ctx context.Context, quotes []bleve.Index, said string, speakers []string) ([]string, error) {
	q, err := saidQuery(said, speakers)
	if err != nil {
		return nil, err
	}
	ids, err := quoteColumns.quoteArticleIDs(ctx, quotes, q, saidLimit)
	if errors.Is(err, errTooManyArticles) {
		return nil, reqErr("said", "matches quotes in more than %d articles; use a more specific phrase", saidLimit)
	}
	if err != nil {
		return nil, tooManyTerms("said", fmt.Errorf("search: said quotes: %w", err))
	}
	return ids, nil
}

// Search runs an article search: hits (one page), disjunctive facets and
// the date histogram. Problems with req are *RequestError.
func Search(ctx context.Context, ix Index, req Request) (_ *Response, err error) {
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
	p, err := articlePlan(ctx, ix, r)
	if err != nil {
		return nil, err
	}
	idx := ix.Articles()
	r.Sort = p.sortMode(r.Sort)

	// Facets and the histogram are counted over columns (see Columns), in
	// passes: the full query counts every facet without a filter of its own
	// and the dates; each filtered facet, and the histogram under a date
	// filter, needs the query without its own filter (disjunctive counts).
	// The first pass is the page of hits itself (see countingQuery).
	type pass struct {
		q    query.Query
		spec countSpec
		res  *counted
	}
	histogram := wantsCount(r.Facets, FacetHistogram)
	passes := []*pass{{q: p.query(), spec: countSpec{dates: histogram && !p.has(filterDate)}}}
	for _, f := range schema.FacetFields {
		switch {
		case !wantsCount(r.Facets, f):
		case p.has(f):
			passes = append(passes, &pass{q: p.query(f), spec: countSpec{fields: []string{f}}})
		default:
			passes[0].spec.fields = append(passes[0].spec.fields, f)
		}
	}
	if histogram && p.has(filterDate) {
		passes = append(passes, &pass{q: p.query(filterDate), spec: countSpec{dates: true}})
	}

	counting := newCountingQuery(passes[0].q, columns, passes[0].spec)
	main := bleve.NewSearchRequest(counting)
	if err := page(main, schema.DocArticle, r.Sort, r.Cursor, r.Size); err != nil {
		return nil, err
	}
	counting.keepBest(main)

	// The page of hits (bleve: scoring, sort, and the first pass's
	// counts) and the other counting passes run concurrently.
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		errs    []error
		mainRes *bleve.SearchResult
		// pageScores: the hits' scores are those of the text query as
		// loadPage finds them (newest first from the columns scores
		// nothing; the page's own few hits are scored there).
		pageScores bool
		ctx2, cc   = context.WithCancel(ctx)
	)
	defer cc()
	fail := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
		cc()
	}
	shards := ix.ArticleShards()
	wg.Add(1)
	go func() {
		defer wg.Done()
		res, counts, scores, err := searchPage(ctx2, columns, idx, shards, p, r.Sort, main, counting)
		if err != nil {
			fail(fmt.Errorf("search: articles: %w", err))
			return
		}
		mainRes, passes[0].res, pageScores = res, counts, scores
	}()
	for _, ps := range passes[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := columns.count(ctx2, shards, ps.q, ps.spec)
			if err != nil {
				fail(err)
				return
			}
			ps.res = res
		}()
	}
	wg.Wait()
	if len(errs) == 0 && ctx.Err() != nil {
		errs = append(errs, ctx.Err())
	}
	if len(errs) > 0 {
		for _, ps := range passes {
			ps.res.release()
		}
		return nil, firstCause(ctx, errs)
	}
	facets := map[string][]FacetValue{}
	var hist []DateBucket
	for _, ps := range passes {
		for _, f := range ps.spec.fields {
			facets[f] = columns.top(f, ps.res.counts[f], r.FacetSize, nil)
		}
		if ps.spec.dates {
			hist = dateHistogram(ps.res.dates)
		}
		ps.res.release()
	}

	hits, next := nextCursor(mainRes.Hits, schema.DocArticle, r.Sort, r.Size)
	loaded, err := loadArticles(ctx, ix, p.text, matchIDs(hits), pageScores)
	if err != nil {
		return nil, fmt.Errorf("search: articles: %w", err)
	}
	resp := &Response{
		Total:      mainRes.Total,
		Hits:       make([]Hit, 0, len(hits)),
		Facets:     facets,
		Histogram:  hist,
		NextCursor: next,
	}
	for _, h := range hits {
		if l := loaded[h.ID]; l != nil {
			if !pageScores {
				l.Score = h.Score
			}
			hit, err := articleHit(l)
			if err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			resp.Hits = append(resp.Hits, hit)
		}
	}
	resp.TookMs = time.Since(start).Milliseconds()
	return resp, nil
}

// searchPage runs the search for a page of hits of idx (whose shards are
// shards, and columns cols): newest first from the columns (see
// newest.go), by relevance with bleve's search. counting, if not nil, is
// main's query and counts on the way; counts is what it counted.
// pageScores says the hits carry no score: with a text query, the page's
// hits are scored when loaded (loadPage).
func searchPage(ctx context.Context, cols *Columns, idx bleve.Index, shards []bleve.Index, p *plan, mode string, main *bleve.SearchRequest, counting *countingQuery) (res *bleve.SearchResult, counts *counted, pageScores bool, err error) {
	if mode == SortDate && !bleveSortsNewest {
		var spec countSpec
		if counting != nil {
			spec = counting.spec
		}
		hits, c, err := cols.newestFirst(ctx, shards, p.query(), spec, main.SearchAfter, main.Size)
		if err == nil {
			res := &bleve.SearchResult{Hits: hits, Total: c.total}
			if counting == nil {
				c.release()
				c = nil
			}
			return res, c, p.text != nil, nil
		}
		// Not bleve's sort instead: published has no doc values, and scorch
		// would build and keep a copy of every segment's dates to sort.
		return nil, nil, false, err
	}
	if counting == nil {
		// countingQuery reads decoded postings itself.
		main.Query = decodedPostingsQuery{main.Query}
		res, err = SearchAll(ctx, idx, main)
		return res, nil, false, err
	}
	res, err = SearchAll(ctx, idx, main)
	if err != nil {
		counting.release()
		return nil, nil, false, err
	}
	return res, counting.counted(), false, nil
}

// highlightFields are the fields of an article hit's highlights.
var highlightFields = []string{schema.FieldTitle, schema.FieldBody}

// loadArticles loads a page of article hits, ids, with their highlights
// for text (nil for none). scores says the page's scores are needed too
// (newest first: the hits were found without scoring). A query of words
// is highlighted from the stored text (storedMarker), and its scores, if
// needed, come from text searched on the page's ids without term vectors;
// other queries advance text's postings, with their term vectors, to the
// page's ids. Unscored, a hit is loaded by id alone: a document rewritten
// since the search is shown as it is now, unmarked where it no longer
// matches (the term-vector load leaves it out).
func loadArticles(ctx context.Context, ix Index, text query.Query, ids []string, scores bool) (map[string]*bsearch.DocumentMatch, error) {
	idx := ix.Articles()
	if sm, ok := storedMarkerFor(text, ix.ArticleShards()); ok {
		var scoring query.Query
		var opts []func(*bleve.SearchRequest)
		if scores {
			scoring = decodedPostingsQuery{text}
			opts = append(opts, func(req *bleve.SearchRequest) { req.Score = "" })
		}
		loaded, err := loadPage(ctx, idx, scoring, ids, storedMarkFields, nil, opts...)
		if err != nil {
			return nil, err
		}
		all := true
		for _, dm := range loaded {
			all = all && sm.highlight(dm, highlightFields)
			delete(dm.Fields, schema.FieldBody)
		}
		if all {
			return loaded, nil
		}
	}
	hl := bleve.NewHighlightWithStyle(highlightStyle)
	for _, f := range highlightFields {
		hl.AddField(f)
	}
	return loadPage(ctx, idx, text, ids, articleFields, hl)
}

// storedMarkerFor is newStoredMarker with the mapping of shards (an
// alias has none of its own).
func storedMarkerFor(text query.Query, shards []bleve.Index) (*storedMarker, bool) {
	if len(shards) == 0 {
		return nil, false
	}
	return newStoredMarker(text, shards[0].Mapping(), highlightFields)
}

// storedMarkFields are articleFields and the body, for storedMarker.
var storedMarkFields = append(slices.Clip(articleFields), schema.FieldBody)

// loadPage reads the stored fields and the highlights (hl, nil for none)
// of the documents ids, one page of hits, once the shards' hits are
// merged. Asking for them in the search itself makes every shard load and
// highlight a whole page, of which the merge keeps one page in all: N
// shards, N times the work. text (nil for none) is the scoring query, whose
// term locations the highlighter needs. A document deleted since the
// search is absent from the result.
func loadPage(ctx context.Context, idx bleve.Index, text query.Query, ids []string, fields []string, hl *bleve.HighlightRequest, opts ...func(*bleve.SearchRequest)) (map[string]*bsearch.DocumentMatch, error) {
	out := make(map[string]*bsearch.DocumentMatch, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// The text query filtered by the ids (filteredQuery): it advances the
	// text query's postings to the few ids instead of walking all of its
	// matches, and scores as the text query alone.
	var q query.Query = bleve.NewDocIDQuery(ids)
	if text != nil {
		q = newFilteredQuery(text, q)
	}
	req := bleve.NewSearchRequestOptions(q, len(ids), 0, false)
	req.Fields = fields
	req.Highlight = hl
	if hl == nil {
		req.Score = "none"
	}
	for _, o := range opts {
		o(req)
	}
	res, err := SearchAll(ctx, idx, req)
	if err != nil {
		return nil, fmt.Errorf("load page: %w", err)
	}
	for _, h := range res.Hits {
		out[h.ID] = h
	}
	return out, nil
}

func matchIDs(hits bsearch.DocumentMatchCollection) []string {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	return ids
}

// SearchAll runs req on idx and fails unless every shard answered: bleve's
// alias search returns what the other shards found, with a nil error, when
// one fails or the context ends first, and a partial page or count must
// not pass (or be cached) as the answer.
func SearchAll(ctx context.Context, idx bleve.Index, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if st := res.Status; st != nil && st.Failed > 0 {
		names := slices.Sorted(maps.Keys(st.Errors))
		if len(names) > 0 {
			return nil, fmt.Errorf("%d of %d shards failed: %s: %w", st.Failed, st.Total, names[0], st.Errors[names[0]])
		}
		return nil, fmt.Errorf("%d of %d shards failed", st.Failed, st.Total)
	}
	return res, nil
}

// firstCause prefers the caller's context error, then a real failure over
// the cancellations it caused in sibling searches.
func firstCause(ctx context.Context, errs []error) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	for _, err := range errs {
		if !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errs[0]
}

func articleHit(h *bsearch.DocumentMatch) (Hit, error) {
	facets, err := schema.StoredFacets(fieldString(h.Fields, schema.FieldStored))
	if err != nil {
		return Hit{}, fmt.Errorf("article %s: %w", h.ID, err)
	}
	hit := Hit{
		ID:         h.ID,
		Title:      fieldString(h.Fields, schema.FieldTitle),
		URL:        fieldString(h.Fields, schema.FieldURL),
		Source:     orStored(fieldString(h.Fields, schema.FieldSource), facets.Source),
		Published:  orStoredTime(fieldTime(h.Fields, schema.FieldPublished), facets.Published),
		Score:      h.Score,
		Highlights: map[string][]string{},
		Speakers:   orEmpty(facets.Speakers),
		Persons:    orEmpty(facets.Persons),
		Places:     orEmpty(facets.Places),
		Orgs:       orEmpty(facets.Orgs),
	}
	for f, frags := range h.Fragments {
		for i, fr := range frags {
			frags[i] = wholeWords(fr)
		}
		h.Fragments[f] = frags
	}
	hit.Highlights = marked(h.Fragments, schema.FieldTitle, schema.FieldBody)
	if frags := h.Fragments[schema.FieldBody]; len(frags) > 0 {
		hit.Snippet = frags[0]
	}
	return hit, nil
}

// orStored is a hit's stored field value, else (an index written since
// 2026-11-27 keeps it in the stored extraction) the stored field's.
func orStored(field, stored string) string {
	if field != "" {
		return field
	}
	return stored
}

// orStoredTime is orStored for dates (nil: none).
func orStoredTime(field *time.Time, stored time.Time) *time.Time {
	if field != nil || stored.IsZero() {
		return field
	}
	return &stored
}

// fragmentEllipsis is what bleve's fragmenter puts where it cut the text.
const fragmentEllipsis = "…"

// wholeWords trims the partial words bleve's fragmenter leaves where it cut a
// fragment ("…h Earnest said" becomes "…Earnest said"), unless the partial
// word is highlighted or the cut would leave nothing.
func wholeWords(fr string) string {
	if rest, ok := strings.CutPrefix(fr, fragmentEllipsis); ok {
		if i := strings.IndexByte(rest, ' '); i > 0 && !strings.ContainsAny(rest[:i], "<&") && i+1 < len(rest) {
			fr = fragmentEllipsis + rest[i+1:]
		}
	}
	if rest, ok := strings.CutSuffix(fr, fragmentEllipsis); ok {
		if i := strings.LastIndexByte(rest, ' '); i > 0 && !strings.ContainsAny(rest[i:], ">;") {
			fr = rest[:i] + fragmentEllipsis
		}
	}
	return fr
}

// marked keeps the fragments of fields that have a <mark>: bleve's
// highlighter also returns the opening of a field where nothing matched
// (used as the snippet), which is not a highlight.
func marked(frags map[string][]string, fields ...string) map[string][]string {
	var out map[string][]string
	for _, f := range fields {
		for _, fr := range frags[f] {
			if strings.Contains(fr, markOpen) {
				if out == nil {
					out = map[string][]string{}
				}
				out[f] = append(out[f], fr)
			}
		}
	}
	return out
}

const markOpen = "<mark>"

func sortFacet(vs []FacetValue) {
	slices.SortFunc(vs, func(a, b FacetValue) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Value, b.Value)
	})
}

func fieldString(fields map[string]any, name string) string {
	switch v := fields[name].(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			s, _ := v[0].(string)
			return s
		}
	}
	return ""
}

// orEmpty is vals, or an empty list for none (a hit's lists are [] in
// JSON, not null).
func orEmpty(vals []string) []string {
	if vals == nil {
		return []string{}
	}
	return vals
}

func fieldTime(fields map[string]any, name string) *time.Time {
	s := fieldString(fields, name)
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return nil
	}
	t = t.UTC()
	return &t
}
