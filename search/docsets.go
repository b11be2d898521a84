package search

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/newsfind/newsfind/schema"
)

// Counting passes over posting bitmaps.
//
// A counting pass needs only which documents a query matches, not scores
// or positions. bleve answers such a query with searchers that return a
// DocumentMatch per hit, through a term field reader per segment: about
// 70 ns a hit, most of a disjunctive count's CPU when a keyword matches
// tens of thousands of articles. For the queries counting passes are made
// of (words, filters on facet values, and, or, not) the matches of a
// segment are set operations on its posting bitmaps, which zap keeps as
// roaring bitmaps: a docSetExpr is such a query, compiled once, and
// evaluated per segment into one bitmap that the counter walks.
//
// The compiled form keeps bleve's own meaning, quirks included: in
// query-string mode a clause bleve would search with a MatchNoneSearcher
// (a stop word) is skipped rather than matching nothing, and a boolean
// drops such clauses in any mode. Queries it does not cover (phrases,
// wildcards, ranges, fuzzy words) are not compiled, and the pass runs
// bleve's searchers as before. TestDocSetsMatchSearchers compares the
// two on random queries.

// setOp is what a docSetExpr node computes.
type setOp uint8

const (
	setTerm     setOp = iota // the documents with term in field
	setAll                   // every document
	setNone                  // nothing: bleve's MatchNoneSearcher (see above)
	setAnd                   // the documents every kid matches
	setOr                    // the documents some kid matches (no kids: none)
	setBool                  // must but not mustNot (see compileBool)
	setDates                 // published from lo to hi, inclusive (see compileDates)
	setIDs                   // the documents with the external ids ids
	setQuotesOf              // the quote documents of the article article
)

// docSetExpr is a query compiled for evaluation on posting bitmaps.
type docSetExpr struct {
	op            setOp
	field         string
	term          []byte
	kids          []*docSetExpr
	must, mustNot *docSetExpr // setBool: must's documents but mustNot's (nil: none)
	// optional, for setBool, is a should clause beside a must clause: it
	// scores, it does not select, and it is not evaluated here; highlights
	// mark its terms (storedMarker).
	optional *docSetExpr
	lo, hi   int64    // setDates: unix nanoseconds
	ids      []string // setIDs
	article  string   // setQuotesOf
	key      string   // memoKey, once computed
	noKey    bool     // memoKey is "": not kept
}

var (
	exprAll  = &docSetExpr{op: setAll}
	exprNone = &docSetExpr{op: setNone}
)

// compileDocSet compiles q, or says it cannot (ok false): then the pass
// uses bleve's searchers.
func compileDocSet(q query.Query, m mapping.IndexMapping) (x *docSetExpr, ok bool) {
	switch q := q.(type) {
	case *query.MatchAllQuery:
		return exprAll, true
	case *query.MatchNoneQuery:
		return exprNone, true
	case *query.TermQuery:
		return &docSetExpr{op: setTerm, field: fieldOrDefault(q.FieldVal, m), term: []byte(q.Term)}, true
	case *query.DocIDQuery:
		return &docSetExpr{op: setIDs, ids: q.IDs}, true
	case *articleQuotesQuery:
		return &docSetExpr{op: setQuotesOf, article: q.ArticleID}, true
	case *query.MatchQuery:
		return compileMatch(q, m)
	case *query.DisjunctionQuery:
		if q.Min > 1 {
			return nil, false
		}
		mode, ok := queryStringMode(q)
		if !ok {
			return nil, false
		}
		return compileKids(setOr, q.Disjuncts, mode, m)
	case *query.ConjunctionQuery:
		mode, ok := queryStringMode(q)
		if !ok {
			return nil, false
		}
		return compileKids(setAnd, q.Conjuncts, mode, m)
	case *query.BooleanQuery:
		return compileBool(q, m)
	case *query.TermRangeQuery:
		return compileDates(q, m)
	case *filteredQuery:
		text, ok := compileDocSet(q.text, m)
		if !ok {
			return nil, false
		}
		filter, ok := compileDocSet(q.filter, m)
		if !ok {
			return nil, false
		}
		return &docSetExpr{op: setAnd, kids: []*docSetExpr{text, filter}}, true
	}
	return nil, false
}

func fieldOrDefault(field string, m mapping.IndexMapping) string {
	if field == "" {
		return m.DefaultSearchField()
	}
	return field
}

// compileMatch analyzes the text as bleve's MatchQuery does: no tokens
// match nothing; otherwise any (or every) token's term.
func compileMatch(q *query.MatchQuery, m mapping.IndexMapping) (*docSetExpr, bool) {
	if auto, ok := boolField(q, "autoFuzzy"); q.Fuzziness != 0 || !ok || auto {
		return nil, false
	}
	field := fieldOrDefault(q.FieldVal, m)
	name := q.Analyzer
	if name == "" {
		name = m.AnalyzerNameForPath(field)
	}
	analyzer := m.AnalyzerNamed(name)
	if analyzer == nil {
		return nil, false // bleve's searcher reports the error
	}
	tokens := analyzer.Analyze([]byte(q.Match))
	if len(tokens) == 0 {
		return exprNone, true
	}
	terms := make([]*docSetExpr, len(tokens))
	for i, t := range tokens {
		terms[i] = &docSetExpr{op: setTerm, field: field, term: t.Term}
	}
	switch q.Operator {
	case query.MatchQueryOperatorOr:
		return &docSetExpr{op: setOr, kids: terms}, true
	case query.MatchQueryOperatorAnd:
		return &docSetExpr{op: setAnd, kids: terms}, true
	}
	return nil, false
}

// compileKids compiles a conjunction or disjunction. In query-string mode
// clauses that are MatchNone are skipped; with none left (or no clauses
// at all) the whole is MatchNone.
func compileKids(op setOp, qs []query.Query, qsMode bool, m mapping.IndexMapping) (*docSetExpr, bool) {
	x := &docSetExpr{op: op}
	for _, q := range qs {
		k, ok := compileDocSet(q, m)
		if !ok {
			return nil, false
		}
		if qsMode && k.op == setDates {
			return nil, false // see compileDates
		}
		if k.op == setNone && qsMode {
			continue
		}
		x.kids = append(x.kids, k)
	}
	if len(x.kids) == 0 {
		return exprNone, true
	}
	return x, true
}

// compileBool follows BooleanQuery.Searcher: clauses that are MatchNone
// are dropped; with no clause left it is MatchNone; without a must clause
// the should clause is required, with one it only scores, which is what
// a should disjunction of minimum 0 means (others are not compiled: bleve
// gives them a meaning that depends on how their searcher is optimized);
// such a clause is kept as optional, for highlights.
func compileBool(q *query.BooleanQuery, m mapping.IndexMapping) (*docSetExpr, bool) {
	if q.Filter != nil {
		return nil, false
	}
	clause := func(c query.Query) (*docSetExpr, bool) {
		if c == nil {
			return nil, true
		}
		x, ok := compileDocSet(c, m)
		if ok && x.op == setNone {
			return nil, true
		}
		if ok && x.op == setDates {
			return nil, false // see compileDates
		}
		return x, ok
	}
	must, ok1 := clause(q.Must)
	should, ok2 := clause(q.Should)
	mustNot, ok3 := clause(q.MustNot)
	if !ok1 || !ok2 || !ok3 {
		return nil, false
	}
	var optional *docSetExpr
	if must != nil && should != nil {
		d, isDisj := q.Should.(*query.DisjunctionQuery)
		if !isDisj || d.Min != 0 {
			return nil, false
		}
		optional, should = should, nil // it scores, it does not select
	}
	switch {
	case must == nil && should == nil && mustNot == nil:
		return exprNone, true
	case mustNot == nil && should == nil && optional == nil:
		return must, true
	case mustNot == nil && must == nil:
		return should, true
	}
	base := must
	if base == nil {
		base = should
	}
	if base == nil {
		base = exprAll
	}
	return &docSetExpr{op: setBool, must: base, mustNot: mustNot, optional: optional}, true
}

// compileDates compiles a date filter (dateFilter: a term range over the
// published keys) into a range of instants, which a segment answers from
// its date column: bleve's searcher walks every key in the range, one term
// searcher per date, and a month of news is thousands of them. Keys are
// fixed-width and exact to the nanosecond, so key order is instant order
// and an exclusive bound is one nanosecond in. bleve searches a range
// without keys with a MatchNoneSearcher, which query-string clauses and
// boolean clauses skip: ranges are compiled only where that is the same as
// matching nothing (in conjunctions and filters, where dateFilter goes).
func compileDates(q *query.TermRangeQuery, m mapping.IndexMapping) (*docSetExpr, bool) {
	if fieldOrDefault(q.FieldVal, m) != schema.FieldPublished {
		return nil, false
	}
	x := &docSetExpr{op: setDates, lo: math.MinInt64, hi: math.MaxInt64}
	bound := func(key string, inclusive *bool, def bool, step int64, to *int64) bool {
		if key == "" {
			return true
		}
		t, err := time.Parse(time.RFC3339Nano, key)
		if err != nil || schema.PublishedKey(t) != key || t.Before(schema.MinPublished) || !t.Before(schema.MaxPublished) {
			return false
		}
		*to = t.UnixNano()
		if inclusive != nil && !*inclusive || inclusive == nil && !def {
			*to += step
		}
		return true
	}
	if !bound(q.Min, q.InclusiveMin, true, 1, &x.lo) || !bound(q.Max, q.InclusiveMax, false, -1, &x.hi) {
		return nil, false
	}
	return x, true
}

// queryStringMode reads the unexported mode of bleve's conjunction and
// disjunction queries (set by the query-string parser), which changes
// what a MatchNone clause means. ok is false if bleve no longer has it:
// then nothing is compiled, rather than compiled wrong.
func queryStringMode(q query.Query) (mode, ok bool) { return boolField(q, "queryStringMode") }

// boolField reads an unexported bool field of a bleve query; ok is false
// when there is no such field.
func boolField(q query.Query, name string) (val, ok bool) {
	v := reflect.ValueOf(q)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return false, false
	}
	f := v.Elem().FieldByName(name)
	if !f.IsValid() || f.Kind() != reflect.Bool {
		return false, false
	}
	return f.Bool(), true
}

// errNotBitmap: a segment's postings do not expose their bitmaps.
var errNotBitmap = errors.New("postings without bitmaps")

// segDocSet evaluates expressions on one segment.
type segDocSet struct {
	seg   segment.Segment
	dates []int64 // the segment's date column; nil: date ranges cannot be evaluated
	dicts map[string]segment.TermDictionary
	memo  *docSetMemo // nil: none
}

// segmentDocSets returns the live documents x matches in each segment of
// snap, in segment order; cols are the segments' columns (see
// shardCounter), for date ranges.
func segmentDocSets(snap *scorch.IndexSnapshot, x *docSetExpr, cols []*segColumns, memo *docSetMemo) ([]*roaring.Bitmap, error) {
	segs := snap.Segments()
	out := make([]*roaring.Bitmap, len(segs))
	for i, ss := range segs {
		bm, err := docSet(ss, x, cols[i].dates, memo)
		if err != nil {
			return nil, err
		}
		out[i] = bm
	}
	return out, nil
}

// docSet returns the live documents of ss that x matches, keeping what it
// evaluates in memo (nil: none). The bitmap may be a segment's own
// postings, or memo's: read it, never change it.
func docSet(ss *scorch.SegmentSnapshot, x *docSetExpr, dates []int64, memo *docSetMemo) (*roaring.Bitmap, error) {
	e := &segDocSet{seg: ss.Segment(), dates: dates, memo: memo}
	bm, all, err := e.eval(x)
	if err != nil {
		return nil, err
	}
	if all {
		return ss.DocNumbersLive(), nil
	}
	if bm == nil {
		return roaring.New(), nil
	}
	if del := ss.Deleted(); del != nil && !del.IsEmpty() {
		return roaring.AndNot(bm, del), nil
	}
	return bm, nil
}

// eval returns x's documents in the segment, deleted ones included: nil
// for none, all for every one; from e's memo when it has them.
func (e *segDocSet) eval(x *docSetExpr) (bm *roaring.Bitmap, all bool, err error) {
	if e.memo == nil || x.op == setAll || x.op == setNone {
		return e.evalOnce(x)
	}
	if x.op == setDates && e.dates == nil {
		return e.evalOnce(x) // not evaluable here (errNotBitmap), but may be in another pass
	}
	key := x.memoKey()
	if key == "" {
		return e.evalOnce(x)
	}
	k := docSetKey{seg: e.seg, expr: key}
	if v, ok := e.memo.get(k); ok {
		return v.bm, v.all, nil
	}
	bm, all, err = e.evalOnce(x)
	if err == nil {
		e.memo.put(k, docSetVal{bm, all})
	}
	return bm, all, err
}

// evalOnce is eval without the memo for x itself (its parts use it).
func (e *segDocSet) evalOnce(x *docSetExpr) (bm *roaring.Bitmap, all bool, err error) {
	switch x.op {
	case setAll:
		return nil, true, nil
	case setNone:
		return nil, false, nil
	case setTerm:
		return e.postings(x.field, x.term)
	case setDates:
		if e.dates == nil {
			return nil, false, errNotBitmap
		}
		// Runs of documents in the range go in as ranges: a wide
		// range is a few runs, not a list of every document.
		bm, run := roaring.New(), -1
		for d, t := range e.dates {
			in := t != missingDate && t >= x.lo && t <= x.hi
			switch {
			case in && run < 0:
				run = d
			case !in && run >= 0:
				bm.AddRange(uint64(run), uint64(d))
				run = -1
			}
		}
		if run >= 0 {
			bm.AddRange(uint64(run), uint64(len(e.dates)))
		}
		return bm, false, nil
	case setIDs:
		// One walk of the segment's id dictionary for all the ids (a
		// postings list per id was 6 times slower for a said= filter
		// of 10,000 articles).
		bm, err := e.seg.DocNumbers(x.ids)
		if err != nil {
			return nil, false, fmt.Errorf("ids: %w", err)
		}
		return bm, false, nil
	case setQuotesOf:
		return e.quotesOf(x.article)
	case setOr:
		var bms []*roaring.Bitmap
		for _, k := range x.kids {
			bm, all, err := e.eval(k)
			if err != nil || all {
				return nil, all, err
			}
			if bm != nil && !bm.IsEmpty() {
				bms = append(bms, bm)
			}
		}
		switch len(bms) {
		case 0:
			return nil, false, nil
		case 1:
			return bms[0], false, nil
		}
		return roaring.FastOr(bms...), false, nil
	case setAnd:
		var bms []*roaring.Bitmap
		for _, k := range x.kids {
			bm, all, err := e.eval(k)
			if err != nil {
				return nil, false, err
			}
			if all {
				continue
			}
			if bm == nil || bm.IsEmpty() {
				return nil, false, nil
			}
			bms = append(bms, bm)
		}
		switch len(bms) {
		case 0:
			return nil, true, nil
		case 1:
			return bms[0], false, nil
		}
		return roaring.FastAnd(bms...), false, nil
	case setBool:
		base, all, err := e.eval(x.must)
		if err != nil || (base == nil && !all) || x.mustNot == nil {
			return base, all, err
		}
		not, notAll, err := e.eval(x.mustNot)
		if err != nil || notAll {
			return nil, false, err
		}
		if not == nil || not.IsEmpty() {
			return base, all, nil
		}
		if all {
			base = roaring.New()
			base.AddRange(0, e.seg.Count())
		}
		return roaring.AndNot(base, not), false, nil
	}
	return nil, false, fmt.Errorf("unknown set operation %d", x.op)
}

// postings returns the bitmap of field:term in the segment (nil: none).
// dict is the segment's dictionary of field, nil if it has none.
func (e *segDocSet) dict(field string) (segment.TermDictionary, error) {
	d, ok := e.dicts[field]
	if !ok {
		var err error
		if d, err = e.seg.Dictionary(field); err != nil {
			return nil, fmt.Errorf("field %s: %w", field, err)
		}
		if e.dicts == nil {
			e.dicts = map[string]segment.TermDictionary{}
		}
		e.dicts[field] = d
	}
	return d, nil
}

// quotesOf returns the quote documents of an article: the ids in the
// segment's id dictionary from the article's prefix up (they sit side by
// side), those of other articles that share it left out.
func (e *segDocSet) quotesOf(article string) (*roaring.Bitmap, bool, error) {
	d, err := e.dict(schema.FieldDocID)
	if err != nil || d == nil {
		return nil, false, err
	}
	ids, err := schema.QuoteDocIDsIn(d, article)
	if err != nil {
		return nil, false, err
	}
	if len(ids) == 0 {
		return nil, false, nil
	}
	bm, err := e.seg.DocNumbers(ids)
	if err != nil {
		return nil, false, fmt.Errorf("quotes of %s: %w", article, err)
	}
	return bm, false, nil
}

func (e *segDocSet) postings(field string, term []byte) (*roaring.Bitmap, bool, error) {
	d, err := e.dict(field)
	if err != nil {
		return nil, false, err
	}
	if d == nil {
		return nil, false, nil
	}
	pl, err := d.PostingsList(term, nil, nil)
	if err != nil {
		return nil, false, fmt.Errorf("field %s: %w", field, err)
	}
	if pl == nil {
		return nil, false, nil
	}
	it, ok := pl.Iterator(false, false, false, nil).(segment.OptimizablePostingsIterator)
	if !ok {
		return nil, false, errNotBitmap
	}
	if n, one := it.DocNum1Hit(); one {
		return roaring.BitmapOf(uint32(n)), false, nil
	}
	return it.ActualBitmap(), false, nil
}

// docSetSearcher is a bleve searcher over per-segment bitmaps of one
// snapshot: unscored, in internal id order, as filteredQuery's candidates.
type docSetSearcher struct {
	sets    []*roaring.Bitmap
	offsets []uint64 // first document number of each segment
	count   uint64
	seg     int
	it      roaring.IntPeekable // of sets[seg]; nil before its first use
}

// newDocSetSearcher searches sets, one bitmap per segment; offsets are the
// segments' first document numbers (see Columns.snapshotColumns).
func newDocSetSearcher(offsets []uint64, sets []*roaring.Bitmap) *docSetSearcher {
	s := &docSetSearcher{sets: sets, offsets: offsets}
	for _, bm := range sets {
		s.count += bm.GetCardinality()
	}
	return s
}

func (s *docSetSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for s.seg < len(s.sets) {
		if s.it == nil {
			s.it = s.sets[s.seg].Iterator()
		}
		if s.it.HasNext() {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, s.offsets[s.seg]+uint64(s.it.Next()))
			return dm, nil
		}
		s.seg, s.it = s.seg+1, nil
	}
	return nil, nil
}

func (s *docSetSearcher) Advance(ctx *bsearch.SearchContext, id index.IndexInternalID) (*bsearch.DocumentMatch, error) {
	num := id.Value()
	for s.seg+1 < len(s.sets) && num >= s.offsets[s.seg+1] {
		s.seg, s.it = s.seg+1, nil
	}
	if s.seg < len(s.sets) && num > s.offsets[s.seg] {
		if s.it == nil {
			s.it = s.sets[s.seg].Iterator()
		}
		s.it.AdvanceIfNeeded(uint32(min(num-s.offsets[s.seg], math.MaxUint32)))
	}
	return s.Next(ctx)
}

func (s *docSetSearcher) Close() error               { return nil }
func (s *docSetSearcher) Weight() float64            { return 1 }
func (s *docSetSearcher) SetQueryNorm(float64)       {}
func (s *docSetSearcher) Count() uint64              { return s.count }
func (s *docSetSearcher) Min() int                   { return 0 }
func (s *docSetSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *docSetSearcher) Size() int                  { return docSetSearcherSize + 8*len(s.offsets) }

var docSetSearcherSize = int(reflect.TypeFor[docSetSearcher]().Size())
